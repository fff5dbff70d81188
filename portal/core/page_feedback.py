"""'Was this page helpful?': the form every page can show, and the answers, a satisfaction measure the indicators
read.

Comments are stored redacted (``nlp.redact``): names, numbers and addresses never reach the table.
"""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.core.audit import utcnow
from portal.core.extensions import db

COMMENT_MAX = 1000


class PageFeedback(db.Model):
    __tablename__ = "page_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    path: Mapped[str] = mapped_column(String(500))
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"), index=True)
    helpful: Mapped[bool | None] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)
    # An editor's inbox: done once someone has read and acted on it.
    done_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    done_by: Mapped[str | None] = mapped_column(String(255))


def redacted(text: str | None, limit: int, keep: frozenset[str] = frozenset()) -> str | None:
    """``text`` with personal details replaced; kinds in ``keep`` (such as "phone") are left as written."""
    from nlp.redact import PLACEHOLDER, find

    text = (text or "").strip()[:limit]
    if not text:
        return None
    parts, last = [], 0
    for span in find(text):
        if span.type in keep:
            continue
        parts += [text[last : span.start], PLACEHOLDER[span.type]]
        last = span.end
    return "".join(parts + [text[last:]])


def record_page_feedback(path: str, helpful: bool | None, comment: str | None, service_id: str | None = None):
    feedback = PageFeedback(
        path=path[:500], helpful=helpful, comment=redacted(comment, COMMENT_MAX), service_id=service_id
    )
    db.session.add(feedback)
    db.session.commit()
    return feedback


def check_page_feedback(feedback: PageFeedback, comment: str | None, kind: str = "page_feedback"):
    """Assess the comment as written (before redaction) and flag the feedback for the safeguarding lead."""
    from portal.core.safeguarding.flags import Said, assess_and_flag

    return assess_and_flag([Said(kind, comment, ref=feedback.path, page_feedback_id=feedback.id)])


class PageFeedbackForm(FlaskForm):
    """'Was this page helpful?' Used on service pages and for general feedback."""

    helpful = RadioField(
        "Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select yes if this page was helpful")],
    )
    comment = TextAreaField(
        "Tell us more (optional)",
        description="Do not include personal information, such as your name or your child's name.",
        widget=GovCharacterCount(),
        validators=[
            Optional(),
            Length(max=COMMENT_MAX, message=f"Your comment must be {COMMENT_MAX} characters or fewer"),
        ],
    )
    path = HiddenField()
    submit = SubmitField("Send feedback", widget=GovSubmitInput())
