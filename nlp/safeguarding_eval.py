"""How well ``nlp.safeguarding.assess`` finds risk, measured where it cannot flatter.

- ``blind_scores()`` scores the frozen blind set (``nlp/data/blind/safeguarding_blind.csv``), written
  by someone who never saw the rules or the training file: recall per category and per level, and
  false alarms per level among ordinary messages (by kind: plain, alarming idioms, risk topics).
- ``grouped_cv()`` scores the model on the training file by cross-validation grouped by wording
  family (paraphrases of one scenario never straddle training and testing), over a grid of
  thresholds: the evidence the thresholds in ``nlp.safeguarding`` were chosen by. The blind set is
  never used to choose anything.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold

from nlp.safeguarding import CATEGORIES, Assessment, assess
from nlp.safeguarding_model import RiskModel, TrainingSet, read_training
from nlp.vocab import data_path

BLIND_FILE = "blind/safeguarding_blind.csv"
_RANK = {None: 0, "concern": 1, "emergency": 2}


@dataclass(frozen=True)
class Labelled:
    text: str
    level: str | None  # None for an ordinary message
    category: str | None
    kind: str  # risk | plain | alarming | topic
    setting: str


def read_blind(path=None) -> list[Labelled]:
    with (path or data_path(BLIND_FILE)).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if (row.get("text") or "").strip()]
    return [
        Labelled(
            row["text"],
            None if row["level"].strip() in ("", "none") else row["level"].strip(),
            (row.get("category") or "").strip() or None,
            (row.get("kind") or "risk").strip(),
            (row.get("setting") or "").strip(),
        )
        for row in rows
    ]


def _rate(hits: int, total: int) -> dict:
    return {"hits": hits, "total": total, "rate": hits / total if total else None}


def score_assessments(rows: list[Labelled], found: list[Assessment]) -> dict:
    """Recall per category and level, false alarms per level and kind, and what was missed."""
    risk = [(row, got) for row, got in zip(rows, found, strict=True) if row.level]
    ordinary = [(row, got) for row, got in zip(rows, found, strict=True) if not row.level]
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, got in risk:
        per_category[row.category or "?"][0] += bool(got)
        per_category[row.category or "?"][1] += 1
    emergencies = [(row, got) for row, got in risk if row.level == "emergency"]
    alarms_by_kind: dict[str, Counter] = defaultdict(Counter)
    for row, got in ordinary:
        alarms_by_kind[row.kind]["total"] += 1
        alarms_by_kind[row.kind][got.level or "none"] += 1
    return {
        "risk": len(risk),
        "ordinary": len(ordinary),
        "recall_any": _rate(sum(bool(got) for _, got in risk), len(risk)),
        "recall_concern_rows": _rate(
            sum(bool(got) for row, got in risk if row.level == "concern"),
            sum(row.level == "concern" for row, _ in risk),
        ),
        "emergency_at_emergency": _rate(sum(got.is_emergency for _, got in emergencies), len(emergencies)),
        "emergency_at_any": _rate(sum(bool(got) for _, got in emergencies), len(emergencies)),
        "per_category": {c: _rate(*per_category[c]) for c in sorted(per_category, key=_category_order)},
        "category_right": _rate(
            sum(got.category == row.category for row, got in risk if got), sum(bool(got) for _, got in risk)
        ),
        "false_emergency": _rate(sum(got.is_emergency for _, got in ordinary), len(ordinary)),
        "false_concern_or_above": _rate(sum(bool(got) for _, got in ordinary), len(ordinary)),
        "false_alarms_by_kind": {kind: dict(counts) for kind, counts in sorted(alarms_by_kind.items())},
        "missed": [(row.category, row.level, row.text) for row, got in risk if not got],
        "false_alarms": [(got.level, row.kind, row.text) for row, got in ordinary if got],
    }


def _category_order(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def blind_scores(assess_fn: Callable[[str], Assessment] = assess, path=None) -> dict:
    rows = read_blind(path)
    return score_assessments(rows, [assess_fn(row.text) for row in rows])


def _oof_scores(data: TrainingSet, folds: int, normalise: Callable[[str], str]) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold risk and emergency probabilities, grouped by wording family."""
    risk, emergency = np.zeros(len(data.texts)), np.zeros(len(data.texts))
    for train, test in GroupKFold(n_splits=folds).split(data.texts, groups=data.families):
        subset = TrainingSet(
            *([seq[i] for i in train] for seq in (data.texts, data.levels, data.categories, data.families))
        )
        model = RiskModel(normalise).fit(subset)
        for i in test:
            score = model.score(data.texts[i])
            risk[i], emergency[i] = score.risk, score.emergency
    return risk, emergency


