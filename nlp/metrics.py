"""Quality and agreement measures for theme coding, in plain numpy.

Multi-label codings are given as one collection of theme ids per answer (``[{"a"}, {"a", "b"}, set()]``).

Conventions, where the textbooks leave a choice:

* Per-theme precision, recall and F1 are ``zero_division`` (default 0.0) when their denominator is
  zero, as scikit-learn does. Macro-F1 averages the themes in ``labels`` (default: every theme seen).
* Per-sample (example-based) F1 is 1.0 for an answer where both codings are empty: they agree.
* Cohen's kappa is 1.0 when both coders are constant and identical (chance agreement is then 1
  and kappa would be 0/0); ``nan`` for no units.
* Krippendorff's alpha is nominal. A unit counts when at least two coders coded it (``None`` or
  ``nan`` is missing). Alpha is 1.0 when every pairable value is the same (no disagreement is
  possible, expected disagreement is 0), and ``nan`` with no pairable values. For multi-label
  coding, ``multilabel_alpha`` gives each theme's alpha over its present/absent decisions, and an
  overall alpha that pools every (answer, theme) decision as one binary unit; a coder who did
  not code an answer is missing for all of that answer's decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

LabelSets = Sequence[Collection[str]]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int


def _ratio(num: float, den: float, zero_division: float) -> float:
    return float(num) / den if den else float(zero_division)


def label_matrix(label_sets: LabelSets, labels: Sequence[str]) -> np.ndarray:
    """Binary indicator matrix, one row per answer and one column per label."""
    column = {label: j for j, label in enumerate(labels)}
    out = np.zeros((len(label_sets), len(labels)), dtype=bool)
    for i, found in enumerate(label_sets):
        for label in found:
            if label in column:
                out[i, column[label]] = True
    return out


def _labels(true: LabelSets, pred: LabelSets, labels: Sequence[str] | None) -> list[str]:
    if labels is not None:
        return list(labels)
    return sorted({x for row in list(true) + list(pred) for x in row})


def _counts(true: LabelSets, pred: LabelSets, labels: Sequence[str]):
    if len(true) != len(pred):
        raise ValueError("true and predicted codings differ in length")
    t, p = label_matrix(true, labels), label_matrix(pred, labels)
    return (t & p).sum(0), (~t & p).sum(0), (t & ~p).sum(0)


def per_theme(
    true: LabelSets, pred: LabelSets, labels: Sequence[str] | None = None, zero_division: float = 0.0
) -> dict[str, PRF]:
    labels = _labels(true, pred, labels)
    tp, fp, fn = _counts(true, pred, labels)
    out = {}
    for j, label in enumerate(labels):
        precision = _ratio(tp[j], tp[j] + fp[j], zero_division)
        recall = _ratio(tp[j], tp[j] + fn[j], zero_division)
        f1 = _ratio(2 * tp[j], 2 * tp[j] + fp[j] + fn[j], zero_division)
        out[label] = PRF(precision, recall, f1, int(tp[j] + fn[j]))
    return out


def macro_f1(
    true: LabelSets, pred: LabelSets, labels: Sequence[str] | None = None, zero_division: float = 0.0
) -> float:
    scores = [s.f1 for s in per_theme(true, pred, labels, zero_division).values()]
    return float(np.mean(scores)) if scores else float("nan")


def macro_f1_interval(
    true: LabelSets, pred: LabelSets, labels: Sequence[str] | None = None, n_resamples: int = 1000, seed: int = 0
) -> tuple[float, float, float]:
    """Macro-F1 with a percentile bootstrap 95% interval over resampled answers: (f1, low, high).

    Each resample averages over the themes it has answers for, as a test set is scored over the
    themes it has answers for: a rare theme that a resample happens to miss is not counted as 0.
    """
    labels = _labels(true, pred, labels)
    value = macro_f1(true, pred, labels)
    if not len(true) or not labels:
        return value, float("nan"), float("nan")
    t, p = label_matrix(true, labels), label_matrix(pred, labels)
    hits = np.hstack([t & p, ~t & p, t & ~p]).astype(np.float64)  # tp | fp | fn, one row per answer
    rng = np.random.default_rng(seed)
    stats = np.empty(n_resamples)
    for r in range(n_resamples):
        times = np.bincount(rng.integers(0, len(true), size=len(true)), minlength=len(true))
        tp, fp, fn = np.split(times @ hits, 3)
        present = (tp + fn) > 0
        stats[r] = np.mean(2 * tp[present] / (2 * tp[present] + fp[present] + fn[present])) if present.any() else 0.0
    low, high = np.percentile(stats, [2.5, 97.5])
    return value, float(low), float(high)


def micro_f1(
    true: LabelSets, pred: LabelSets, labels: Sequence[str] | None = None, zero_division: float = 0.0
) -> float:
    tp, fp, fn = _counts(true, pred, _labels(true, pred, labels))
    return _ratio(2 * tp.sum(), 2 * tp.sum() + fp.sum() + fn.sum(), zero_division)


def sample_f1_scores(true: LabelSets, pred: LabelSets) -> np.ndarray:
    """F1 of each answer's predicted set against its true set (1.0 when both are empty)."""
    if len(true) != len(pred):
        raise ValueError("true and predicted codings differ in length")
    out = np.empty(len(true))
    for i, (t, p) in enumerate(zip(true, pred, strict=True)):
        t, p = set(t), set(p)
        out[i] = 1.0 if not t and not p else 2 * len(t & p) / (len(t) + len(p))
    return out


