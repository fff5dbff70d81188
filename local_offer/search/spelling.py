"""Spelling correction against the words in the index.

The vocabulary is cached in the process and refreshed when this process changes the index
or after a short time, so several workers converge without talking to each other.
"""

from __future__ import annotations

import threading
import time

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select

from local_offer.search.models import SearchTerm
from nlp import vocab
from portal.core.extensions import db

TTL_SECONDS = 60.0
_lock = threading.Lock()
_cache: dict[str, object] = {"at": 0.0, "key": None, "terms": {}, "choices": []}


def invalidate() -> None:
    with _lock:
        _cache["at"] = 0.0


def _terms() -> dict[str, int]:
    key = str(db.engine.url)
    with _lock:
        fresh = time.monotonic() - float(_cache["at"]) < TTL_SECONDS and _cache["key"] == key
        if fresh:
            return _cache["terms"]  # type: ignore[return-value]
    terms = dict(db.session.execute(select(SearchTerm.term, SearchTerm.doc_count)).all())
    for key_word in vocab.synonyms():
        if " " not in key_word:
            terms.setdefault(key_word, 1)
    with _lock:
        _cache.update(at=time.monotonic(), key=key, terms=terms, choices=list(terms))
    return terms


def known(word: str) -> bool:
    return word in _terms()


def correct(word: str) -> str | None:
    """The indexed word nearest to a misspelt one, or None when nothing is close enough.

    One edit (including a swap of neighbouring letters) is allowed for words of 4 to 7 letters,
    two for longer words; among equally close words the commonest wins.
    """
    if len(word) < 4 or word.isdigit():
        return None
    terms = _terms()
    if word in terms:
        return word
    max_edits = 1 if len(word) <= 7 else 2
    matches = process.extract(word, _cache["choices"], scorer=OSA.distance, score_cutoff=max_edits, limit=8)
    if not matches:
        return None
    best = min(matches, key=lambda m: (m[1], -terms.get(m[0], 0), abs(len(m[0]) - len(word))))
    return best[0]
