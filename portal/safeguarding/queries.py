"""Reading the "Needs attention" queue: the items, how many wait, and each flagged text in its context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.safeguarding.models import NEW, SafeguardingFlag

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
