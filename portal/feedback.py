"""'Was this page helpful?' answers. They are a satisfaction measure the indicators read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.audit import utcnow
from portal.extensions import db

COMMENT_MAX = 1000


class PageFeedback(db.Model):
    __tablename__ = "page_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    path: Mapped[str] = mapped_column(String(500))
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"), index=True)
    helpful: Mapped[bool | None] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)


def record_page_feedback(path: str, helpful: bool | None, comment: str | None, service_id: str | None = None):
    feedback = PageFeedback(
        path=path[:500], helpful=helpful, comment=(comment or "").strip()[:COMMENT_MAX] or None, service_id=service_id
    )
    db.session.add(feedback)
    db.session.commit()
    return feedback
