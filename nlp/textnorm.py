"""Shared text helpers for the chat understanding step: tokens with offsets, lemmas,
a "common English word" test and a conservative spelling corrector.

Entities and safeguarding both need character offsets (for the spans they report) and
both need to forgive misspellings without turning ordinary words into keywords
("dead" must never become "deaf"), so the rules live here once.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from nlp.pipeline import get_nlp

# A token is a run of letters/digits, keeping inner apostrophes ("down's", "don't").
_TOKEN = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’`]")
_LONG_RUNS = re.compile(r"(.)\1{2,}")
# Words at least this frequent (log probability in spaCy's English frequency table) are
# treated as real words and never "corrected" into a keyword.
_COMMON_LOGPROB = -13.5


@dataclass(frozen=True)
class Token:
    text: str  # exactly as written
    norm: str  # lower case, apostrophes removed, letter runs of 3+ shortened to 2
    lemma: str
    start: int
    end: int


def normalise_word(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).lower()
    word = _APOSTROPHES.sub("", word)
    return _LONG_RUNS.sub(r"\1\1", word)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets into the original string."""
    table = _lemma_table()
    tokens = []
    for match in _TOKEN.finditer(text):
        norm = normalise_word(match.group())
        if not norm:
            continue
        tokens.append(Token(match.group(), norm, table.get(norm, norm), match.start(), match.end()))
    return tokens


@lru_cache(maxsize=1)
def _lemma_table() -> Mapping[str, str]:
    """The lookup lemmatizer's table from the shared pipeline (empty if it has none)."""
    try:
        # A spaCy Table hashes string keys itself, so ``.get(word)`` works directly.
        return get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError, AttributeError):
        return {}


def lemma(word: str) -> str:
    return _lemma_table().get(word, word)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """English words frequent enough that they are probably spelt as meant."""
    try:
        path = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
            probs = json.load(handle)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return frozenset()
    return frozenset(word for word, prob in probs.items() if prob > _COMMON_LOGPROB)


def is_common_word(word: str) -> bool:
    return word in _common_words()


def warm_up() -> None:
    """Load the lazily built tables now, so the first real message is not slow."""
    _lemma_table()
    _common_words()


class SpellingCorrector:
    """Maps a misspelt token onto one word of a small vocabulary, conservatively.

    A token is only corrected when it is at least ``min_length`` long, is not itself a
    common English word, starts with the same letter as the target and is within one
    edit (two for words of eight letters or more; transpositions count as one edit).
    """

    def __init__(self, words: Iterable[str], min_length: int = 5) -> None:
        self.words = sorted({w for w in words if len(w) >= min_length and w.isalpha()})
        self.min_length = min_length
        self._known = frozenset(self.words)
        self._cache: dict[str, str | None] = {}

    def knows(self, word: str) -> bool:
        return word in self._known

    def correct(self, token: str) -> str | None:
        if token in self._known:
            return token
        if len(token) < self.min_length or not token.isalpha() or is_common_word(token):
            return None
        if token not in self._cache:
            if len(self._cache) > 50_000:  # bound memory on adversarial input
                self._cache.clear()
            self._cache[token] = self._nearest(token)
        return self._cache[token]

    def _nearest(self, token: str) -> str | None:
        allowed = 2 if len(token) >= 8 else 1
        candidates = [w for w in self.words if w[0] == token[0] and abs(len(w) - len(token)) <= allowed]
        best = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=allowed)
        if best is None:
            return None
        word, distance, _ = best
        # Long targets need two edits to allow for "dissapear"; short ones stay strict.
        return word if distance <= (2 if len(word) >= 8 else 1) else None