def sample_f1(true: LabelSets, pred: LabelSets) -> float:
    scores = sample_f1_scores(true, pred)
    return float(scores.mean()) if scores.size else float("nan")


def bootstrap_interval(
    values: Sequence[float],
    statistic: Callable[[np.ndarray], float] = np.mean,
    n_resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over resampled units (seeded, so repeatable)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, values.size, size=(n_resamples, values.size))
    stats = np.array([statistic(values[row]) for row in picks])
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(stats, [tail, 100 - tail])
    return float(low), float(high)


def sample_f1_interval(
    true: LabelSets, pred: LabelSets, n_resamples: int = 1000, seed: int = 0
) -> tuple[float, float, float]:
    """Per-sample F1 with its bootstrap 95% interval: (f1, low, high)."""
    scores = sample_f1_scores(true, pred)
    low, high = bootstrap_interval(scores, n_resamples=n_resamples, seed=seed)
    return (float(scores.mean()) if scores.size else float("nan")), low, high


def f1_summary(true: LabelSets, pred: LabelSets, labels: Sequence[str] | None = None) -> dict[str, float]:
    f1, low, high = sample_f1_interval(true, pred)
    return {
        "micro_f1": micro_f1(true, pred, labels),
        "macro_f1": macro_f1(true, pred, labels),
        "sample_f1": f1,
        "sample_f1_low": low,
        "sample_f1_high": high,
    }


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    if len(a) != len(b):
        raise ValueError("the two codings differ in length")
    if not len(a):
        return float("nan")
    return float(np.mean([x == y for x, y in zip(a, b, strict=True)]))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa for two coders' nominal codes of the same units."""
    observed = percent_agreement(a, b)
    if np.isnan(observed):
        return observed
    n = len(a)
    values = set(a) | set(b)
    expected = sum((list(a).count(v) / n) * (list(b).count(v) / n) for v in values)
    if expected >= 1.0:  # both coders constant and identical
        return 1.0
    return float((observed - expected) / (1.0 - expected))


def theme_kappas(a: LabelSets, b: LabelSets, labels: Sequence[str] | None = None) -> dict[str, float]:
    """Cohen's kappa per theme, each theme taken as a present/absent decision per answer."""
    labels = _labels(a, b, labels)
    ma, mb = label_matrix(a, labels), label_matrix(b, labels)
    return {label: cohen_kappa(ma[:, j].tolist(), mb[:, j].tolist()) for j, label in enumerate(labels)}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]]) -> float:
    """Nominal alpha from a coders x units table; ``None``/``nan`` marks a missing value."""
    coincidence: dict[tuple[Hashable, Hashable], float] = {}
    for unit in zip(*data, strict=True) if data else []:
        values = [v for v in unit if not _missing(v)]
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] = coincidence.get((c, k), 0.0) + 1.0 / (m - 1)
    return _alpha_from_coincidence(coincidence)


def _alpha_from_coincidence(coincidence: dict[tuple[Hashable, Hashable], float]) -> float:
    totals: dict[Hashable, float] = {}
    for (c, _), weight in coincidence.items():
        totals[c] = totals.get(c, 0.0) + weight
    n = sum(totals.values())
    if n <= 1:
        return float("nan")
    observed = sum(w for (c, k), w in coincidence.items() if c != k) / n
    expected = (n * n - sum(v * v for v in totals.values())) / (n * (n - 1))
    if expected == 0:
        return 1.0
    return float(1.0 - observed / expected)


def multilabel_alpha(
    codings: Sequence[Sequence[Collection[str] | None]], labels: Sequence[str] | None = None
) -> tuple[float, dict[str, float]]:
    """(overall alpha, alpha per theme) for several coders' multi-label codings of the same answers.

    ``codings[c][u]`` is coder c's set of themes for answer u, or ``None`` if c did not code u.
    """
    if labels is None:
        labels = sorted({x for coder in codings for row in coder if row is not None for x in row})
    per_theme_data = {
        label: [[None if row is None else (label in row) for row in coder] for coder in codings] for label in labels
    }
    per_theme_alpha = {label: krippendorff_alpha(table) for label, table in per_theme_data.items()}
    pooled = [[v for label in labels for v in per_theme_data[label][c]] for c in range(len(codings))]
    return krippendorff_alpha(pooled), per_theme_alpha
