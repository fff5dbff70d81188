"""What a chat message is asking for: a small, general text classifier.

TF-IDF over word uni/bigrams of lemmas plus character 2-5-grams of the lower-cased text
(character n-grams forgive typos such as "ehcp" / "echp"), feeding a multinomial logistic
regression whose probabilities are the confidences. Messages whose best confidence falls
below a threshold become ``out_of_scope``; the threshold is chosen by cross-validation on
the training data (the value that maximises macro-F1 on out-of-fold predictions), so it
adapts to whatever labelled set the council trains on. Safeguarding is not learned here:
``nlp.safeguarding.detect`` decides it and overrides every intent.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

from nlp.pipeline import lemmas
from nlp.vocab import data_path

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

OUT_OF_SCOPE = "out_of_scope"
INTENTS = (
    "find_service",
    "ehcp",
    "sen_support",
    "transport",
    "adulthood",
    "feedback_plan",
    "feedback_service",
    "consultation",
    "disagreement",
    "talk_to_person",
    "greeting",
    "thanks",
    OUT_OF_SCOPE,
    "safeguarding",
)
MAX_CHARS = 2000  # longer pastes are classified on their opening, which carries the request
_FORMAT_VERSION = 1
_THRESHOLDS = np.round(np.arange(0.0, 0.61, 0.02), 2)


def _lemma_text(text: str) -> str:
    return " ".join(lemmas(text[:MAX_CHARS]))


def _char_text(text: str) -> str:
    return " ".join(text[:MAX_CHARS].lower().split())


class IntentClassifier:
    """``fit(texts, labels)`` then ``predict(texts) -> [(label, confidence), ...]``."""

    def __init__(self, threshold: float | None = None, c: float = 10.0, seed: int = 0) -> None:
        self.threshold = threshold  # None: choose by cross-validation in fit()
        self.c = c
        self.seed = seed
        self._words: TfidfVectorizer | None = None
        self._chars: TfidfVectorizer | None = None
        self._model: LogisticRegression | None = None
        self._blocks: tuple[_Block, _Block] | None = None  # the vectorizers as fast functions, built on first use

    # -- training -------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> IntentClassifier:
        if len(texts) != len(labels) or len(set(labels)) < 2:
            raise ValueError("need as many labels as texts, and at least two different labels")
        lemma_texts = [_lemma_text(t) for t in texts]
        char_texts = [_char_text(t) for t in texts]
        if self.threshold is None:
            self.threshold = self._cross_validated_threshold(lemma_texts, char_texts, list(labels))
        self._fit_features(lemma_texts, char_texts, list(labels))
        return self

    def _fit_features(self, lemma_texts: list[str], char_texts: list[str], labels: list[str]) -> None:
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self._words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        self._blocks = None
        features = sparse.hstack([self._words.fit_transform(lemma_texts), self._chars.fit_transform(char_texts)])
        self._model = LogisticRegression(C=self.c, max_iter=1000, tol=1e-3, solver="newton-cg", random_state=self.seed)
        # A small sparse problem: extra BLAS threads only contend with each other.
        # Timings: tests/benchmarks/notes/chat.md.
        with threadpool_limits(limits=1):
            self._model.fit(features.tocsr(), labels)

    def _cross_validated_threshold(self, lemma_texts: list[str], char_texts: list[str], labels: list[str]) -> float:
        """The out-of-scope threshold that maximises macro-F1 on out-of-fold predictions."""
        from sklearn.metrics import f1_score
        from sklearn.model_selection import StratifiedKFold

        counts = np.unique(labels, return_counts=True)[1]
        folds = int(min(3, counts.min()))
        if folds < 2:
            return 0.0
        best_label = np.empty(len(labels), dtype=object)
        best_prob = np.zeros(len(labels))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        for train, test in splitter.split(lemma_texts, labels):
            fold = IntentClassifier(threshold=0.0, c=self.c, seed=self.seed)
            fold._fit_features(
                [lemma_texts[i] for i in train], [char_texts[i] for i in train], [labels[i] for i in train]
            )
            probs = fold._probabilities([lemma_texts[i] for i in test], [char_texts[i] for i in test])
            best_label[test] = fold._model.classes_[probs.argmax(axis=1)]
            best_prob[test] = probs.max(axis=1)
        scores = [
            f1_score(labels, np.where(best_prob >= t, best_label, OUT_OF_SCOPE), average="macro", zero_division=0)
            for t in _THRESHOLDS
        ]
        # Of equally good thresholds take the middle one: least sensitive to sampling noise.
        best = np.flatnonzero(np.isclose(scores, max(scores)))
        return float(_THRESHOLDS[best[len(best) // 2]])

    # -- prediction -----------------------------------------------------------------------
    def _probabilities(self, lemma_texts: list[str], char_texts: list[str]) -> np.ndarray:
        if self._model is None or self._words is None or self._chars is None:
            raise RuntimeError("IntentClassifier is not fitted")
        if self._blocks is None:
            self._blocks = (_Block(self._words), _Block(self._chars))
        words, chars = self._blocks
        coef, intercept = self._model.coef_, self._model.intercept_
        if len(intercept) == 1:  # two classes: one logit against zero gives the same sigmoid probabilities
            coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
        logits = np.empty((len(lemma_texts), len(intercept)))
        for row, (lemma_text, char_text) in enumerate(zip(lemma_texts, char_texts, strict=True)):
            w_index, w_value = words.weights(lemma_text)
            c_index, c_value = chars.weights(char_text)
            logits[row] = coef[:, w_index] @ w_value + coef[:, len(words.idf) + c_index] @ c_value + intercept
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        return probs / probs.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most likely intent of each text and its confidence (0-1)."""
        if not texts:
            return []
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        probs = self._probabilities([_lemma_text(t) for t in texts], [_char_text(t) for t in texts])
        classes = self._model.classes_
        results = []
        for row in probs:
            best = int(row.argmax())
            label, confidence = str(classes[best]), float(row[best])
            if confidence < (self.threshold or 0.0):
                label = OUT_OF_SCOPE
            results.append((label, round(confidence, 4)))
        return results

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self._model.classes_] if self._model is not None else []

    # -- storage: numpy arrays and JSON only, never pickle, so loading cannot run code ------
    def to_bytes(self) -> bytes:
        if self._model is None or self._words is None or self._chars is None:
            raise RuntimeError("IntentClassifier is not fitted")
        meta = {
            "version": _FORMAT_VERSION,
            "threshold": self.threshold,
            "c": self.c,
            "seed": self.seed,
            "classes": self.labels,
            "word_vocabulary": _ordered_vocabulary(self._words),
            "char_vocabulary": _ordered_vocabulary(self._chars),
        }
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            word_idf=self._words.idf_,
            char_idf=self._chars.idf_,
            coef=self._model.coef_,
            intercept=self._model.intercept_,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IntentClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
            if meta.get("version") != _FORMAT_VERSION:
                raise ValueError(f"unsupported intent model format {meta.get('version')!r}")
            clf = cls(threshold=meta["threshold"], c=meta["c"], seed=meta["seed"])
            clf._words = _restore_vectorizer(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
                meta["word_vocabulary"],
                arrays["word_idf"],
            )
            clf._chars = _restore_vectorizer(
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
                meta["char_vocabulary"],
                arrays["char_idf"],
            )
            model = LogisticRegression(C=clf.c)
            model.classes_ = np.array(meta["classes"])
            model.coef_ = arrays["coef"].copy()
            model.intercept_ = arrays["intercept"].copy()
            clf._model = model
        return clf


