"""The one-question-per-page journey keeps its answers in the signed session cookie, not the database.

A cookie holds about 4 KB. Answers are compressed by the session serializer, and an answer that
would take the cookie past the limit is refused with a clear message rather than lost silently.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, session

from consultation.models import Consultation
from consultation.responses import new_submission_token

DRAFTS = "consultation_drafts"
DONE = "consultation_done"
COOKIE_LIMIT = 3800  # bytes; browsers drop cookies over 4096, and the other session values need room


def draft(consultation: Consultation) -> dict[str, Any] | None:
    return session.get(DRAFTS, {}).get(str(consultation.id))


def start_draft(consultation: Consultation) -> dict[str, Any]:
    current = draft(consultation)
    if current is not None:
        return current
    drafts = dict(session.get(DRAFTS, {}))
    drafts[str(consultation.id)] = {"token": new_submission_token(), "answers": {}}
    session[DRAFTS] = drafts
    return drafts[str(consultation.id)]


def _cookie_size() -> int:
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    return len(serializer.dumps(dict(session))) if serializer else 0


def store_answers(consultation: Consultation, field_names: list[str], answers: dict[str, Any]) -> bool:
    """Replace the answers for one page's fields; False (and nothing changed) if they will not fit."""
    current = draft(consultation) or start_draft(consultation)
    kept = {k: v for k, v in current["answers"].items() if k not in field_names}
    kept.update({k: v for k, v in answers.items() if k in field_names})
    drafts = dict(session.get(DRAFTS, {}))
    previous = drafts.get(str(consultation.id))
    drafts[str(consultation.id)] = {"token": current["token"], "answers": kept}
    session[DRAFTS] = drafts
    if _cookie_size() > COOKIE_LIMIT:
        drafts[str(consultation.id)] = previous
        session[DRAFTS] = drafts
        return False
    return True


def clear_draft(consultation: Consultation) -> None:
    drafts = dict(session.get(DRAFTS, {}))
    drafts.pop(str(consultation.id), None)
    session[DRAFTS] = drafts


def remember_done(consultation: Consultation, reference: str) -> None:
    done = dict(session.get(DONE, {}))
    done[consultation.slug] = reference
    session[DONE] = done


def done_reference(consultation: Consultation) -> str | None:
    return session.get(DONE, {}).get(consultation.slug)
