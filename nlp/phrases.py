"""Salient terms of a set of answers, kept in the answers' own words.

A term is a content word or two neighbouring content words, matched by lemma ("waited ages" and
"waiting ages" are one term) but shown in the surface form people used most ("waiting ages").
Content words are alphabetic, at least three letters and not stop words. Shared by discovery
(terms are what themes are grouped from and named by) and summaries (distinctive phrases).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from nlp.theme_features import clean, tokens

if TYPE_CHECKING:
    from scipy import sparse


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"n't", "nt", "im", "ive", "dont", "didnt", "cant", "wasnt"}


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Words that never name a theme on their own (``data/discovery_generic_words.txt``)."""
    text = (resources.files("nlp") / "data" / "discovery_generic_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _content(lemma: str, surface: str) -> bool:
    return len(lemma) >= 3 and surface.isalpha() and lemma not in stop_words() and surface not in stop_words()


def answer_terms(text: str) -> list[tuple[str, str]]:
    """(lemma term, surface form) of each content word and each pair of neighbouring content words.

    Generic words (``generic_words``) count only inside a pair ("good food", "waiting time").
    """
    text = clean(text)
    toks = [(lemma, text[start:end].lower()) for lemma, start, end in tokens(text)]
    generic = generic_words()
    out = [(lemma, surface) for lemma, surface in toks if _content(lemma, surface) and lemma not in generic]
    for (a, sa), (b, sb) in zip(toks, toks[1:], strict=False):
        if _content(a, sa) and _content(b, sb) and a != b:
            out.append((f"{a} {b}", f"{sa} {sb}"))
    return out


def is_nameable(term: str) -> bool:
    """Whether a term may name a theme: not one generic word, not a pair of them."""
    return not all(word in generic_words() for word in term.split())


@dataclass
class TermIndex:
    """Which answers use which terms: ``matrix`` is answers × terms, 1 where the answer uses it."""

    terms: list[str]
    surface: list[str]  # the most used written form of each term
    matrix: sparse.csc_matrix

    @property
    def counts(self) -> np.ndarray:
        return np.asarray(self.matrix.sum(axis=0)).ravel()

    def answers_using(self, columns: list[int]) -> np.ndarray:
        """Indices of the answers that use any of the terms in ``columns``."""
        if not columns:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.asarray(self.matrix[:, columns].sum(axis=1)).ravel() > 0)


def index_terms(texts: list[str], min_count: int, max_share: float, max_terms: int = 3000) -> TermIndex:
    """Terms used by at least ``min_count`` answers and at most ``max_share`` of them, most used first."""
    from scipy import sparse

    forms: dict[str, Counter] = {}
    rows: list[int] = []
    cols: list[int] = []
    column: dict[str, int] = {}
    for i, text in enumerate(texts):
        for term, surface in dict(answer_terms(text)).items():  # one count per answer
            forms.setdefault(term, Counter())[surface] += 1
            rows.append(i)
            cols.append(column.setdefault(term, len(column)))
    data = np.ones(len(rows), np.float32)
    matrix = sparse.csc_matrix((data, (rows, cols)), shape=(len(texts), len(column)))
    names = list(column)
    counts = np.asarray(matrix.sum(axis=0)).ravel()
    ceiling = max_share * len(texts)
    keep = [j for j in np.argsort(-counts, kind="stable") if min_count <= counts[j] <= ceiling][:max_terms]
    terms = [names[j] for j in keep]
    surface = [forms[t].most_common(1)[0][0] for t in terms]
    return TermIndex(terms, surface, matrix[:, keep].tocsc())
