"""What the theme coder reads: codebook rule matches and TF-IDF features of answers and their sentences.

Rules are matched on a cheap token stream (a regular expression, lower case, the lookup
lemmatizer's table) rather than a spaCy pass, so coding with a codebook stays fast; the
codebook's own keywords go through the same stream, so both sides agree on lemmas.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from nlp.textnorm import _lemma_table, is_common_word, normalise_word

Span = tuple[int, int, str]
_KEYWORD_WEIGHT, _PHRASE_WEIGHT, _FUZZY_FACTOR, _EXAMPLE_WEIGHT = 0.6, 0.7, 0.9, 0.7
_FUZZY_MIN_LEN, _FUZZY_CUTOFF, _FUZZY_CACHE_MAX = 5, 84.0, 50_000
_WORD_CACHE_MAX = 200_000


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


@lru_cache(maxsize=200_000)
def char_grams(word: str) -> tuple[str, ...]:
    """Character 2- to 5-grams of a word padded with a space each side ("late": " l", "la", … "ate ");
    they survive misspellings."""
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in range(2, 6) for i in range(len(padded) - n + 1))


def spaced_words(text: str) -> list[str]:
    return text.lower().split()


def as_term(word: str) -> tuple[str]:
    return (word,)


# Where an answer's sentences (or clauses joined by "but") end: "Staff were kind. The wait was long."
_SENTENCE_END = re.compile(r"(?<=[.!?;\n])\s+|\s+but\s+", re.IGNORECASE)


def sentences(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Every text cut into its sentences, and the index of the text each one came from.

    Fragments of two characters or less are dropped; a text with fewer than two sentences
    stays whole, so every text has at least one piece.
    """
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        parts = [p for p in _SENTENCE_END.split(text) if p and len(p.strip()) > 2]
        parts = parts if len(parts) > 1 else [text]
        pieces += parts
        owner += [i] * len(parts)
    return pieces, np.array(owner, dtype=np.int64)


@dataclass
class Features:
    """TF-IDF rows for whole answers and, for answers of two or more sentences, for each sentence."""

    answers: object  # scipy CSR matrix, one row per answer
    sentences: object  # CSR matrix, one row per sentence of a many-sentence answer
    owner: np.ndarray  # the answer each sentence row belongs to


class SentenceTfidf:
    """TF-IDF of answers and of their sentences from one pass of the analyzer over the sentences.

    A text is read as ``words(text)``; its terms are each word's ``grams`` and, with ``pairs``,
    each two neighbouring words. An answer's counts are the sum of its sentences' counts, so
    reading the sentences costs nothing extra; document frequencies (for ``min_df`` and IDF) are
    counted over answers. Each word's known term numbers are cached: answers reuse few words.
    """

    def __init__(self, words, grams, pairs: bool = False, min_df: int = 2) -> None:
        self.words, self.grams, self.pairs, self.min_df = words, grams, pairs, min_df
        self.vocabulary: dict[str, int] = {}
        self.weighting = None
        self._ids: dict[str, tuple[int, ...]] = {}

    def terms(self, text: str) -> list[str]:
        words = self.words(text)
        out = [g for w in words for g in self.grams(w)]
        if self.pairs:
            out += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        return out

    def fit_transform(self, texts: list[str], pieces: list[str], owner: np.ndarray) -> Features:
        """Learn the vocabulary and IDF from ``texts`` (read once, as ``pieces``) and return their features."""
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        counter = CountVectorizer(analyzer=self.terms, dtype=np.float32)
        counts = counter.fit_transform(pieces)
        answers = _sum_rows(owner, len(texts)) @ counts
        keep = np.flatnonzero(np.asarray((answers > 0).sum(axis=0)).ravel() >= self.min_df)
        self.vocabulary = {str(w): i for i, w in enumerate(counter.get_feature_names_out()[keep])}
        self.weighting = TfidfTransformer(sublinear_tf=True).fit(answers[:, keep])
        self._ids = {}
        return self._features(len(texts), counts[:, keep].tocsr(), owner)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        ids = self._ids.get(word)
        if ids is None:
            ids = tuple(j for j in (self.vocabulary.get(g) for g in self.grams(word)) if j is not None)
            if len(self._ids) > _WORD_CACHE_MAX:  # bound memory on adversarial input
                self._ids.clear()
            self._ids[word] = ids
        return ids

    def counts(self, pieces: list[str]):
        from scipy import sparse

        indices: list[int] = []
        indptr = [0]
        vocabulary = self.vocabulary
        for piece in pieces:
            words = self.words(piece)
            for word in words:
                indices.extend(self._word_ids(word))
            if self.pairs:
                pairs = (vocabulary.get(f"{a} {b}") for a, b in zip(words, words[1:], strict=False))
                indices.extend(j for j in pairs if j is not None)
            indptr.append(len(indices))
        data = np.ones(len(indices), np.float32)
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(pieces), len(vocabulary)))
        matrix.sum_duplicates()
        return matrix

    def transform(self, texts: list[str], pieces: list[str], owner: np.ndarray) -> Features:
        return self._features(len(texts), self.counts(pieces), owner)

    def _features(self, n: int, counts, owner: np.ndarray) -> Features:
        several = np.bincount(owner, minlength=n) > 1
        rows = np.flatnonzero(several[owner])
        return Features(self._weigh(_sum_rows(owner, n) @ counts), self._weigh(counts[rows]), owner[rows])

    def _weigh(self, counts):
        if counts.shape[0] == 0:  # scikit-learn refuses an empty matrix
            return counts.astype(np.float32).tocsr()
        return self.weighting.transform(counts).astype(np.float32)

    def __getstate__(self) -> dict:
        return dict(self.__dict__, _ids={})


def _sum_rows(owner: np.ndarray, n: int):
    """The (n × pieces) 0/1 matrix that adds each text's sentence rows together."""
    from scipy import sparse

    ones = np.ones(len(owner), np.float32)
    return sparse.csr_matrix((ones, (owner, np.arange(len(owner)))), shape=(n, len(owner)))


def vectorizers() -> tuple[SentenceTfidf, SentenceTfidf]:
    # Lemma 1- and 2-grams carry the meaning ("waited ages" and "waiting ages" share "wait age");
    # character n-grams within words survive misspellings.
    return SentenceTfidf(lemma_words, as_term, pairs=True), SentenceTfidf(spaced_words, char_grams)


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
            if fixed[i] not in self.words:  # every pattern starts with one of the codebook's words
                continue
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
            confidence = 1.0 - math.prod(1.0 - w for w in weights)
            out.append(Suggestion(tid, round(confidence, 4), sorted({s for _, s in evidence})))
        return sorted(out, key=lambda s: -s.confidence)

    def _similar(self, words: set[str], tid: str) -> list[float]:
        # Jaccard similarity of 0.5 or more needs sets within twice each other's size.
        sized = [ex for ex in self.examples.get(tid, ()) if len(ex) <= 2 * len(words) and len(words) <= 2 * len(ex)]
        if not sized:
            return []
        best = max(_jaccard(words, ex) for ex in sized)
        return [best] if best >= 0.5 else []

    def match(self, texts: list[str]) -> list[list[Suggestion]]:
        return [self.match_one(clean(t)) for t in texts]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_fuzzy_cache"] = {}
        return state


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
