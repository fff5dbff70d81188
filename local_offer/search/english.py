"""Common English words, so the search never "corrects" a real word into another.

The list is the English lemma tables shipped in the ``spacy-lookups-data`` package (already a
dependency of ``nlp``; WordNet-derived, no network): every inflected form and every lemma.
"adhd teenager" keeps "teenager" even when only "teenagers" is in the index.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

_TABLES = ("en_lemma_lookup.json.gz", "en_lemma_index.json.gz")
_LETTERS = re.compile(r"[a-z]+")


def _load(name: str) -> object:
    path = resources.files("spacy_lookups_data") / "data" / name
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    found: set[str] = set()
    lookup = _load(_TABLES[0])
    assert isinstance(lookup, dict)
    found.update(lookup)
    found.update(lookup.values())
    index = _load(_TABLES[1])
    assert isinstance(index, dict)
    for lemmas in index.values():
        found.update(lemmas)
    return frozenset(w.lower() for w in found if _LETTERS.fullmatch(w.lower()))


def is_english_word(word: str) -> bool:
    return word in english_words()
