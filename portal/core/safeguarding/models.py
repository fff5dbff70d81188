"""A safeguarding flag: one piece of free text a person wrote that suggests someone may be at risk.

A flag points at the row that holds the words (an answer, a page comment or a problem report)
through a foreign key that cascades, so when retention or erasure deletes the source, the
database deletes its flag too. The flag keeps only the few evidence words the risk model gave,
never a copy of the text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nlp.safeguarding_categories import CATEGORY_LABELS
from portal.core.audit import utcnow
from portal.core.extensions import db

__all__ = ["SafeguardingFlag"]

SOURCE_KINDS = {
    "answer": "Consultation or survey answer",
    "young_person_answer": "Young person's survey answer",
    "imported_answer": "Imported paper or email answer",
    "page_feedback": "Comment on a service page",
    "site_feedback": "Feedback on the website",
    "problem_report": "Problem report",
}
NEW, REVIEWED, REFERRED = "new", "reviewed", "referred"
STATUSES = {NEW: "New", REVIEWED: "Reviewed", REFERRED: "Referred"}
LEVELS = {"emergency": "Emergency", "concern": "Concern"}


class SafeguardingFlag(db.Model):
    __tablename__ = "safeguarding_flag"
    __table_args__ = (Index("ix_safeguarding_flag_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(40))
    # What staff can find the source by: a response's reference, a page's address, a service's name.
    source_ref: Mapped[str | None] = mapped_column(String(200))
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_answer.id", ondelete="CASCADE"), index=True, unique=True
    )
    page_feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_feedback.id", ondelete="CASCADE"), index=True, unique=True
    )
    problem_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_report.id", ondelete="CASCADE"), index=True, unique=True
    )
    level: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(60))
    evidence: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=NEW)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(255))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def source_label(self) -> str:
        return SOURCE_KINDS.get(self.source_kind, self.source_kind)

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category or "", (self.category or "not known").replace("_", " ").capitalize())

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)
