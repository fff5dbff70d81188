"""The statistical half of safeguarding: a model that learns what risk sounds like from the
labelled messages in ``nlp/data/safeguarding_train.csv``, so paraphrases, third-person worries,
misspellings and indicators described rather than named are caught where no phrase rule fires.

Three linear models share one set of features (words and word pairs after the safeguarding
normalisation, character n-grams of the raw text, and the mean of offline static word vectors
shipped inside the ``wordllama`` wheel):
- risk: any risk against an ordinary message;
- emergency: emergency against everything else;
- category: which of the categories, trained on the risk messages only.

A long message (30 words or more) is scored whole and sentence by sentence (and by pairs of
sentences), keeping the highest scores, so one sentence of risk in a long consultation answer is
not averaged away; a short one is scored whole, because a fragment of a short message ("I have my
grandson every Saturday.") says too little on its own and only adds false alarms.
Training takes a couple of seconds and happens once per process, on first use.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlp.vocab import data_path

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

TRAINING_FILE = "safeguarding_train.csv"
LEVELS = ("emergency", "concern")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|\s+(?:but|and then|because|also)\s+")
_MAX_WINDOWS = 40  # sentences beyond this are scored together with their neighbours
_LONG_WORDS = 30  # messages at least this long are also scored sentence by sentence
_VECTOR_WORDS = 120  # word vectors are averaged over at most this many words of a window


@dataclass(frozen=True)
class TrainingSet:
    texts: list[str]
    levels: list[str]  # "emergency" | "concern" | "none"
    categories: list[str]  # "" for ordinary messages
    families: list[str]  # messages that rephrase one scenario share a family (for grouped splits)


@dataclass(frozen=True)
class ModelScore:
    risk: float  # probability the text shows any risk
    emergency: float  # probability it is an emergency
    category: str | None
    category_confidence: float
    evidence: tuple[str, ...]  # the words that weighed most towards risk


def read_training(path: Path | None = None) -> TrainingSet:
    """The shipped training file (or ``path``), in the columns text, level, category, family."""
    with (path or data_path(TRAINING_FILE)).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if (row.get("text") or "").strip()]
    return TrainingSet(
        [row["text"] for row in rows],
        [row["level"].strip() or "none" for row in rows],
        [(row.get("category") or "").strip() for row in rows],
        [(row.get("family") or "").strip() or f"row{i}" for i, row in enumerate(rows)],
    )


def _static_vectors() -> Callable[[Sequence[str]], np.ndarray] | None:
    """Offline word vectors from the installed ``wordllama`` wheel, or None when it is missing."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        return None
    folder = Path(wordllama.__file__).parent
    model = WordLlama.load(dim=256, disable_download=True, cache_dir=folder)
    return lambda texts: np.asarray(model.embed(list(texts), norm=True), dtype=np.float32)


class Features:
    """Words (normalised by ``normalise``), character n-grams and static vectors, side by side."""

    def __init__(self, normalise: Callable[[str], str], use_vectors: bool = True) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.normalise = normalise
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, token_pattern=r"\S+")
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60_000
        )
        self.vectors = _static_vectors() if use_vectors else None

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        normalised = [self.normalise(t) for t in texts]
        parts = [self.words.fit_transform(normalised), self.chars.fit_transform([t.lower() for t in texts])]
        return self._stack(parts, texts)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        normalised = [self.normalise(t) for t in texts]
        parts = [self.words.transform(normalised), self.chars.transform([t.lower() for t in texts])]
        return self._stack(parts, texts)

    def _stack(self, parts: list, texts: Sequence[str]) -> sparse.csr_matrix:
        from scipy import sparse

        if self.vectors is not None:
            parts.append(sparse.csr_matrix(self.vectors(texts)))
        return sparse.hstack(parts, format="csr")

    @property
    def word_count(self) -> int:
        return len(self.words.vocabulary_)


def _classifier(weight: float = 4.0) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=weight, max_iter=2000, class_weight="balanced")


