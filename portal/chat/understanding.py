"""What a message means: safeguarding first, then the facts in it, then what it asks for.

The facts (``nlp.entities.extract``, with their spans) and the words themselves travel with the
reading, so the dialogue can update its conversation frame (``nlp.frame``) from them.

An emergency-level risk overrides everything; a concern is carried beside the ordinary reading,
so the reply can answer what was asked and show the route for the worry.

The intent classifier takes about ten seconds to train, so the trained model is kept in the
instance folder (numpy arrays and JSON, never pickle), named by a hash of the labelled data:
a worker loads it in a fraction of a second, and a council that edits ``intents.csv`` gets a
fresh model automatically.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from nlp import intents
from nlp.entities import extract
from nlp.frame import is_distressed
from nlp.intents import IntentClassifier, load_labelled
from nlp.safeguarding import Assessment, assess
from nlp.textnorm import warm_up as warm_up_text
from nlp.vocab import data_path

log = logging.getLogger(__name__)

ENTITY_FIELDS = ("age", "need", "needs", "area", "areas", "service_type", "service_types", "when", "postcode")
_lock = threading.Lock()
_classifier: IntentClassifier | None = None
_cache_dir: Path | None = None


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    entities: dict = field(default_factory=dict)
    safeguarding: bool = False  # an emergency: help now, nothing else
    category: str | None = None
    risk: Assessment | None = None  # any level of risk found, emergency or concern
    text: str = ""  # the message itself, for the conversation frame
    facts: dict = field(default_factory=dict)  # everything ``extract`` found, spans included
    distressed: bool = False  # "I can't cope": support before anything else


def configure(cache_dir: Path | None) -> None:
    global _cache_dir
    _cache_dir = cache_dir


def _cache_path() -> Path | None:
    if _cache_dir is None:
        return None
    digest = hashlib.sha256(data_path("intents.csv").read_bytes()).hexdigest()[:16]
    return _cache_dir / f"chat-intents-v{intents._FORMAT_VERSION}-{digest}.npz"


def _load_or_train() -> IntentClassifier:
    path = _cache_path()
    if path is not None and path.exists():
        try:
            return IntentClassifier.from_bytes(path.read_bytes())
        except (OSError, ValueError, KeyError) as error:
            log.warning("retraining the chat intent model: %s", error)
    texts, labels = load_labelled()
    model = IntentClassifier().fit(texts, labels)
    if path is not None:
        _save(path, model.to_bytes())
    return model


def _save(path: Path, data: bytes) -> None:
    """Write atomically, so a worker never reads half a model another is writing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        log.warning("could not keep the chat intent model: %s", error)


def classifier() -> IntentClassifier:
    global _classifier
    if _classifier is None:
        with _lock:
            if _classifier is None:
                _classifier = _load_or_train()
    return _classifier


def warm_up() -> None:
    """Build every lazily loaded table and model now, so the first parent does not wait."""
    warm_up_text()
    classifier()
    understand("warming up: my son is 7 and autistic, we live in Nuneaton")


def understand(text: str, forced_intent: str | None = None) -> Understanding:
    """An emergency overrides everything, and nothing else is even looked for when it is found."""
    found_risk = assess(text)
    if found_risk.is_emergency:
        return Understanding("safeguarding", 1.0, {}, True, found_risk.category, found_risk, text=text)
    found = extract(text)
    entities = {key: found.get(key) for key in ENTITY_FIELDS}
    intent, confidence = (forced_intent, 1.0) if forced_intent else classifier().predict([text])[0]
    return Understanding(
        intent,
        float(confidence),
        entities,
        risk=found_risk or None,
        category=found_risk.category,
        text=text,
        facts=found,
        distressed=is_distressed(text),
    )
