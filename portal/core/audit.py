"""The audit log of staff actions. Entries never hold passwords or free text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(255), default="system")
    action: Mapped[str] = mapped_column(String(80), index=True)
    target_type: Mapped[str | None] = mapped_column(String(80))
    target_id: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(action: str, target_type: str | None = None, target_id: Any = None, **detail: Any) -> AuditEvent:
    """Add an audit entry to the current transaction; the caller commits."""
    user_id, actor = None, "system"
    if has_request_context() and current_user.is_authenticated:
        user_id, actor = current_user.id, current_user.email
    event = AuditEvent(
        user_id=user_id,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        detail={key: value for key, value in detail.items() if value is not None},
    )
    db.session.add(event)
    return event
