"""How far to trust the machine and the coders: bulk-accept precision, coder agreement, machine agreement.

Every measure is taken on answers people reviewed one by one, against the suggestions they saw,
and says "not enough reviewed answers" below ``MIN_REVIEWED``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, update

from consultation.coding.models import BULK, FIRST, MANUAL, SECOND, CodingCode, CodingItem
from nlp.metrics import multilabel_alpha, sample_f1_interval, theme_kappas
from portal.core.audit import utcnow
from portal.core.extensions import db

MIN_REVIEWED = 30
CHUNK = 2000
BENCHMARK_F1 = 0.75
THRESHOLDS = [round(0.5 + 0.05 * step, 2) for step in range(10)]


@dataclass(frozen=True)
class Precision:
    threshold: float
    reviewed: int  # reviewed answers with a suggestion at or above the threshold
    precision: float | None  # None: not enough reviewed answers

    @property
    def enough(self) -> bool:
        return self.precision is not None


@dataclass
class CoderAgreement:
    answers: int
    alpha: float | None
    kappas: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class MachineAgreement:
    answers: int
    f1: float | None = None
    low: float | None = None
    high: float | None = None
    benchmark: float = BENCHMARK_F1

    @property
    def enough(self) -> bool:
        return self.f1 is not None

    @property
    def meets_benchmark(self) -> bool:
        return self.f1 is not None and self.f1 >= self.benchmark


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 3)


def _codes(question_id: int, coder: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    rows = db.session.execute(
        select(CodingCode.item_id, CodingCode.theme).where(
            CodingCode.question_id == question_id, CodingCode.coder == coder
        )
    )
    for item_id, theme in rows:
        found.setdefault(item_id, set()).add(theme)
    return found


def _reviewed(question_id: int) -> list[tuple[int, list[dict]]]:
    """(item id, suggestions) of answers reviewed one by one after the machine had suggested."""
    query = select(CodingItem.id, CodingItem.suggestions).where(
        CodingItem.question_id == question_id, CodingItem.review_method == MANUAL, CodingItem.suggestions.is_not(None)
    )
    return [(item_id, suggestions or []) for item_id, suggestions in db.session.execute(query.order_by(CodingItem.id))]


def precision_at(question_id: int, threshold: float) -> Precision:
    """Share of suggestions at or above ``threshold`` that reviewers kept."""
    codes = _codes(question_id, FIRST)
    kept = total = answers = 0
    for item_id, suggestions in _reviewed(question_id):
        confident = [s["theme"] for s in suggestions if s["confidence"] >= threshold]
        if confident:
            answers += 1
            total += len(confident)
            kept += sum(1 for theme in confident if theme in codes.get(item_id, set()))
    precision = round(kept / total, 3) if answers >= MIN_REVIEWED else None
    return Precision(threshold, answers, precision)


def bulk_candidates(question_id: int, threshold: float) -> int:
    """Answers not yet reviewed whose every suggestion is at or above the threshold (certainty is the lowest)."""
    query = select(func.count()).select_from(CodingItem).where(*_bulk_filter(question_id, threshold))
    return db.session.scalar(query) or 0


def _bulk_filter(question_id: int, threshold: float) -> tuple:
    return (
        CodingItem.question_id == question_id,
        CodingItem.reviewed_at.is_(None),
        CodingItem.suggestions.is_not(None),
        CodingItem.certainty >= threshold,
        CodingItem.certainty > 0,
    )


def bulk_accept(
    question_id: int, threshold: float, who: str, progress: Callable[[int, int], None] | None = None
) -> int:
    """Code answers waiting for review with their suggestions at or above ``threshold``; the caller commits.

    Each chunk's UPDATE checks again that the answer is still waiting, and codes only the answers it
    updated (with the suggestions it read back), so an answer someone reviews meanwhile, or that a
    second run accepts first, is never coded twice.
    """
    ids = db.session.scalars(
        select(CodingItem.id).where(*_bulk_filter(question_id, threshold)).order_by(CodingItem.id)
    ).all()
    accepted = 0
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            update(CodingItem)
            .where(CodingItem.id.in_(ids[start : start + CHUNK]), *_bulk_filter(question_id, threshold))
            .values(reviewed_at=utcnow(), reviewed_by=who, review_method=BULK)
            .returning(CodingItem.id, CodingItem.suggestions, CodingItem.respondent_type)
            .execution_options(synchronize_session=False)
        ).all()
        codes = [
            {"item_id": item_id, "question_id": question_id, "coder": FIRST, "theme": theme, "respondent_type": kind}
            for item_id, suggestions, kind in rows
            for theme in sorted({s["theme"] for s in suggestions or [] if s["confidence"] >= threshold})
        ]
        if codes:
            db.session.execute(insert(CodingCode), codes)
        accepted += len(rows)
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return accepted


def draw_sample(question_id: int, size: int, rng: random.Random | None = None) -> int:
    """Add up to ``size`` random answers not yet in the sample; returns how many were added."""
    ids = db.session.scalars(
        select(CodingItem.id).where(CodingItem.question_id == question_id, CodingItem.in_sample.is_(False))
    ).all()
    chosen = (rng or random.Random()).sample(list(ids), min(size, len(ids)))
    for item_id in chosen:
        db.session.get(CodingItem, item_id).in_sample = True
    return len(chosen)


def coder_agreement(question_id: int, themes: list[str]) -> CoderAgreement:
    first, second = _codes(question_id, FIRST), _codes(question_id, SECOND)
    items = db.session.scalars(
        select(CodingItem.id).where(
            CodingItem.question_id == question_id,
            CodingItem.review_method == MANUAL,
            CodingItem.second_at.is_not(None),
        )
    ).all()
    if not items:
        return CoderAgreement(0, None, {theme: None for theme in themes})
    a = [first.get(i, set()) for i in items]
    b = [second.get(i, set()) for i in items]
    labels = list(themes) + sorted({t for row in a + b for t in row} - set(themes))
    kappas = {theme: _number(value) for theme, value in theme_kappas(a, b, labels).items()}
    alpha, _ = multilabel_alpha([a, b], labels)
    return CoderAgreement(len(items), _number(alpha), kappas)


def machine_agreement(question_id: int) -> MachineAgreement:
    codes = _codes(question_id, FIRST)
    reviewed = _reviewed(question_id)
    if len(reviewed) < MIN_REVIEWED:
        return MachineAgreement(len(reviewed))
    true = [codes.get(item_id, set()) for item_id, _ in reviewed]
    pred = [{s["theme"] for s in suggestions} for _, suggestions in reviewed]
    f1, low, high = sample_f1_interval(true, pred)
    return MachineAgreement(len(reviewed), _number(f1), _number(low), _number(high))
