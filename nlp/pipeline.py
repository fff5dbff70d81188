"""One shared spaCy pipeline per process.

By default a blank English pipeline with the lookup lemmatizer from ``spacy-lookups-data``,
so nothing is downloaded at run time. ``SEND_SPACY_MODEL`` names an installed trained
pipeline (for example ``en_core_web_sm``) to use instead when it is present.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


_lock = threading.Lock()


def _installed_model() -> str | None:
    name = os.environ.get("SEND_SPACY_MODEL", "").strip()
    if name and importlib.util.find_spec(name) is not None:
        return name
    return None


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Return the process-wide pipeline, building it on first use."""
    import spacy

    with _lock:
        model = _installed_model()
        if model:
            return spacy.load(model)
        nlp = spacy.blank("en")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        return nlp


def lemmas(text: str) -> list[str]:
    """Lower-case lemmas of the alphabetic and numeric tokens of ``text``."""
    doc = get_nlp()(text)
    return [(tok.lemma_ or tok.text).lower() for tok in doc if not (tok.is_space or tok.is_punct)]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, loaded on first use (importing spaCy takes a second or more)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
