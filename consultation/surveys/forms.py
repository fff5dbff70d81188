"""Staff forms for survey templates and invitation links, with GOV.UK-worded errors."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange

from consultation.surveys.invitations import MAX_BATCH
from consultation.surveys.models import DEFAULT_LINK_DAYS


class CreateSurveyForm(FlaskForm):
    submit = SubmitField("Create survey", widget=GovSubmitInput())


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    """This month, the 11 before it and the 2 after it, newest first."""
    today = today or date.today()
    choices = []
    for offset in range(2, -12, -1):
        index = today.year * 12 + today.month - 1 + offset
        month = date(index // 12, index % 12 + 1, 1)
        choices.append((month.isoformat(), month.strftime("%B %Y")))
    return choices


class InvitationBatchForm(FlaskForm):
    count = IntegerField(
        "How many links do you need?",
        description=f"Between 1 and {MAX_BATCH:,}. Each link can be used once.",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many links you need"),
            NumberRange(1, MAX_BATCH, message=f"Number of links must be between 1 and {MAX_BATCH:,}"),
        ],
    )
    month = SelectField("Which month are the links for?", widget=GovSelect())
    team = StringField(
        "Which team is sending them?",
        description="For example, EHC plan issued, annual review or Coventry team. Do not include names.",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the team sending the links"),
            Length(max=120, message="Team must be 120 characters or fewer"),
        ],
    )
    days = IntegerField(
        "How many days should the links work for?",
        description=f"Usually {DEFAULT_LINK_DAYS}.",
        default=DEFAULT_LINK_DAYS,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many days the links should work for"),
            NumberRange(1, 365, message="Number of days must be between 1 and 365"),
        ],
    )
    submit = SubmitField("Create and download links", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.month.choices = month_choices()
        if not self.month.data or self.month.data == "None":
            self.month.data = date.today().replace(day=1).isoformat()

    def chosen_month(self) -> date:
        return date.fromisoformat(self.month.data)
