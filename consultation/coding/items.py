"""Answers in the coding workflow: making items, the coder to use, suggestions, reviews and the queue.

Functions add to the session; the route (or job) commits.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import and_, exists, false, func, insert, literal, select

from consultation.coding import model_store
from consultation.coding.models import FIRST, MANUAL, SECOND, CodingCode, CodingItem, CodingSetup
from consultation.models import Answer, Question
from nlp.themes import Suggestion, ThemeCoder
from portal.core.audit import utcnow
from portal.core.extensions import db

LEAST_CERTAIN, IN_ORDER = "uncertain", "in_order"
_log = logging.getLogger(__name__)


class CodingError(ValueError):
    """Coding that cannot be done yet, in words to show the lead."""


def setup_for(question: Question) -> CodingSetup:
    setup = db.session.get(CodingSetup, question.id)
    if setup is None:
        setup = CodingSetup(question_id=question.id)
        db.session.add(setup)
        db.session.flush()
    return setup


def ensure_items(question_id: int) -> None:
    """One item for every answer to the question that has text: a single INSERT … SELECT."""
    missing = ~exists().where(CodingItem.answer_id == Answer.id)
    rows = select(Answer.question_id, Answer.id, Answer.respondent_type, literal(0.0), false()).where(
        Answer.question_id == question_id, Answer.text.is_not(None), Answer.text != "", missing
    )
    columns = ["question_id", "answer_id", "respondent_type", "certainty", "in_sample"]
    db.session.execute(insert(CodingItem).from_select(columns, rows))


def coder_for(setup: CodingSetup) -> tuple[ThemeCoder, str]:
    """The trained model if there is one, otherwise the codebook's rules: (coder, 'model' | 'codebook')."""
    if setup.model:
        try:
            return model_store.load(setup.model), "model"
        except ValueError:  # unsigned, tampered with or saved by an older coder: the codebook until retrained
            _log.warning(
                "Coding model for question %s was not loaded: %s", setup.question_id, model_store.state(setup.model)
            )
    if setup.codebook is None or not setup.codebook.themes:
        raise CodingError("Choose a codebook with at least one theme before coding answers")
    return ThemeCoder.from_codebook(setup.codebook.as_dict()), "codebook"


def stored(found: list[Suggestion]) -> list[dict[str, Any]]:
    return [
        {"theme": s.theme, "confidence": s.confidence, "evidence": [[start, end] for start, end, _ in s.evidence]}
        for s in found
    ]


def certainty(found: list[Suggestion]) -> float:
    return min((s.confidence for s in found), default=0.0)


def counts(question_id: int) -> dict[str, int]:
    base = select(func.count()).select_from(CodingItem).where(CodingItem.question_id == question_id)
    return {
        "answers": db.session.scalar(base) or 0,
        "suggested": db.session.scalar(base.where(CodingItem.suggestions.is_not(None))) or 0,
        "reviewed": db.session.scalar(base.where(CodingItem.reviewed_at.is_not(None))) or 0,
        "manual": db.session.scalar(base.where(CodingItem.review_method == MANUAL)) or 0,
    }


def next_item(question_id: int, order: str) -> CodingItem | None:
    query = select(CodingItem).where(CodingItem.question_id == question_id, CodingItem.reviewed_at.is_(None))
    if order == LEAST_CERTAIN:
        query = query.order_by(CodingItem.certainty, CodingItem.id)
    else:
        query = query.order_by(CodingItem.id)
    return db.session.scalars(query.limit(1)).first()


def item_in(question_id: int, item_id: int) -> CodingItem | None:
    item = db.session.get(CodingItem, item_id)
    return item if item is not None and item.question_id == question_id else None


def answer_text(item: CodingItem) -> str:
    return db.session.scalar(select(Answer.text).where(Answer.id == item.answer_id)) or ""


def set_codes(item: CodingItem, themes: set[str], coder: str, who: str, method: str = MANUAL) -> None:
    item.codes = [code for code in item.codes if code.coder != coder] + [
        CodingCode(question_id=item.question_id, coder=coder, theme=theme, respondent_type=item.respondent_type)
        for theme in sorted(themes)
    ]
    if coder == FIRST:
        item.reviewed_at, item.reviewed_by, item.review_method = utcnow(), who, method
    else:
        item.second_at, item.second_by = utcnow(), who


def next_second_item(question_id: int, who: str) -> CodingItem | None:
    """The next sample answer for a second coder: never one they reviewed first, so their coding stays blind."""
    query = select(CodingItem).where(
        CodingItem.question_id == question_id,
        CodingItem.in_sample.is_(True),
        CodingItem.second_at.is_(None),
        ~and_(CodingItem.reviewed_by.is_not(None), CodingItem.reviewed_by == who),
    )
    return db.session.scalars(query.order_by(CodingItem.id).limit(1)).first()


def second_coding_left(question_id: int) -> int:
    query = (
        select(func.count())
        .select_from(CodingItem)
        .where(CodingItem.question_id == question_id, CodingItem.in_sample.is_(True), CodingItem.second_at.is_(None))
    )
    return db.session.scalar(query) or 0


__all__ = ["FIRST", "SECOND", "CodingError"]
