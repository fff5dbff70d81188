"""Changing the queue: recording that a flagged item was reviewed or referred, with the audit entry."""

from __future__ import annotations

from portal.core import audit
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.safeguarding.models import REFERRED, REVIEWED, SafeguardingFlag


def record_outcome(flag: SafeguardingFlag, outcome: str, note: str, who: str) -> None:
    """Mark the item reviewed or referred, keep the note, audit it (without the note) and commit."""
    if outcome not in (REVIEWED, REFERRED):
        raise ValueError(outcome)
    flag.status, flag.note = outcome, note.strip()
    flag.reviewed_by, flag.reviewed_at = who, utcnow()
    # The note can name people, so the audit log records only what was decided.
    audit.record(f"safeguarding.{outcome}", "safeguarding_flag", flag.id, level=flag.level, category=flag.category)
    db.session.commit()
