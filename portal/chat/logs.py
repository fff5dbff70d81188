"""The improvement log: what people asked, redacted, so staff can grow the knowledge base.

Text is stored only after ``nlp.redact`` has removed names, phone numbers, emails, postcodes
and NHS numbers. A safeguarding message is never stored: only that one happened, and when.
Entries older than the retention period are deleted by ``flask chat purge-logs`` and, at most
once an hour per worker, as a side effect of logging a message.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import Flask, current_app
from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, delete, select

from nlp.redact import redact
from nlp.textnorm import tokenize
from portal.chat.models import ChatLog
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.retention import Kind, add_kind, now_on

PURGE_EVERY_SECONDS = 3600
REPORT_LIMIT = 2000  # the most recent unanswered messages a report reads
GROUP_SIMILARITY = 85
_last_purge = 0.0
_purge_lock = threading.Lock()


def record(
    message: str,
    *,
    intent: str,
    confidence: float,
    safeguarding: bool,
    answered: bool,
    channel: str,
    knowledge_id: int | None = None,
) -> ChatLog:
    """Add a log entry to the session; the caller commits."""
    if safeguarding:
        entry = ChatLog(safeguarding=True)
    else:
        redacted, _ = redact(message)
        entry = ChatLog(
            safeguarding=False,
            channel=channel,
            intent=intent,
            confidence=confidence,
            message=redacted,
            answered=answered,
            knowledge_entry_id=knowledge_id,
        )
    db.session.add(entry)
    return entry


def purge_older_than(days: int, now: datetime | None = None) -> int:
    """Delete entries older than ``days`` days; returns how many. The caller commits."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = db.session.execute(delete(ChatLog).where(ChatLog.created_at < cutoff))
    return result.rowcount or 0


def purge_if_due(days: int) -> int:
    """A cheap periodic trigger: purge at most once an hour in each worker."""
    global _last_purge
    now = time.monotonic()
    if _last_purge and now - _last_purge < PURGE_EVERY_SECONDS:
        return 0
    with _purge_lock:
        if _last_purge and now - _last_purge < PURGE_EVERY_SECONDS:
            return 0
        _last_purge = now
    return purge_older_than(days)


@dataclass
class QuestionGroup:
    example: str
    count: int = 0
    last_asked: datetime | None = None
    messages: list[str] = field(default_factory=list)


def group_key(text: str) -> str:
    """Messages that differ only in case, punctuation, word order or word endings share a key."""
    words = {t.lemma for t in tokenize(re.sub(r"\[[a-z ]+\]", " ", text))}
    return " ".join(sorted(words))


def unanswered(low_confidence: float) -> list[QuestionGroup]:
    """Questions the helper could not answer (out of scope, unsure, or nothing in the knowledge
    base), most asked first; near-identical wordings are grouped."""
    rows = db.session.execute(
        select(ChatLog.message, ChatLog.created_at)
        .where(
            ChatLog.safeguarding.is_(False),
            ChatLog.message.is_not(None),
            (ChatLog.answered.is_(False)) | (ChatLog.confidence < low_confidence),
        )
        .order_by(ChatLog.created_at.desc())
        .limit(REPORT_LIMIT)
    ).all()
    groups: list[tuple[str, QuestionGroup]] = []
    for message, created in rows:
        key = group_key(message)
        home = next((g for k, g in groups if k == key or fuzz.ratio(k, key) >= GROUP_SIMILARITY), None)
        if home is None:
            home = QuestionGroup(example=message)
            groups.append((key, home))
        home.count += 1
        home.last_asked = max(home.last_asked or created, created)
        if len(home.messages) < 5 and message not in home.messages:
            home.messages.append(message)
    return sorted((g for _, g in groups), key=lambda g: (-g.count, g.example))


def expired_chat_logs(today: date) -> ColumnElement[bool]:
    """Chat log entries older than CHAT_LOG_RETENTION_DAYS."""
    return ChatLog.created_at < now_on(today) - timedelta(days=current_app.config["CHAT_LOG_RETENTION_DAYS"])


def register_retention(app: Flask) -> None:
    days = app.config["CHAT_LOG_RETENTION_DAYS"]
    add_kind(app, Kind("chat log entries", f"{days} days", ChatLog, expired_chat_logs, order=20))
