"""Bulk work on a question as portal jobs: coding every answer, and retraining the model.

Both run on RQ or a thread (see ``portal.jobs``) with progress in the database, so the
progress page survives a reload. Coding commits every chunk: a failure keeps the chunks done.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from consultation.coding.items import CodingError, certainty, coder_for, ensure_items, stored
from consultation.coding.models import FIRST, MANUAL, CodingCode, CodingItem, CodingSetup
from consultation.models import Answer
from nlp.themes import ThemeCoder
from portal.audit import utcnow
from portal.extensions import db
from portal.jobs import report_progress

CODE_KIND, CODE_FUNCTION = "coding.code", "consultation.coding.jobs:run_coding_job"
RETRAIN_KIND, RETRAIN_FUNCTION = "coding.retrain", "consultation.coding.jobs:run_retrain_job"
CHUNK = 2000
MIN_TRAINING = 20


def job_target(question_id: int) -> str:
    return f"question:{question_id}"


def run_coding_job(job_id: str, question_id: int) -> dict[str, Any]:
    """Suggest themes for every answer not yet reviewed (reviewed answers keep what their reviewer saw)."""
    setup = db.session.get(CodingSetup, question_id)
    if setup is None:
        raise CodingError("Choose a codebook before coding answers")
    coder, source = coder_for(setup)
    ensure_items(question_id)
    db.session.commit()
    rows = db.session.execute(
        select(CodingItem.id, Answer.text)
        .join(Answer, Answer.id == CodingItem.answer_id)
        .where(CodingItem.question_id == question_id, CodingItem.reviewed_at.is_(None))
        .order_by(CodingItem.id)
    ).all()
    total = len(rows)
    report_progress(job_id, 0, total, "Coding answers")
    for start in range(0, total, CHUNK):
        chunk = rows[start : start + CHUNK]
        found = coder.suggest([text or "" for _, text in chunk])
        values = [
            {"id": item_id, "suggestions": stored(themes), "certainty": certainty(themes)}
            for (item_id, _), themes in zip(chunk, found, strict=True)
        ]
        db.session.execute(update(CodingItem), values)
        db.session.commit()
        report_progress(job_id, start + len(chunk), total, "Coding answers")
    return {"coded": total, "source": source}


def training_data(question_id: int) -> tuple[list[str], list[set[str]]]:
    """Texts and themes of the answers people reviewed one by one; bulk-accepted ones would teach the machine itself."""
    rows = db.session.execute(
        select(CodingItem.id, Answer.text)
        .join(Answer, Answer.id == CodingItem.answer_id)
        .where(CodingItem.question_id == question_id, CodingItem.review_method == MANUAL)
        .order_by(CodingItem.id)
    ).all()
    themes: dict[int, set[str]] = {item_id: set() for item_id, _ in rows}
    codes = db.session.execute(
        select(CodingCode.item_id, CodingCode.theme).where(
            CodingCode.question_id == question_id, CodingCode.coder == FIRST
        )
    )
    for item_id, theme in codes:
        if item_id in themes:
            themes[item_id].add(theme)
    return [text or "" for _, text in rows], [themes[item_id] for item_id, _ in rows]


def run_retrain_job(job_id: str, question_id: int) -> dict[str, Any]:
    report_progress(job_id, 0, 3, "Reading reviewed answers")
    setup = db.session.get(CodingSetup, question_id)
    texts, labels = training_data(question_id)
    if setup is None or len(texts) < MIN_TRAINING:
        raise CodingError(f"Review at least {MIN_TRAINING} answers one by one before training")
    report_progress(job_id, 1, 3, f"Training on {len(texts):,} reviewed answers")
    codebook = setup.codebook.as_dict() if setup.codebook else None
    coder = ThemeCoder().fit(texts, labels, codebook=codebook)
    report_progress(job_id, 2, 3, "Saving the model")
    setup.model, setup.model_examples, setup.model_trained_at = coder.to_bytes(), len(texts), utcnow()
    db.session.commit()
    return {"examples": len(texts), "themes": len(coder.themes)}
