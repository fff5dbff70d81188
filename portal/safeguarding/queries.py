"""Reading the "Needs attention" queue: the items, how many wait, and each flagged text in its context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select

from portal.audit import utcnow
from portal.extensions import db
from portal.safeguarding.models import NEW, SafeguardingFlag

DONE_SHOWN = 100
EMERGENCY_FIRST = case((SafeguardingFlag.level == "emergency", 0), else_=1)


def count_unreviewed() -> int:
    return db.session.scalar(select(func.count()).where(SafeguardingFlag.status == NEW)) or 0


def unreviewed() -> list[SafeguardingFlag]:
    """Every item not yet dealt with: emergencies first, then the longest waiting."""
    query = select(SafeguardingFlag).where(SafeguardingFlag.status == NEW)
    return list(db.session.scalars(query.order_by(EMERGENCY_FIRST, SafeguardingFlag.created_at, SafeguardingFlag.id)))


def dealt_with(limit: int = DONE_SHOWN) -> list[SafeguardingFlag]:
    """The most recently reviewed or referred items."""
    query = select(SafeguardingFlag).where(SafeguardingFlag.status != NEW)
    return list(db.session.scalars(query.order_by(SafeguardingFlag.reviewed_at.desc()).limit(limit)))


def count_dealt_with() -> int:
    return db.session.scalar(select(func.count()).where(SafeguardingFlag.status != NEW)) or 0


def find_flag(flag_id: int) -> SafeguardingFlag | None:
    return db.session.get(SafeguardingFlag, flag_id)


def minutes_waiting(flag: SafeguardingFlag, now: datetime | None = None) -> int:
    return max(0, int(((now or utcnow()) - flag.created_at).total_seconds() // 60))


@dataclass
class FlagContext:
    """The flagged words and what staff need around them to act: where, when and in answer to what."""

    text: str
    details: list[tuple[str, str]] = field(default_factory=list)
    others: list[tuple[str, str]] = field(default_factory=list)  # the same person's other written answers


def _answer_context(answer_id: int) -> FlagContext | None:
    from consultation.models import SOURCES, Answer, Consultation, Question, Response
    from consultation.vocabulary import respondent_type_label

    answer = db.session.get(Answer, answer_id)
    if answer is None:
        return None
    response = db.session.get(Response, answer.response_id)
    question = db.session.get(Question, answer.question_id)
    consultation = db.session.get(Consultation, response.consultation_id)
    others = db.session.execute(
        select(Question.text, Answer.text)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id == response.id, Answer.id != answer.id, func.coalesce(Answer.text, "") != "")
        .order_by(Question.position, Answer.id)
    ).all()
    details = [
        (consultation.kind_label, consultation.title),
        ("Question", question.text),
        ("Who answered", respondent_type_label(response.respondent_type, response.respondent_detail)),
        ("Sent", f"{response.submitted_on:%d %B %Y}, {SOURCES.get(response.source, response.source).lower()}"),
        ("Reference number", response.reference or "None (imported)"),
        ("Contact details given", "Yes: see the response" if response.contact else "No"),
    ]
    return FlagContext(answer.text or "", details, [tuple(row) for row in others])


def _feedback_context(feedback_id: int) -> FlagContext | None:
    from local_offer.models import Service
    from portal.feedback import PageFeedback

    feedback = db.session.get(PageFeedback, feedback_id)
    if feedback is None:
        return None
    service = db.session.get(Service, feedback.service_id) if feedback.service_id else None
    helpful = {True: "Yes", False: "No", None: "Not answered"}[feedback.helpful]
    details = [("Page", feedback.path), ("Was the page helpful?", helpful)]
    if service is not None:
        details.insert(0, ("Service", service.name))
    return FlagContext(feedback.comment or "", details)


def _report_context(report_id: int) -> FlagContext | None:
    from local_offer.models import PROBLEM_KINDS, ProblemReport

    report = db.session.get(ProblemReport, report_id)
    if report is None:
        return None
    details = [("Service", report.service.name), ("Problem", PROBLEM_KINDS.get(report.kind, report.kind))]
    return FlagContext(report.details or "", details)


def flag_context(flag: SafeguardingFlag) -> FlagContext | None:
    """The flagged text in its context, or None when its source has gone."""
    if flag.answer_id is not None:
        return _answer_context(flag.answer_id)
    if flag.page_feedback_id is not None:
        return _feedback_context(flag.page_feedback_id)
    if flag.problem_report_id is not None:
        return _report_context(flag.problem_report_id)
    return None


@dataclass(frozen=True)
class Pending:
    """An unreviewed item as the cron command lists it: no words."""

    id: int
    source_kind: str
    level: str
    category: str | None
    minutes: int


def pending(now: datetime | None = None) -> list[Pending]:
    now = now or utcnow()
    return [
        Pending(flag.id, flag.source_kind, flag.level, flag.category, minutes_waiting(flag, now))
        for flag in unreviewed()
    ]
