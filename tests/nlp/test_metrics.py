"""Metrics against hand-computed values and, where they overlap, scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score, f1_score

from nlp import metrics

TRUE = [{"a"}, {"a", "b"}, {"b"}, set(), {"c"}]
PRED = [{"a"}, {"a"}, {"b", "c"}, set(), set()]
LABELS = ["a", "b", "c"]


def test_per_theme_by_hand():
    scores = metrics.per_theme(TRUE, PRED, LABELS)
    assert scores["a"] == metrics.PRF(1.0, 1.0, 1.0, 2)
    assert scores["b"] == metrics.PRF(1.0, 0.5, pytest.approx(2 / 3), 2)
    assert scores["c"].precision == 0.0 and scores["c"].recall == 0.0 and scores["c"].support == 1


def test_f1_averages_by_hand_and_against_sklearn():
    # tp = 3 (a, a, b); fp = 1 (c); fn = 2 (b, c): micro = 6 / 9
    assert metrics.micro_f1(TRUE, PRED, LABELS) == pytest.approx(6 / 9)
    assert metrics.macro_f1(TRUE, PRED, LABELS) == pytest.approx((1 + 2 / 3 + 0) / 3)
    # per answer: 1, 2/3, 2/3, 1 (both empty), 0
    assert metrics.sample_f1(TRUE, PRED) == pytest.approx((1 + 2 / 3 + 2 / 3 + 1 + 0) / 5)
    t, p = metrics.label_matrix(TRUE, LABELS), metrics.label_matrix(PRED, LABELS)
    assert metrics.micro_f1(TRUE, PRED, LABELS) == pytest.approx(f1_score(t, p, average="micro"))
    assert metrics.macro_f1(TRUE, PRED, LABELS) == pytest.approx(f1_score(t, p, average="macro", zero_division=0))
    assert metrics.sample_f1(TRUE, PRED) == pytest.approx(f1_score(t, p, average="samples", zero_division=1.0))


def test_random_multilabel_matches_sklearn():
    rng = np.random.default_rng(3)
    t, p = rng.random((200, 6)) < 0.3, rng.random((200, 6)) < 0.3
    labels = list("uvwxyz")
    true = [{labels[j] for j in np.flatnonzero(row)} for row in t]
    pred = [{labels[j] for j in np.flatnonzero(row)} for row in p]
    assert metrics.macro_f1(true, pred, labels) == pytest.approx(f1_score(t, p, average="macro"))
    assert metrics.micro_f1(true, pred, labels) == pytest.approx(f1_score(t, p, average="micro"))
    assert metrics.sample_f1(true, pred) == pytest.approx(f1_score(t, p, average="samples", zero_division=1.0))


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    true = [{"a"}] * 50 + [{"b"}] * 50
    pred = [{"a"}] * 70 + [{"a"}] * 30
    f1, low, high = metrics.sample_f1_interval(true, pred)
    assert low < f1 < high and (low, high) == metrics.sample_f1_interval(true, pred)[1:]
    assert metrics.sample_f1_interval(true, pred, seed=1)[1:] != (low, high)


def test_empty_inputs():
    assert math.isnan(metrics.sample_f1([], []))
    assert math.isnan(metrics.macro_f1([], []))
    assert metrics.micro_f1([], []) == 0.0
    assert all(math.isnan(x) for x in metrics.sample_f1_interval([], [])[1:])
    assert math.isnan(metrics.cohen_kappa([], []))
    assert math.isnan(metrics.krippendorff_alpha([[], []]))
    with pytest.raises(ValueError):
        metrics.micro_f1([{"a"}], [])


def test_cohen_kappa_by_hand_and_against_sklearn():
    a = ["y", "y", "n", "n", "y", "n", "y", "y"]
    b = ["y", "n", "n", "n", "y", "y", "y", "y"]
    # observed 6/8; expected 5/8*5/8 + 3/8*3/8 = 34/64
    assert metrics.cohen_kappa(a, b) == pytest.approx((0.75 - 34 / 64) / (1 - 34 / 64))
    assert metrics.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert metrics.percent_agreement(a, b) == 0.75


def test_kappa_constant_identical_coders_is_one():
    assert metrics.cohen_kappa(["n"] * 5, ["n"] * 5) == 1.0
    kappas = metrics.theme_kappas([{"a"}, set()], [{"a"}, set()], ["a", "never"])
    assert kappas == {"a": 1.0, "never": 1.0}


def test_krippendorff_alpha_textbook_example():
    # Krippendorff (2011) "Computing Krippendorff's alpha-reliability", nominal example: alpha = 0.743
    nan = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    assert metrics.krippendorff_alpha(data) == pytest.approx(0.743, abs=0.001)


def test_krippendorff_alpha_edge_cases():
    assert metrics.krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) == 1.0
    assert metrics.krippendorff_alpha([[1, None], [None, 2]]) != metrics.krippendorff_alpha([[1, 2], [1, 2]])
    # two coders, binary, perfect disagreement on a balanced set is below zero
    assert metrics.krippendorff_alpha([[0, 1, 0, 1], [1, 0, 1, 0]]) < 0


def test_multilabel_alpha_pools_theme_decisions():
    coder_a = [{"a"}, {"a", "b"}, set(), {"b"}]
    coder_b = [{"a"}, {"a", "b"}, set(), {"b"}]
    overall, per = metrics.multilabel_alpha([coder_a, coder_b])
    assert overall == 1.0 and per == {"a": 1.0, "b": 1.0}
    coder_c = [{"a"}, {"b"}, None, {"a"}]  # did not code answer 3
    overall, per = metrics.multilabel_alpha([coder_a, coder_c], ["a", "b"])
    manual_a = metrics.krippendorff_alpha([[True, True, False, False], [True, False, None, True]])
    assert per["a"] == pytest.approx(manual_a)
    pooled = metrics.krippendorff_alpha(
        [[True, True, False, False, False, True, False, True], [True, False, None, True, False, True, None, False]]
    )
    assert overall == pytest.approx(pooled)


def test_macro_f1_interval_is_seeded_and_brackets_the_value():
    rng = np.random.default_rng(3)
    labels = ["a", "b", "c"]
    true = [{x for x in labels if rng.random() < 0.4} for _ in range(300)]
    pred = [{x for x in row if rng.random() < 0.8} | ({"c"} if rng.random() < 0.1 else set()) for row in true]
    f1, low, high = metrics.macro_f1_interval(true, pred, labels)
    assert f1 == metrics.macro_f1(true, pred, labels) and low < f1 < high
    assert (low, high) == metrics.macro_f1_interval(true, pred, labels)[1:]
    assert metrics.macro_f1_interval(true, true, labels) == (1.0, 1.0, 1.0)
    assert all(math.isnan(x) for x in metrics.macro_f1_interval([], [], labels)[1:])
