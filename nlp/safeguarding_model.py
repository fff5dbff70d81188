"""The statistical half of safeguarding: a model that learns what risk sounds like from the
labelled messages in ``nlp/data/safeguarding_train.csv``, so paraphrases, third-person worries,
misspellings and indicators described rather than named are caught where no phrase rule fires.

Three linear models share one set of features (words and word pairs after the safeguarding
normalisation, character n-grams of the raw text, and the mean of offline static word vectors
shipped inside the ``wordllama`` wheel):
- risk: any risk against an ordinary message;
- emergency: emergency against everything else;
- category: which of the categories, trained on the risk messages only.

A message is scored whole and sentence by sentence (and by pairs of sentences), keeping the
highest scores, so one sentence of risk in a long consultation answer is not averaged away.
Training takes a couple of seconds and happens once per process, on first use.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.vocab import data_path

TRAINING_FILE = "safeguarding_train.csv"
LEVELS = ("emergency", "concern")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|\s+(?:but|and then|because|also)\s+")
_MAX_WINDOWS = 40  # sentences beyond this are scored together with their neighbours


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
        self.normalise = normalise
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, token_pattern=r"\S+")
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                     max_features=60_000)
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
        if self.vectors is not None:
            parts.append(sparse.csr_matrix(self.vectors(texts)))
        return sparse.hstack(parts, format="csr")

    @property
    def word_count(self) -> int:
        return len(self.words.vocabulary_)


def _classifier(weight: float = 4.0) -> LogisticRegression:
    return LogisticRegression(C=weight, max_iter=2000, class_weight="balanced")


class RiskModel:
    """Risk, emergency and category models over one feature set."""

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
        return self

    def score(self, text: str) -> ModelScore:
        windows = _windows(text)
        matrix = self.features.transform(windows)
        risk = self.risk.predict_proba(matrix)[:, 1]
        emergency = self.emergency.predict_proba(matrix)[:, 1]
        best = int(np.argmax(risk))
        categories = self.category.predict_proba(matrix[best])[0]
        top = int(np.argmax(categories))
        return ModelScore(float(risk[best]), float(emergency.max()), str(self.category.classes_[top]),
                          float(categories[top]), self._evidence(matrix[best]))

    def score_many(self, texts: Sequence[str]) -> list[ModelScore]:
        return [self.score(text) for text in texts]

    def _evidence(self, row: sparse.csr_matrix, limit: int = 3) -> tuple[str, ...]:
        """The words and word pairs in this text that pushed hardest towards risk."""
        words = row[:, : self.features.word_count]
        if words.nnz == 0 or self._word_names is None:
            return ()
        weights = self.risk.coef_[0][: self.features.word_count]
        contributions = words.data * weights[words.indices]
        order = np.argsort(-contributions)
        chosen = [self._word_names[words.indices[i]] for i in order[: limit * 2] if contributions[i] > 0]
        return tuple(_without_overlaps(chosen)[:limit])


def _without_overlaps(terms: list[str]) -> list[str]:
    kept: list[str] = []
    for term in terms:
        if not any(term in other or other in term for other in kept):
            kept.append(term)
    return kept


def _windows(text: str) -> list[str]:
    """The whole text, each sentence, and each pair of neighbouring sentences."""
    sentences = [s for s in (part.strip() for part in _SENTENCE.split(text) if part) if len(s) > 2]
    if len(sentences) > _MAX_WINDOWS:
        size = -(-len(sentences) // _MAX_WINDOWS)
        sentences = [" ".join(sentences[i: i + size]) for i in range(0, len(sentences), size)]
    windows = [text]
    if len(sentences) > 1:
        windows += sentences + [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]
    return windows


@lru_cache(maxsize=1)
def trained_model(normalise: Callable[[str], str]) -> RiskModel:
    """The model trained on the shipped file, once per process."""
    return RiskModel(normalise).fit(read_training())
