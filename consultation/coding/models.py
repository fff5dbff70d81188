"""Codebooks, machine suggestions, coders' codes, agreement samples and approved quotes.

A ``CodingItem`` is one free-text answer in the coding workflow. Its machine suggestions are kept
as they were when a person reviewed it, so the suggestions' precision and agreement with people
are measured on what reviewers actually saw. Codes are rows (question, theme, respondent type)
so theme counts are GROUP BY queries, like the consultation's own results.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit import utcnow
from portal.core.extensions import db

__all__ = ["CodingCode", "CodingCodebook", "CodingItem", "CodingQuote", "CodingSetup"]

FIRST, SECOND = "first", "second"
MANUAL, BULK = "manual", "bulk"


class CodingCodebook(db.Model):
    """A consultation's codebook, stored in the ``nlp.themes`` codebook shape."""

    __tablename__ = "coding_codebook"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    themes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "themes": list(self.themes or [])}

    def theme_names(self) -> dict[str, str]:
        return {theme["id"]: theme["name"] for theme in self.themes or []}


class CodingSetup(db.Model):
    """How one free-text question is coded: its codebook and the model trained on its reviewed answers."""

    __tablename__ = "coding_setup"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_question.id", ondelete="CASCADE"), primary_key=True
    )
    codebook_id: Mapped[int | None] = mapped_column(ForeignKey("coding_codebook.id", ondelete="SET NULL"))
    model: Mapped[bytes | None] = mapped_column(LargeBinary)
    model_examples: Mapped[int] = mapped_column(Integer, default=0)
    model_trained_at: Mapped[datetime | None] = mapped_column(DateTime)

    codebook: Mapped[CodingCodebook | None] = relationship()


class CodingItem(db.Model):
    __tablename__ = "coding_item"
    __table_args__ = (Index("ix_coding_item_queue", "question_id", "reviewed_at", "certainty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_question.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(ForeignKey("consultation_answer.id", ondelete="CASCADE"), unique=True)
    respondent_type: Mapped[str | None] = mapped_column(String(40))
    # [{"theme", "confidence", "evidence": [[start, end], ...]}], most confident first
    suggestions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The confidence of the least confident suggestion; 0 when the machine found nothing.
    certainty: Mapped[float] = mapped_column(Float, default=0.0)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(255))
    review_method: Mapped[str | None] = mapped_column(String(20))
    in_sample: Mapped[bool] = mapped_column(default=False)
    second_at: Mapped[datetime | None] = mapped_column(DateTime)
    second_by: Mapped[str | None] = mapped_column(String(255))

    codes: Mapped[list[CodingCode]] = relationship(cascade="all, delete-orphan", order_by="CodingCode.id")

    def themes(self, coder: str = FIRST) -> set[str]:
        return {code.theme for code in self.codes if code.coder == coder}

    def suggested(self, minimum: float = 0.0) -> set[str]:
        return {s["theme"] for s in self.suggestions or [] if s["confidence"] >= minimum}


class CodingCode(db.Model):
    __tablename__ = "coding_code"
    __table_args__ = (Index("ix_coding_code_counts", "question_id", "coder", "theme", "respondent_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("coding_item.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_question.id", ondelete="CASCADE"))
    coder: Mapped[str] = mapped_column(String(10), default=FIRST)
    theme: Mapped[str] = mapped_column(String(80))
    respondent_type: Mapped[str | None] = mapped_column(String(40))


class CodingQuote(db.Model):
    """A redacted quote the lead approved; shown publicly only once published."""

    __tablename__ = "coding_quote"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_question.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("consultation_answer.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(80))
    redacted_text: Mapped[str] = mapped_column(String(2000))
    approved_by: Mapped[str] = mapped_column(String(255))
    approved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
