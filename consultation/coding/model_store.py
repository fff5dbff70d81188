"""Trained theme models as the coding feature stores them: signed with an HMAC-SHA-256 keyed with SECRET_KEY.

``ThemeCoder.to_bytes`` is a pickle, and unpickling runs code, so a stored model is loaded only when its
signature shows the portal itself wrote it. A model whose signature is missing or does not match (changed in
the database, or written under another secret key) is refused: coding falls back to the codebook and the coding
page says to retrain.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal

from flask import current_app

from nlp.themes import ThemeCoder

_SIGNED = b"SEND-SIGNED-HMAC-SHA256\n"
_DIGEST = hashlib.sha256().digest_size
_PURPOSE = b"coding.theme-model\n"  # keeps these signatures apart from any other use of the key

State = Literal["none", "model", "outdated", "unsigned"]


def _signature(payload: bytes) -> bytes:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, _PURPOSE + payload, hashlib.sha256).digest()


def sign(payload: bytes) -> bytes:
    """``payload`` with its signature in front, as stored in ``CodingSetup.model``."""
    return _SIGNED + _signature(payload) + payload


def seal(coder: ThemeCoder) -> bytes:
    """The coder's bytes, signed."""
    return sign(coder.to_bytes())


def verified_payload(blob: bytes | None) -> bytes | None:
    """The coder's bytes when ``blob`` carries a signature that matches them, otherwise None."""
    if not blob or not blob.startswith(_SIGNED):
        return None
    start = len(_SIGNED)
    signature, payload = blob[start : start + _DIGEST], blob[start + _DIGEST :]
    return payload if hmac.compare_digest(signature, _signature(payload)) else None


def state(blob: bytes | None) -> State:
    """'none' (no model), 'unsigned' (refused), 'outdated' (an older coder's) or 'model' (can be loaded)."""
    if not blob:
        return "none"
    payload = verified_payload(blob)
    if payload is None:
        return "unsigned"
    return "model" if ThemeCoder.readable(payload) else "outdated"


def load(blob: bytes | None) -> ThemeCoder:
    """The stored coder; ValueError when there is none, its signature does not match or it is outdated."""
    payload = verified_payload(blob)
    if payload is None:
        raise ValueError("the stored model is not signed by this portal")
    return ThemeCoder.from_bytes(payload)


def machine_note(blob: bytes | None, examples: int | None) -> str:
    """What the coding page says codes the answers, and why a stored model is not used."""
    codebook = "The codebook’s keywords and examples"
    reviewed = f"{examples or 0:,} reviewed answers"
    found = state(blob)
    if found == "model":
        return f"Trained on {reviewed}"
    if found == "outdated":
        return (
            f"{codebook}. Retrain to use your {reviewed} again: "
            "the model trained on them came from an earlier version of the portal."
        )
    if found == "unsigned":
        return (
            f"{codebook}. Retrain to use your {reviewed} again: the stored model was refused because its "
            "signature does not match (it was changed outside the portal, or saved with another secret key)."
        )
    return codebook