def _rule_levels(texts: list[str]) -> np.ndarray:
    """0, 1 (concern) or 2 (emergency): the least level the phrase rules give each text."""
    from nlp.safeguarding import _rule_hit

    levels = []
    for text in texts:
        hit = _rule_hit(text)
        levels.append(0 if hit is None else 2 if hit.urgent or hit.rule.outcome[1] == "emergency" else 1)
    return np.asarray(levels)


def grouped_cv(thresholds: Iterable[float] = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7), folds: int = 5) -> list[dict]:
    """Recall and false alarms of rules plus model on the training file, per threshold (the same
    threshold for concern and emergency), with the model's scores out of fold."""
    from nlp.safeguarding import normalised_words

    data = read_training()
    risk, emergency = _oof_scores(data, folds, normalised_words)
    rules = _rule_levels(data.texts)
    levels = np.asarray(data.levels)
    at_risk, ordinary, urgent = levels != "none", levels == "none", levels == "emergency"
    rows = []
    for t in thresholds:
        model = np.where(risk >= t, np.where(emergency >= t, 2, 1), 0)
        combined = np.maximum(rules, model)
        flagged, flagged_emergency = combined > 0, combined == 2
        rows.append(
            {
                "threshold": t,
                "recall_any": float(flagged[at_risk].mean()),
                "emergency_at_emergency": float(flagged_emergency[urgent].mean()),
                "false_concern_or_above": float(flagged[ordinary].mean()),
                "false_emergency": float(flagged_emergency[ordinary].mean()),
            }
        )
    return rows


def _pct(rate: dict | float | None) -> str:
    value = rate["rate"] if isinstance(rate, dict) else rate
    if value is None:
        return "–"
    counts = f" ({rate['hits']}/{rate['total']})" if isinstance(rate, dict) else ""
    return f"{100 * value:.1f} %{counts}"


def format_blind_report(scores: dict, show_texts: bool = False) -> str:
    lines = [
        f"## Chat understanding: safeguarding on the blind set ({scores['risk']} risk, "
        f"{scores['ordinary']} ordinary messages)",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| recall at concern or emergency | {_pct(scores['recall_any'])} | ≥ 97 % |",
        f"| emergency messages at emergency | {_pct(scores['emergency_at_emergency'])} | ≥ 90 % |",
        f"| concern messages found | {_pct(scores['recall_concern_rows'])} | |",
        f"| category right (of those found) | {_pct(scores['category_right'])} | |",
        f"| false alarms at emergency | {_pct(scores['false_emergency'])} | ≤ 2 % |",
        f"| false alarms at concern or above | {_pct(scores['false_concern_or_above'])} | ≤ 15 % |",
        "",
        "| category | recall |",
        "|---|---|",
    ]
    lines += [f"| {category} | {_pct(rate)} |" for category, rate in scores["per_category"].items()]
    lines += ["", "| ordinary kind | messages | at concern | at emergency |", "|---|---|---|---|"]
    for kind, counts in scores["false_alarms_by_kind"].items():
        lines.append(
            f"| {kind} | {counts.get('total', 0)} | {counts.get('concern', 0)} | {counts.get('emergency', 0)} |"
        )
    if show_texts:
        lines += ["", "Missed:"] + [f"- [{c} {lv}] {t}" for c, lv, t in scores["missed"]]
        lines += ["", "False alarms:"] + [f"- [{lv} {k}] {t}" for lv, k, t in scores["false_alarms"]]
    return "\n".join(lines)


def format_cv_report(rows: list[dict]) -> str:
    lines = [
        "## Safeguarding: rules plus model, 5-fold cross-validation grouped by wording family (training file)",
        "",
        "| threshold | recall | emergencies at emergency | false alarms (concern+) | false emergencies |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['threshold']:.2f} | {_pct(r['recall_any'])} | {_pct(r['emergency_at_emergency'])} | "
        f"{_pct(r['false_concern_or_above'])} | {_pct(r['false_emergency'])} |"
        for r in rows
    ]
    return "\n".join(lines)
