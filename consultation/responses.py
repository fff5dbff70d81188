"""Saving a person's answers: one response per submitted form, however often it is sent."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.models import Answer, Consultation, Question, Response
from portal.core.extensions import db

# No 0/O, 1/I/L, U/V: a reference is read aloud over the phone and copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_reference() -> str:
    """'SEND-7KQ4-M2XD': 29**8 (about 5 * 10**11) possibilities, so guessing one is hopeless."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SEND-{chars[:4]}-{chars[4:]}"


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


def valid_token(token: str | None) -> bool:
    return bool(token and TOKEN_PATTERN.match(token))


def response_for_token(consultation: Consultation, token: str | None) -> Response | None:
    if not valid_token(token):
        return None
    return db.session.scalar(
        select(Response).where(Response.submission_token == token, Response.consultation_id == consultation.id)
    )


def answer_rows(question: Question, answers: Mapping[str, Any], respondent_type: str | None) -> list[Answer]:
    """The answer rows for one question from form-shaped answers ({'q12': …, 'q12_other': …})."""
    key = f"q{question.id}"
    value = answers.get(key)
    if question.kind == "respondent_type" or value in (None, "", []):
        return []
    if question.kind == "text":
        return [Answer(question_id=question.id, text=str(value), respondent_type=respondent_type)]
    values = value if isinstance(value, list) else [value]
    other_text = (answers.get(f"{key}_other") or "").strip() or None
    texts = {option.value: other_text for option in question.options if option.asks_for_text}
    return [
        Answer(question_id=question.id, option_value=v, text=texts.get(v), respondent_type=respondent_type)
        for v in values
    ]


def respondent_of(consultation: Consultation, answers: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The respondent type and its detail (age band, role, or 'other, please say' text)."""
    from consultation.respondents import respondent_type

    question = next((q for q in consultation.visible_questions if q.kind == "respondent_type"), None)
    if question is None:
        return None, None
    value = answers.get(f"q{question.id}") or None
    kind = respondent_type(value)
    if kind is None:
        return None, None
    detail = answers.get(f"q{question.id}_{value}") if kind.detail or kind.asks_for_text else None
    return value, (str(detail).strip()[:200] or None) if detail else None


def save_response(
    consultation: Consultation,
    answers: Mapping[str, Any],
    token: str | None,
    contact: str | None = None,
    source: str = "online",
    *,
    respondent_type: str | None = None,
    before_commit: Callable[[Response], None] | None = None,
) -> Response:
    """Record one response and commit. A token already used returns the response it made.

    ``respondent_type`` is the type when the answers do not say; ``before_commit`` adds to the same
    transaction once the response has its id (an invited survey ties it to the link's batch).
    """
    existing = response_for_token(consultation, token)
    if existing is not None:
        return existing
    kind, detail = respondent_of(consultation, answers)
    kind = kind or respondent_type
    response = Response(
        consultation_id=consultation.id,
        reference=new_reference(),
        submission_token=token if valid_token(token) else None,
        submitted_on=date.today(),
        source=source,
        respondent_type=kind,
        respondent_detail=detail,
        contact=(contact or "").strip() or None,
    )
    for question in consultation.visible_questions:
        response.answers.extend(answer_rows(question, answers, kind))
    db.session.add(response)
    try:
        if before_commit is not None:
            db.session.flush()
            before_commit(response)
        db.session.commit()
    except IntegrityError:
        # The same form sent twice at once: the other request saved it first.
        db.session.rollback()
        existing = response_for_token(consultation, token)
        if existing is None:
            raise
        return existing
    return response
