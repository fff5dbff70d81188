"""The search document per visible service, and the vocabulary used for spelling correction.

The engine-specific index is kept in step by the database itself: on SQLite an external-content
FTS5 table with triggers, on PostgreSQL a generated ``tsvector`` column. Both are created in the
migration, so the application only ever writes ``search_document`` rows.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.extensions import db


class SearchDocument(db.Model):
    __tablename__ = "search_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Made-up words for the parents' filters (see filter_tokens.py); not shown, not ranked.
    filters: Mapped[str] = mapped_column(Text, default="")


class SearchTerm(db.Model):
    """A word found in the index, with the number of documents holding it."""

    __tablename__ = "search_term"

    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    doc_count: Mapped[int] = mapped_column(default=0)
