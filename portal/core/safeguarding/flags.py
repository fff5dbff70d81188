"""The one call every place a person types makes after saving: assess the words, flag them for staff.

``assess_and_flag`` runs ``nlp.safeguarding.assess`` on each piece of text, stores a flag for each
at concern or above, emails each emergency to the safeguarding inbox, and returns the most serious
assessment so the confirmation page can show help. It runs after the person's words are committed
and never raises: a fault here is logged and the saved answer stands.

Features use this module (and ``levels_for_answers`` / ``flagged_answers`` to keep flagged words out
of quotes and to mark exports); the queue itself is in ``queries`` and ``services``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from portal.core.extensions import db
from portal.core.safeguarding.models import SafeguardingFlag

log = logging.getLogger(__name__)

EMERGENCY = "emergency"
SEVERITY = {EMERGENCY: 2, "concern": 1}


@dataclass(frozen=True)
class Said:
    """One piece of free text a person wrote, and the saved row that holds it."""

    kind: str
    text: str | None
    ref: str | None = None
    answer_id: int | None = None
    page_feedback_id: int | None = None
    problem_report_id: int | None = None


@dataclass(frozen=True)
class Risk:
    """What the confirmation page needs to show help: the level and the category, never the words."""

    level: str
    category: str | None


def _assess(text: str):
    from nlp.safeguarding import assess

    return assess(text)


def _evidence(words: str | None) -> str | None:
    """The evidence words, with names, numbers and addresses taken out, as the queue lists them."""
    if not words:
        return None
    from nlp.redact import redact

    return redact(words)[0][:300]


def _already_flagged(item: Said) -> bool:
    for column, value in (
        (SafeguardingFlag.answer_id, item.answer_id),
        (SafeguardingFlag.page_feedback_id, item.page_feedback_id),
        (SafeguardingFlag.problem_report_id, item.problem_report_id),
    ):
        if value is not None:
            return db.session.scalar(select(SafeguardingFlag.id).where(column == value)) is not None
    return False


def _flag(item: Said, assessment) -> SafeguardingFlag:
    flag = SafeguardingFlag(
        source_kind=item.kind,
        source_ref=(item.ref or "")[:200] or None,
        answer_id=item.answer_id,
        page_feedback_id=item.page_feedback_id,
        problem_report_id=item.problem_report_id,
        level=assessment.level,
        category=assessment.category,
        evidence=_evidence(assessment.evidence),
    )
    db.session.add(flag)
    return flag


def most_serious(risks: Iterable[Risk | None]) -> Risk | None:
    found = [risk for risk in risks if risk is not None]
    return max(found, key=lambda risk: SEVERITY.get(risk.level, 0)) if found else None


def _assess_one(item: Said) -> tuple[Risk | None, SafeguardingFlag | None]:
    if not (item.text or "").strip():
        return None, None
    assessment = _assess(item.text)
    if not assessment:
        return None, None
    risk = Risk(assessment.level, assessment.category)
    if _already_flagged(item):  # the same form sent twice: help again, but one flag
        return risk, None
    return risk, _flag(item, assessment)


def assess_and_flag(items: Iterable[Said]) -> Risk | None:
    """Flag every text at concern or above; the most serious risk found, or None. Never raises."""
    risks, flags = [], []
    try:
        for item in items:
            risk, flag = _assess_one(item)
            risks.append(risk)
            if flag is not None:
                flags.append(flag)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("Safeguarding: could not assess or flag saved free text")  # no words: they are personal
        return most_serious(risks)
    _alert(flags)
    return most_serious(risks)


def _alert(flags: list[SafeguardingFlag]) -> None:
    from portal.core.safeguarding.alerts import send_emergency_alert

    for flag in flags:
        if flag.level == EMERGENCY:
            send_emergency_alert(flag)


def most_serious_level(levels: Iterable[str]) -> str:
    """'emergency' over 'concern'; empty when there are none (an export's flag cell)."""
    return max(levels, key=lambda level: SEVERITY.get(level, 0), default="")


def levels_for_answers(answer_ids: Iterable[int]) -> dict[int, str]:
    """The flag level of each of these answers that has one."""
    ids = list(answer_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 1000):
        rows = db.session.execute(
            select(SafeguardingFlag.answer_id, SafeguardingFlag.level).where(
                SafeguardingFlag.answer_id.in_(ids[start : start + 1000])
            )
        )
        found.update({answer_id: level for answer_id, level in rows})
    return found


def flagged_answers():
    """A subquery of every flagged answer's id, for ``Answer.id.not_in(...)``."""
    return select(SafeguardingFlag.answer_id).where(SafeguardingFlag.answer_id.is_not(None))
