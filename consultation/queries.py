"""Small typed queries the routes call: finding consultations and counting responses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from consultation.models import Consultation, Question, Response
from portal.core.extensions import db
from portal.core.paging import Page, paginate


@dataclass(frozen=True)
class PublicLists:
    open: list[Consultation]
    closed: list[Consultation]


def consultation_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def published_by_slug(slug: str, today: date | None = None) -> Consultation | None:
    """A consultation the public may see: published and already open (or since closed)."""
    consultation = consultation_by_slug(slug)
    if consultation is None or consultation.status(today) in ("draft", "scheduled"):
        return None
    return consultation


def public_lists(today: date | None = None) -> PublicLists:
    today = today or date.today()
    published = db.session.scalars(
        select(Consultation)
        .where(Consultation.published_at.is_not(None), Consultation.opens_on <= today)
        .order_by(Consultation.closes_on.desc(), Consultation.title)
    ).all()
    return PublicLists(
        open=sorted((c for c in published if c.status(today) == "open"), key=lambda c: (c.closes_on, c.title)),
        closed=[c for c in published if c.status(today) == "closed"],
    )


def all_consultations() -> list[Consultation]:
    return list(db.session.scalars(select(Consultation).order_by(Consultation.created_at.desc(), Consultation.id)))


def response_counts() -> dict[int, int]:
    rows = db.session.execute(select(Response.consultation_id, func.count()).group_by(Response.consultation_id)).all()
    return {consultation_id: count for consultation_id, count in rows}


def response_count(consultation: Consultation) -> int:
    return (
        db.session.scalar(select(func.count()).select_from(Response).where(Response.consultation_id == consultation.id))
        or 0
    )


def question_in(consultation: Consultation, question_id: int) -> Question | None:
    question = db.session.get(Question, question_id)
    return question if question is not None and question.consultation_id == consultation.id else None


@dataclass(frozen=True)
class ResponseFilters:
    respondent_type: str | None = None
    question_id: int | None = None
    option_value: str | None = None
    text: str | None = None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def browse_responses(consultation: Consultation, filters: ResponseFilters, page: int, per_page: int) -> Page[Response]:
    from consultation.models import Answer
    from consultation.results import NOT_GIVEN

    query = select(Response).where(Response.consultation_id == consultation.id)
    if filters.respondent_type == NOT_GIVEN:
        query = query.where(Response.respondent_type.is_(None))
    elif filters.respondent_type:
        query = query.where(Response.respondent_type == filters.respondent_type)
    if filters.question_id is not None:
        answered = select(Answer.id).where(Answer.response_id == Response.id, Answer.question_id == filters.question_id)
        if filters.option_value:
            answered = answered.where(Answer.option_value == filters.option_value)
        query = query.where(answered.exists())
    if filters.text:
        matching = select(Answer.id).where(
            Answer.response_id == Response.id, Answer.text.ilike(_like(filters.text), escape="\\")
        )
        if filters.question_id is not None:
            matching = matching.where(Answer.question_id == filters.question_id)
        query = query.where(matching.exists())
    return paginate(query.order_by(Response.id.desc()), page, per_page)


def response_in(consultation: Consultation, response_id: int) -> Response | None:
    response = db.session.get(Response, response_id)
    return response if response is not None and response.consultation_id == consultation.id else None


def response_answers(response: Response) -> dict[str, object]:
    """A stored response in the form shape (``q12``, ``q12_other``) the presenters read."""
    shaped: dict[str, object] = {}
    questions = {q.id: q for q in db.session.get(Consultation, response.consultation_id).questions}
    for answer in response.answers:
        question = questions.get(answer.question_id)
        key = f"q{answer.question_id}"
        if question is None:
            continue
        if question.kind == "text":
            shaped[key] = answer.text or ""
            continue
        if question.kind == "multiple":
            shaped.setdefault(key, []).append(answer.option_value)  # type: ignore[union-attr]
        else:
            shaped[key] = answer.option_value
        if answer.text:
            shaped[f"{key}_other"] = answer.text
    return shaped
