"""Consultations and surveys, their questions, and the responses people send.

Answers are rows of (question, option value or text) so results are GROUP BY queries. Each
answer carries its response's respondent type, copied on save, so the breakdown by respondent
type is read from one covering index instead of a join over every response.

A response holds no identifier of the person: no IP address, user agent or session id, and
its date is the day only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit import utcnow
from portal.core.extensions import db

__all__ = ["Answer", "Consultation", "Finding", "Option", "Question", "Response", "ResponseUpload"]

KINDS = {"consultation": "Consultation", "survey": "Survey"}
QUESTION_KINDS = {
    "text": "Free text",
    "single": "Single choice",
    "multiple": "Multiple choice",
    "agreement": "Agreement scale (5 points)",
    "satisfaction": "Satisfaction scale (5 points)",
    "confidence": "Confidence scale (5 points)",
    "picture": "Picture scale for children (happy, okay, sad)",
    "respondent_type": "Who is responding (respondent type)",
}
CHOICE_KINDS = frozenset({"single", "multiple", "agreement", "satisfaction", "confidence", "picture"})
SCALES = {
    "agreement": [
        ("strongly_agree", "Strongly agree"),
        ("agree", "Agree"),
        ("neither", "Neither agree nor disagree"),
        ("disagree", "Disagree"),
        ("strongly_disagree", "Strongly disagree"),
    ],
    "satisfaction": [
        ("very_satisfied", "Very satisfied"),
        ("satisfied", "Satisfied"),
        ("neither", "Neither satisfied nor dissatisfied"),
        ("dissatisfied", "Dissatisfied"),
        ("very_dissatisfied", "Very dissatisfied"),
    ],
    "confidence": [
        ("very_confident", "Very confident"),
        ("fairly_confident", "Fairly confident"),
        ("neither", "Not sure"),
        ("not_very_confident", "Not very confident"),
        ("not_at_all_confident", "Not at all confident"),
    ],
    # Faces for children and easy read; the words are the answer, the faces only decorate them.
    "picture": [("happy", "Happy"), ("okay", "Okay"), ("sad", "Sad")],
}
SOURCES = {"online": "Online", "paper": "Paper", "email": "Email"}
ONE_PER_PAGE_THRESHOLD = 6


class Consultation(db.Model):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="consultation")
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    easy_read_summary: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(500), default="")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    retention_months: Mapped[int] = mapped_column(Integer, default=24)
    # None: decide from the number of questions; True/False: the lead's choice.
    one_question_per_page: Mapped[bool | None] = mapped_column()
    allow_contact: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    results_published_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    questions: Mapped[list[Question]] = relationship(
        back_populates="consultation", order_by="Question.position", cascade="all, delete-orphan"
    )
    findings: Mapped[list[Finding]] = relationship(order_by="Finding.position", cascade="all, delete-orphan")

    def status(self, today: date | None = None) -> str:
        """draft, scheduled, open or closed: closing at the close date needs no job."""
        today = today or date.today()
        if self.published_at is None:
            return "draft"
        if self.closed_at is not None or today > self.closes_on:
            return "closed"
        if today < self.opens_on:
            return "scheduled"
        return "open"

    @property
    def visible_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.hidden]

    @property
    def uses_one_question_per_page(self) -> bool:
        if self.one_question_per_page is not None:
            return self.one_question_per_page
        return len(self.visible_questions) > ONE_PER_PAGE_THRESHOLD

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


class Question(db.Model):
    __tablename__ = "consultation_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500))
    hint: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    demographic: Mapped[bool] = mapped_column(default=False)
    max_length: Mapped[int] = mapped_column(Integer, default=1000)
    hidden: Mapped[bool] = mapped_column(default=False)

    consultation: Mapped[Consultation] = relationship(back_populates="questions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return QUESTION_KINDS.get(self.kind, self.kind)

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def visible_options(self) -> list[Option]:
        return [option for option in self.options if not option.hidden]


class Option(db.Model):
    __tablename__ = "consultation_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(300))
    # "Other, please say": the option reveals a text box.
    asks_for_text: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(back_populates="options")


class Response(db.Model):
    __tablename__ = "consultation_response"
    __table_args__ = (Index("ix_consultation_response_type", "consultation_id", "respondent_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    # Given to the person who answered online; imported paper and email responses have none.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    # Issued with the form; a second submit of the same form finds the first response.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="online")
    respondent_type: Mapped[str | None] = mapped_column(String(40))
    respondent_detail: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(320))

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", order_by="Answer.id")


class Answer(db.Model):
    __tablename__ = "consultation_answer"
    __table_args__ = (
        Index("ix_consultation_answer_counts", "question_id", "option_value", "respondent_type"),
        # Respondents per multiple-choice question by type: count(DISTINCT response_id) read from the index alone.
        Index("ix_consultation_answer_question_type_response", "question_id", "respondent_type", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("consultation_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_question.id", ondelete="CASCADE"))
    option_value: Mapped[str | None] = mapped_column(String(80))
    text: Mapped[str | None] = mapped_column(Text)
    respondent_type: Mapped[str | None] = mapped_column(String(40))


class Finding(db.Model):
    """One topic of "We asked, you said, we did"."""

    __tablename__ = "consultation_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[str] = mapped_column(String(200))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)


class ResponseUpload(db.Model):
    """A CSV or XLSX file of paper or email responses, kept between upload, mapping and import."""

    __tablename__ = "consultation_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(20), default="paper")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    headers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The first rows as text, kept at upload so the mapping page never reads the file again.
    samples: Mapped[list[list[str | None]] | None] = mapped_column(JSON, default=list)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
