"""The chat's knowledge base, which staff edit, and its improvement log, which never holds raw text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.audit import utcnow
from portal.core.extensions import db


class KnowledgeEntry(db.Model):
    """One answer the helper can give, found by matching a message against its question variants."""

    __tablename__ = "chat_knowledge_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    intent: Mapped[str] = mapped_column(String(40), index=True)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ChatLog(db.Model):
    """One message, kept to improve the helper: redacted text only, and for safeguarding only the flag and time."""

    __tablename__ = "chat_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str | None] = mapped_column(String(10))
    intent: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column(Float)
    message: Mapped[str | None] = mapped_column(Text)
    answered: Mapped[bool | None] = mapped_column(Boolean, index=True)
    knowledge_entry_id: Mapped[int | None] = mapped_column(ForeignKey("chat_knowledge_entry.id", ondelete="SET NULL"))
