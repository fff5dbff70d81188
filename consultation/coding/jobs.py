"""Bulk work on a question as portal jobs: coding every answer, retraining, bulk acceptance and finding themes.

Each runs on RQ or a thread (see ``portal.core.jobs``) with progress in the database, so the progress
page survives a reload. What a job stopped half-way (a failure, or its process killed) leaves:

- coding commits every chunk and keeps the chunks done; running it again codes the rest.
- retraining (which then re-codes the answers still waiting for review), bulk acceptance and
  finding themes do their slow part first and write everything in one transaction at the end,
  so a stopped job leaves nothing and can simply be started again.

Suggestions are written only to answers nobody has reviewed, checked in the UPDATE itself, so an
answer a person saves while a job runs keeps the suggestions they saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, update

from consultation.coding import accuracy, model_store
from consultation.coding.codebooks import check_codebook, create_codebook
from consultation.coding.items import CodingError, certainty, coder_for, ensure_items, stored
from consultation.coding.models import FIRST, MANUAL, CodingCode, CodingItem, CodingSetup
from consultation.models import Answer, Consultation, Question
from nlp.discovery import discover_themes, to_codebook
from nlp.themes import ThemeCoder
from portal.core import audit
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.jobs import get_job, report_progress

CHUNK = 2000
MIN_TRAINING = 20
DISCOVERY_SAMPLE = 5000


@dataclass(frozen=True)
class JobKind:
    kind: str
    function: str
    doing: str  # the progress page's heading while it runs
    finished: str  # and once it has finished
    all_or_nothing: bool  # True: a stopped job has saved nothing


CODE = JobKind("coding.code", f"{__name__}:run_coding_job", "Coding answers", "Answers coded", False)
RETRAIN = JobKind("coding.retrain", f"{__name__}:run_retrain_job", "Retraining the model", "Model retrained", True)
BULK_ACCEPT = JobKind(
    "coding.bulk_accept", f"{__name__}:run_bulk_accept_job", "Accepting suggestions", "Suggestions accepted", True
)
DISCOVER = JobKind("coding.discover", f"{__name__}:run_discovery_job", "Finding themes", "Themes found", True)
KINDS = {job_kind.kind: job_kind for job_kind in (CODE, RETRAIN, BULK_ACCEPT, DISCOVER)}

# The names other modules and tests already use.
CODE_KIND, CODE_FUNCTION = CODE.kind, CODE.function
RETRAIN_KIND, RETRAIN_FUNCTION = RETRAIN.kind, RETRAIN.function


def job_target(question_id: int) -> str:
    return f"question:{question_id}"


def _created_by(job_id: str) -> str | None:
    job = get_job(job_id)
    return job.created_by if job else None


_items = CodingItem.__table__
SAVE_SUGGESTIONS = (
    update(_items)
    .where(_items.c.id == bindparam("item_id"), _items.c.reviewed_at.is_(None))
    .values(
        suggestions=bindparam("new_suggestions", type_=_items.c.suggestions.type),
        certainty=bindparam("new_certainty", type_=_items.c.certainty.type),
    )
)


def unreviewed_texts(question_id: int, suggested_only: bool = False) -> list[tuple[int, str]]:
    """(item id, answer text) of the answers nobody has reviewed, oldest first."""
    query = (
        select(CodingItem.id, Answer.text)
        .join(Answer, Answer.id == CodingItem.answer_id)
        .where(CodingItem.question_id == question_id, CodingItem.reviewed_at.is_(None))
    )
    if suggested_only:
        query = query.where(CodingItem.suggestions.is_not(None))
    return [(item_id, text or "") for item_id, text in db.session.execute(query.order_by(CodingItem.id))]


def suggestions_for(coder: ThemeCoder, rows: list[tuple[int, str]]) -> list[dict[str, Any]]:
    found = coder.suggest([text for _, text in rows])
    return [
        {"item_id": item_id, "new_suggestions": stored(themes), "new_certainty": certainty(themes)}
        for (item_id, _), themes in zip(rows, found, strict=True)
    ]


def save_suggestions(values: list[dict[str, Any]]) -> None:
    """Store suggestions on answers still waiting for review; the caller commits."""
    for start in range(0, len(values), CHUNK):
        db.session.execute(SAVE_SUGGESTIONS, values[start : start + CHUNK])


def run_coding_job(job_id: str, question_id: int) -> dict[str, Any]:
    """Suggest themes for every answer not yet reviewed (reviewed answers keep what their reviewer saw)."""
    setup = db.session.get(CodingSetup, question_id)
    if setup is None:
        raise CodingError("Choose a codebook before coding answers")
    coder, source = coder_for(setup)
    ensure_items(question_id)
    db.session.commit()
    rows = unreviewed_texts(question_id)
    total = len(rows)
    report_progress(job_id, 0, total, "Coding answers")
    for start in range(0, total, CHUNK):
        chunk = rows[start : start + CHUNK]
        save_suggestions(suggestions_for(coder, chunk))
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
    """Train on the answers reviewed one by one, then re-code the suggested answers still waiting for review.

    The model and the new suggestions are saved together at the end: until then the old model and
    its suggestions stay as they were.
    """
    report_progress(job_id, 0, 0, "Reading reviewed answers")
    setup = db.session.get(CodingSetup, question_id)
    texts, labels = training_data(question_id)
    if setup is None or len(texts) < MIN_TRAINING:
        raise CodingError(f"Review at least {MIN_TRAINING} answers one by one before training")
    waiting = unreviewed_texts(question_id, suggested_only=True)
    report_progress(job_id, 0, len(waiting), f"Training on {len(texts):,} reviewed answers")
    codebook = setup.codebook.as_dict() if setup.codebook else None
    coder = ThemeCoder().fit(texts, labels, codebook=codebook)
    values: list[dict[str, Any]] = []
    for start in range(0, len(waiting), CHUNK):
        values += suggestions_for(coder, waiting[start : start + CHUNK])
        report_progress(job_id, len(values), len(waiting), "Coding the answers waiting for review again")
    setup.model, setup.model_examples, setup.model_trained_at = model_store.seal(coder), len(texts), utcnow()
    save_suggestions(values)
    db.session.commit()
    return {"examples": len(texts), "themes": len(set().union(*labels)), "recoded": len(values)}


def run_bulk_accept_job(job_id: str, question_id: int, threshold: float) -> dict[str, Any]:
    """Accept every suggestion at or above ``threshold`` on answers waiting for review, in one transaction."""
    precision = accuracy.precision_at(question_id, threshold)
    who = _created_by(job_id) or "system"

    def progress(done: int, total: int) -> None:
        report_progress(job_id, done, total, "Accepting suggestions")

    total = accuracy.bulk_candidates(question_id, threshold)
    progress(0, total)
    accepted = accuracy.bulk_accept(question_id, threshold, who, progress)
    audit.record(
        "coding.bulk_accept",
        "consultation_question",
        question_id,
        threshold=threshold,
        accepted=accepted,
        expected_precision=precision.precision,
        job=job_id,
        by=who,
    )
    db.session.commit()  # the job's only commit: stopped before here, it has accepted nothing
    progress(total, total)  # SQLite cannot record progress while the job's transaction is writing
    return {"accepted": accepted, "threshold": threshold, "expected_precision": precision.precision}


def _answered(question_id: int) -> tuple:
    return Answer.question_id == question_id, Answer.text.is_not(None), Answer.text != ""


def discovery_texts(question_id: int) -> list[str]:
    query = select(Answer.text).where(*_answered(question_id)).order_by(Answer.id).limit(DISCOVERY_SAMPLE)
    return list(db.session.scalars(query))


def answers_to_discover(question_id: int) -> int:
    return db.session.scalar(select(func.count()).where(*_answered(question_id))) or 0


def run_discovery_job(job_id: str, question_id: int) -> dict[str, Any]:
    """Find candidate themes in the answers and save them as a new codebook (only once they are all found)."""
    report_progress(job_id, 0, 2, "Reading answers")
    question = db.session.get(Question, question_id)
    texts = discovery_texts(question_id)
    report_progress(job_id, 1, 2, f"Looking for themes in {len(texts):,} answers")
    candidates = discover_themes(texts)
    if question is None or not candidates:
        raise CodingError("There are not enough answers to this question to find themes")
    consultation = db.session.get(Consultation, question.consultation_id)
    codebook = create_codebook(consultation, check_codebook(to_codebook(candidates)))
    audit.record(
        "coding.codebook_create",
        "coding_codebook",
        codebook.id,
        source="discovered",
        job=job_id,
        by=_created_by(job_id),
    )
    db.session.commit()
    return {"codebook": codebook.id, "themes": len(codebook.themes)}
