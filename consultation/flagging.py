"""Consultation and survey answers through the safeguarding check, after they are saved.

Every written answer (free text and "other, please say") is assessed; one at concern or above is
flagged for the safeguarding lead, and the confirmation page shows help: easy-read lines on the
young person's survey, the help panel everywhere else. Imported paper and email responses are
checked after the import commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from consultation.models import Answer, Consultation, Response
from portal.extensions import db
from portal.safeguarding import public as safeguarding_help
from portal.safeguarding.flags import Risk, Said, assess_and_flag

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
