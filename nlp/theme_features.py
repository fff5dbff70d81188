"""What the theme coder reads: codebook rule matches and TF-IDF features.

Rules are matched on a cheap token stream (a regular expression, lower case, the lookup
lemmatizer's table) rather than a spaCy pass, so coding with a codebook stays fast; the
codebook's own keywords go through the same stream, so both sides agree on lemmas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from nlp.textnorm import _lemma_table, is_common_word, normalise_word

Span = tuple[int, int, str]
_KEYWORD_WEIGHT, _PHRASE_WEIGHT, _FUZZY_FACTOR, _EXAMPLE_WEIGHT = 0.6, 0.7, 0.9, 0.7
_FUZZY_MIN_LEN, _FUZZY_CUTOFF, _FUZZY_CACHE_MAX = 5, 84.0, 50_000


@dataclass
class Suggestion:
    theme: str
    confidence: float
    evidence: list[Span] = field(default_factory=list)


def clean(text: object) -> str:
    """Strings every step accepts: lone surrogates (from bad decoding) become replacement marks."""
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    return text.encode("utf-8", "replace").decode("utf-8")


# textnorm's token pattern: runs of letters/digits keeping inner apostrophes ("don't").
_WORD = re.compile(r"[^\W_]+(?:['\u2019`][^\W_]+)*")


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    """Normalised lemma of one written word; cached, because answers reuse a small vocabulary and
    normalising plus the lookup table's hashing is most of the cost of reading a text."""
    norm = normalise_word(word)
    return _lemma_table().get(norm, norm)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(lemma, start, end) of each word of ``text``."""
    return [(_lemma(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def lemma_words(text: str) -> list[str]:
    """Lower-case lemmas of the words of ``text`` (apostrophes dropped, long letter runs cut)."""
    return [_lemma(w) for w in _WORD.findall(text)]


def lemma_ngrams(text: str) -> list[str]:
    """Word 1- and 2-grams over lemmas: "waited ages" and "waiting ages" share "wait age"."""
    words = lemma_words(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def vectorizers() -> tuple:
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Lemma n-grams carry the meaning; character n-grams within words survive misspellings.
    words = TfidfVectorizer(analyzer=lemma_ngrams, sublinear_tf=True, min_df=2, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, dtype=np.float32)
    return words, chars


def _is_known(word: str) -> bool:
    """A real word is never taken for a misspelling of a keyword ("weeds" is not "weeks")."""
    return is_common_word(word) or _lemma_table().get(word) is not None


class RuleMatcher:
    """Lemma n-gram matching of a codebook's keywords and phrases, with fuzzy single-word repair."""

    def __init__(self, codebook: dict) -> None:
        self.theme_ids = [str(t["id"]) for t in codebook.get("themes", [])]
        self.patterns: dict[tuple[str, ...], list[tuple[str, float]]] = {}
        self.examples: dict[str, list[set[str]]] = {}
        self.excludes: dict[str, list[set[str]]] = {}
        for theme in codebook.get("themes", []):
            self._add_theme(theme)
        # Every leading part of a pattern, so a scan stops at the first word no pattern continues with.
        self.prefixes = frozenset(p[:n] for p in self.patterns for n in range(1, len(p) + 1))
        self.with_examples = [t for t in self.theme_ids if self.examples.get(t)]
        self.words = frozenset(w for p in self.patterns for w in p)
        self.vocab = sorted(w for w in self.words if len(w) >= _FUZZY_MIN_LEN)
        self._fuzzy_cache: dict[str, str | None] = {}

    def _add_theme(self, theme: dict) -> None:
        tid = str(theme["id"])
        entries = [(k, _KEYWORD_WEIGHT) for k in theme.get("keywords") or []]
        entries += [(p, _PHRASE_WEIGHT) for p in theme.get("phrases") or []]
        for text, weight in entries:
            key = tuple(lemma_words(str(text)))
            if key:
                self.patterns.setdefault(key, []).append((tid, weight))
        self.examples[tid] = [set(lemma_words(str(e))) for e in theme.get("examples") or []]
        self.excludes[tid] = [set(lemma_words(str(e))) for e in theme.get("exclude_examples") or []]

    def _repair(self, word: str) -> str | None:
        """The codebook word a misspelt token stands for, if any (cached: answers reuse words)."""
        found = self._fuzzy_cache.get(word, False)
        if found is not False:
            return found
        found = None
        if len(word) >= _FUZZY_MIN_LEN and word.isalpha() and self.vocab and not _is_known(word):
            hit = process.extractOne(word, self.vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
            found = hit[0] if hit else None
        if len(self._fuzzy_cache) > _FUZZY_CACHE_MAX:  # bound memory on adversarial input
            self._fuzzy_cache.clear()
        self._fuzzy_cache[word] = found
        return found

    def match_one(self, text: str) -> list[Suggestion]:
        toks = tokens(text)
        lemmas = [t[0] for t in toks]
        fixed, fuzzy = list(lemmas), [False] * len(toks)
        for i, word in enumerate(lemmas):
            if word not in self.words:
                repaired = self._repair(word)
                if repaired:
                    fixed[i], fuzzy[i] = repaired, True
        hits: dict[str, list[tuple[float, Span]]] = {}
        for i in range(len(toks)):
            for n in range(1, len(toks) - i + 1):
                key = tuple(fixed[i : i + n])
                if key not in self.prefixes:
                    break
                for tid, weight in self.patterns.get(key, ()):
                    factor = _FUZZY_FACTOR if any(fuzzy[i : i + n]) else 1.0
                    start, end = toks[i][1], toks[i + n - 1][2]
                    hits.setdefault(tid, []).append((weight * factor, (start, end, text[start:end])))
        return self._score(set(lemmas), hits)

    def _score(self, words: set[str], hits: dict[str, list[tuple[float, Span]]]) -> list[Suggestion]:
        out = []
        candidates = set(hits) | set(self.with_examples)
        for tid in (t for t in self.theme_ids if t in candidates):
            evidence = hits.get(tid, [])
            weights = {span[2].lower(): w for w, span in evidence}  # one vote per distinct wording
            weights = list(weights.values()) + [_EXAMPLE_WEIGHT * s for s in self._similar(words, tid)]
            if not weights or any(_jaccard(words, ex) >= 0.8 for ex in self.excludes.get(tid, [])):
                continue
            confidence = 1.0 - float(np.prod([1.0 - w for w in weights]))
            out.append(Suggestion(tid, round(confidence, 4), sorted({s for _, s in evidence})))
        return sorted(out, key=lambda s: -s.confidence)

    def _similar(self, words: set[str], tid: str) -> list[float]:
        best = max((_jaccard(words, ex) for ex in self.examples.get(tid, [])), default=0.0)
        return [best] if best >= 0.5 else []

    def match(self, texts: list[str]) -> list[list[Suggestion]]:
        return [self.match_one(clean(t)) for t in texts]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_fuzzy_cache"] = {}
        return state


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