class _Block:
    """One fitted TF-IDF vectorizer as a plain function of a text: the same sublinear, l2-normalised
    weights ``transform`` gives, without its per-call overhead. Timings: tests/benchmarks/notes/chat.md."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.idf = vectorizer.idf_

    def weights(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts: dict[int, int] = {}
        for term in self.analyze(text):
            index = self.vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        index = np.fromiter(counts, dtype=np.intp, count=len(counts))
        value = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self.idf[index]
        norm = np.sqrt(value @ value)
        return index, (value / norm if norm else value)


def _ordered_vocabulary(vectorizer: TfidfVectorizer) -> list[str]:
    terms = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[index] = term
    return terms


def _restore_vectorizer(vectorizer: TfidfVectorizer, terms: list[str], idf: np.ndarray) -> TfidfVectorizer:
    vectorizer.vocabulary_ = {term: index for index, term in enumerate(terms)}
    vectorizer.idf_ = idf.copy()
    return vectorizer


def load_labelled(name: str = "intents.csv") -> tuple[list[str], list[str]]:
    """The shipped (or council-supplied, see ``SEND_VOCAB_DIR``) labelled utterances."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("text", "").strip() and row.get("intent")]
    return [row["text"] for row in rows], [row["intent"].strip() for row in rows]


@lru_cache(maxsize=1)
def default_classifier() -> IntentClassifier:
    """A classifier trained on the shipped utterances, once per process."""
    texts, labels = load_labelled()
    return IntentClassifier().fit(texts, labels)