class RiskModel:
    """Risk, emergency and category models over one feature set.

    After fitting, the three linear models are folded into one weight table, so scoring a message
    is a few dictionary look-ups and a small dot product instead of building sparse matrices."""

    def __init__(self, normalise: Callable[[str], str], use_vectors: bool = True) -> None:
        self.features = Features(normalise, use_vectors)
        self.risk = _classifier()
        self.emergency = _classifier()
        self.category = _classifier()
        self._word_names: np.ndarray | None = None

    def fit(self, data: TrainingSet) -> RiskModel:
        matrix = self.features.fit_transform(data.texts)
        levels = np.asarray(data.levels)
        self.risk.fit(matrix, levels != "none")
        self.emergency.fit(matrix, levels == "emergency")
        at_risk = np.flatnonzero(levels != "none")
        self.category.fit(matrix[at_risk], np.asarray(data.categories)[at_risk])
        self._word_names = self.features.words.get_feature_names_out()
        self._compile()
        return self

    def _compile(self) -> None:
        """One table: a row per feature, columns risk, emergency, then one per category."""
        self._weights = np.hstack([self.risk.coef_.T, self.emergency.coef_.T, self.category.coef_.T])
        self._bias = np.concatenate([self.risk.intercept_, self.emergency.intercept_, self.category.intercept_])
        words, chars = self.features.words, self.features.chars
        self._parts = [
            (words.build_analyzer(), words.vocabulary_, words.idf_, 0, True),
            (chars.build_analyzer(), chars.vocabulary_, chars.idf_, len(words.vocabulary_), False),
        ]
        self._vector_start = len(words.vocabulary_) + len(chars.vocabulary_)

    def _decisions(self, text: str, vector: np.ndarray | None) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """The linear scores of every column for one text, and its (word index, weight) features."""
        total = self._bias.copy()
        word_features = (np.zeros(0, dtype=int), np.zeros(0))
        for analyse, vocabulary, idf, offset, normalised in self._parts:
            counts: dict[int, int] = {}
            for term in analyse(self.features.normalise(text) if normalised else text.lower()):
                index = vocabulary.get(term)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=int, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[indices]
            values /= np.linalg.norm(values)
            total += values @ self._weights[indices + offset]
            if normalised:
                word_features = (indices, values)
        if vector is not None:
            total += vector @ self._weights[self._vector_start :]
        return total, word_features

    def score(self, text: str) -> ModelScore:
        windows = _windows(text)
        vectors = [None] * len(windows)
        if self.features.vectors is not None:  # a mean of word vectors: the first words of a long window suffice
            vectors = self.features.vectors([" ".join(w.split()[:_VECTOR_WORDS]) for w in windows])
        scored = [self._decisions(window, vector) for window, vector in zip(windows, vectors, strict=True)]
        risks = [_sigmoid(total[0]) for total, _ in scored]
        best = int(np.argmax(risks))
        total, (indices, values) = scored[best]
        categories = _softmax(total[2:])
        top = int(np.argmax(categories))
        return ModelScore(
            risks[best],
            max(_sigmoid(t[1]) for t, _ in scored),
            str(self.category.classes_[top]),
            float(categories[top]),
            self._evidence(indices, values),
        )

    def score_many(self, texts: Sequence[str]) -> list[ModelScore]:
        return [self.score(text) for text in texts]

    def _evidence(self, indices: np.ndarray, values: np.ndarray, limit: int = 3) -> tuple[str, ...]:
        """The words and word pairs in this text that pushed hardest towards risk."""
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        if not len(indices) or self._word_names is None:
            return ()
        contributions = values * self._weights[indices, 0]
        order = np.argsort(-contributions)
        chosen = [self._word_names[indices[i]] for i in order if contributions[i] > 0]
        meaningful = [term for term in chosen if not set(term.split()) <= ENGLISH_STOP_WORDS]
        return tuple(_without_overlaps(meaningful[: limit * 3])[:limit])


def _sigmoid(value: float) -> float:
    return float(1.0 / (1.0 + np.exp(-value)))


def _softmax(values: np.ndarray) -> np.ndarray:
    exps = np.exp(values - values.max())
    return exps / exps.sum()


def _without_overlaps(terms: list[str]) -> list[str]:
    kept: list[str] = []
    for term in terms:
        if not any(term in other or other in term for other in kept):
            kept.append(term)
    return kept


def _windows(text: str) -> list[str]:
    """The whole text and, for a long one, each sentence and each pair of neighbouring sentences."""
    if len(text.split()) < _LONG_WORDS:
        return [text]
    sentences = [s for s in (part.strip() for part in _SENTENCE.split(text) if part) if len(s) > 2]
    if len(sentences) > _MAX_WINDOWS:
        size = -(-len(sentences) // _MAX_WINDOWS)
        sentences = [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]
    windows = [text]
    if len(sentences) > 1:
        windows += sentences + [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]
    return windows


@lru_cache(maxsize=1)
def trained_model(normalise: Callable[[str], str]) -> RiskModel:
    """The model trained on the shipped file, once per process."""
    return RiskModel(normalise).fit(read_training())
