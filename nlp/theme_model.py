"""The supervised part of the theme coder: one linear SVM per theme, thresholds tuned out of fold.

An answer of several sentences is scored as a whole and sentence by sentence: its score moves
part of the way (``SENTENCE_WEIGHT``) from the whole answer's score toward its best sentence's,
so a theme one sentence is about is not drowned by the rest of a long answer.

Each theme's SVM is trained ``folds`` times, each time without one fold; the held-out scores
(every training answer scored by a model that never saw it) choose the theme's threshold for
F1 and the slope of a sigmoid, so a confidence of 0.5 sits on the threshold. Averaging the
fold models' weights is bagging that costs nothing at prediction time and saves a final fit.

How its settings were chosen: ``tests/benchmarks/notes/themes.md``.
"""

from __future__ import annotations

import numpy as np

# A theme's best out-of-fold F1 below this is too weak to trust a cut under the SVM's own boundary.
_MIN_OOF_F1 = 0.2
_SVM_TOL = 1e-2
SENTENCE_WEIGHT = 0.35

Sentences = tuple  # (CSR matrix of sentence rows, index of the answer each row belongs to)


def pooled(answer_scores: np.ndarray, sentence_scores: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Answers' scores raised ``SENTENCE_WEIGHT`` of the way toward their best sentence's, where higher."""
    if not len(owner):
        return answer_scores
    best = np.full(answer_scores.shape, -np.inf)
    np.maximum.at(best, owner, sentence_scores)
    with np.errstate(invalid="ignore"):  # -inf (a theme never fitted) minus -inf
        lift = np.where(np.isfinite(best), np.maximum(best - answer_scores, 0.0), 0.0)
    return answer_scores + SENTENCE_WEIGHT * np.nan_to_num(lift, nan=0.0, posinf=0.0)


def best_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The score cut that maximises F1 on out-of-fold scores (``inf``: never assign)."""
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], truth[order].astype(float)
    tp = np.cumsum(hits)
    f1 = 2 * tp / (np.arange(1, len(ranked) + 1) + hits.sum())
    last_of_tie = np.r_[ranked[1:] != ranked[:-1], True]  # a cut can only fall between distinct scores
    f1 = np.where(last_of_tie & np.isfinite(ranked), f1, -1.0)
    best = int(np.argmax(f1))
    if f1[best] <= 0:
        return float("inf")
    return float(ranked[best]) if f1[best] >= _MIN_OOF_F1 else max(float(ranked[best]), 0.0)


def fit_slope(margin: np.ndarray, truth: np.ndarray) -> float:
    """Slope k of sigmoid(k * (score - threshold)), by Newton steps on the log-loss."""
    k = 1.0
    margin = np.clip(margin, -50.0, 50.0)  # themes a fold never saw score -inf
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-np.clip(k * margin, -30, 30)))
        grad = float(np.dot(p - truth, margin))
        hess = float(np.dot(p * (1 - p), margin * margin)) + 1e-6
        k = float(np.clip(k - grad / hess, 0.05, 50.0))
    return k


class LinearThemes:
    """Per-theme linear SVMs over one shared sparse feature matrix."""

    def __init__(self, c: float = 1.0, folds: int = 5, seed: int = 0) -> None:
        self.c, self.folds, self.seed = c, folds, seed
        self.weights = self.bias = self.thresholds = self.slopes = np.zeros(0)

    def fit(self, x, y: np.ndarray, sentences: Sentences | None = None) -> LinearThemes:
        from sklearn.model_selection import KFold

        n, k = y.shape
        folds = max(2, min(self.folds, n))
        oof = np.full((n, k), -np.inf)
        weights, bias, models = np.zeros((x.shape[1], k), np.float32), np.zeros(k), np.zeros(k)
        for train, held in KFold(folds, shuffle=True, random_state=self.seed).split(x):
            w, b, fitted = self._fit_fold(x[train], y[train])
            scores = self._scores(x[held], w[:, fitted], b[fitted], _select(sentences, held, n))
            oof[np.ix_(held, fitted)] = scores
            weights += w
            bias += b
            models += fitted
        self.weights = weights / np.maximum(models, 1)
        self.bias = np.where(models > 0, bias / np.maximum(models, 1), -np.inf)
        self._tune(oof, y)
        return self

    def _fit_fold(self, x, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from sklearn.svm import LinearSVC

        w, b = np.zeros((x.shape[1], y.shape[1]), np.float32), np.zeros(y.shape[1])
        fitted = (y.sum(0) > 0) & (y.sum(0) < len(y))  # a fold may hold no example of a rare theme
        for j in np.flatnonzero(fitted):
            # Balanced weights: most themes are rare, and an unweighted SVM would rarely say yes.
            model = LinearSVC(C=self.c, class_weight="balanced", tol=_SVM_TOL).fit(x, y[:, j])
            w[:, j], b[j] = model.coef_[0], model.intercept_[0]
        return w, b, fitted

    def _tune(self, oof: np.ndarray, y: np.ndarray) -> None:
        k = y.shape[1]
        self.thresholds, self.slopes = np.zeros(k), np.ones(k)
        for j in range(k):
            self.thresholds[j] = best_threshold(oof[:, j], y[:, j])
            if np.isfinite(self.thresholds[j]):
                self.slopes[j] = fit_slope(oof[:, j] - self.thresholds[j], y[:, j].astype(float))

    @staticmethod
    def _scores(x, w: np.ndarray, b: np.ndarray, sentences: Sentences | None) -> np.ndarray:
        scores = np.asarray(x @ w) + b
        if sentences is None:
            return scores
        rows, owner = sentences
        return pooled(scores, np.asarray(rows @ w) + b, owner)

    def confidences(self, x, sentences: Sentences | None = None) -> np.ndarray:
        raw = self._scores(x, self.weights, self.bias, sentences)
        margin = np.where(np.isfinite(self.thresholds), raw - self.thresholds, -np.inf)
        return 1.0 / (1.0 + np.exp(-np.clip(self.slopes * margin, -30, 30)))


def _select(sentences: Sentences | None, answers: np.ndarray, n: int) -> Sentences | None:
    """The sentence rows of ``answers``, their owners renumbered to positions in ``answers``."""
    if sentences is None:
        return None
    rows, owner = sentences
    position = np.full(n, -1)
    position[answers] = np.arange(len(answers))
    chosen = np.flatnonzero(position[owner] >= 0)
    return rows[chosen], position[owner[chosen]]
