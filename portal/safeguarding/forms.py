"""The form on a queue item: what staff did about it, and a note."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.core.safeguarding.models import REFERRED, REVIEWED

NOTE_MAX = 2000


class ReviewForm(FlaskForm):
    outcome = RadioField(
        "What have you done?",
        choices=[
            (REVIEWED, "Reviewed: no referral needed"),
            (REFERRED, "Referred: passed to the children's front door, police or another service"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether you reviewed or referred this item")],
    )
    note = TextAreaField(
        "Note",
        description="What you decided and why, and who you referred it to. Other safeguarding staff will read this.",
        widget=GovCharacterCount(),
        validators=[
            InputRequired(message="Enter a note about what you decided"),
            Length(max=NOTE_MAX, message=f"The note must be {NOTE_MAX} characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
