"""Consultation and survey answers through the safeguarding check, after they are saved.

Every written answer (free text and "other, please say") is assessed; one at concern or above is
flagged for the safeguarding lead, and the confirmation page shows help: easy-read lines on the
young person's survey, the help panel everywhere else. Imported paper and email responses are
checked after the import commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from consultation.models import SOURCES, Answer, Consultation, Question, Response
from consultation.respondents import respondent_type_label
from portal.core.extensions import db
from portal.core.safeguarding import public as safeguarding_help
from portal.core.safeguarding.context import FlagContext
from portal.core.safeguarding.flags import Risk, Said, assess_and_flag

YOUNG_PERSON = "young_person"
CHUNK = 500


def _help_key(consultation: Consultation) -> str:
    return f"consultation:{consultation.slug}"


def check_response(consultation: Consultation, response: Response, kind: str = "answer") -> Risk | None:
    """Assess and flag the response's written answers, and keep any help for its confirmation page."""
    items = [
        Said(kind, answer.text, ref=response.reference, answer_id=answer.id)
        for answer in response.answers
        if answer.text
    ]
    risk = assess_and_flag(items)
    safeguarding_help.remember(_help_key(consultation), risk)
    return risk


def confirmation_help(consultation: Consultation, easy_read: bool = False) -> dict | None:
    return safeguarding_help.help_view(safeguarding_help.remembered(_help_key(consultation)), easy_read)


def check_imported(response_ids: Iterable[int]) -> int:
    """Assess and flag the written answers of imported responses; how many were flagged at concern or above."""
    ids = list(response_ids)
    flagged = 0
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            select(Answer.id, Answer.text, Response.source, Response.id)
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.response_id.in_(ids[start : start + CHUNK]), func.coalesce(Answer.text, "") != "")
            .order_by(Answer.id)
        ).all()
        for answer_id, text, source, response_id in rows:
            said = Said("imported_answer", text, ref=f"{source} response {response_id}", answer_id=answer_id)
            flagged += assess_and_flag([said]) is not None
    return flagged


def answer_context(answer_id: int) -> FlagContext | None:
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
