from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.feedback import COMMENT_MAX


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
