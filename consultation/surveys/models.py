"""Survey set-up and single-use invitation links.

An invitation holds no personal data: a batch says only when and by which team links were sent
("EHC plan issued", "Coventry team"), and each link is stored as the SHA-256 of its token, so
a copy of the database does not give anyone a working link. A response made through a link is
tied to its batch, never to the invitation, so answers cannot be traced back to one letter.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.models import Consultation
from portal.core.audit import utcnow
from portal.core.extensions import db

__all__ = ["Invitation", "InvitationBatch", "ResponseBatch", "SurveySetup"]

DEFAULT_LINK_DAYS = 60


class SurveySetup(db.Model):
    """How a survey made from a template is run: whether it needs an invitation link."""

    __tablename__ = "survey_setup"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True)
    template_key: Mapped[str] = mapped_column(String(80))
    requires_invitation: Mapped[bool] = mapped_column(default=False)
    # Given to every response, for surveys that do not ask who is answering (young people's feedback).
    respondent_type: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InvitationBatch(db.Model):
    __tablename__ = "survey_invitation_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month the links are for
    team: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    expires_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(back_populates="batch", cascade="all, delete-orphan")


class Invitation(db.Model):
    __tablename__ = "survey_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("survey_invitation_batch.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_on: Mapped[date | None] = mapped_column(Date)

    batch: Mapped[InvitationBatch] = relationship(back_populates="invitations")


class ResponseBatch(db.Model):
    """The batch of links a response came through (month and team), for results by batch."""

    __tablename__ = "survey_response_batch"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_response.id", ondelete="CASCADE"), primary_key=True
    )
    batch_id: Mapped[int] = mapped_column(ForeignKey("survey_invitation_batch.id", ondelete="CASCADE"), index=True)
