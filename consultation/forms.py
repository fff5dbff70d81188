"""Consultation leads' forms, with GOV.UK widgets and GOV.UK-worded error messages."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from consultation.models import KINDS, QUESTION_KINDS, SOURCES
from consultation.respondents import demographic_presets
from portal.core.forms import WholeNumberField, strip

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LAYOUTS = {"auto": "Decide from the number of questions", "one": "One question on each page", "all": "All on one page"}


class GovDateField(DateField):
    """Day, month and year boxes; errors say what to enter."""

    def __init__(self, *args: Any, missing: str, invalid: str, **kwargs: Any) -> None:
        super().__init__(*args, format="%d %m %Y", widget=GovDateInput(), **kwargs)
        self.missing, self.invalid = missing, invalid

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not any(part.strip() for part in valuelist):
            self.data = None
            return
        if len(valuelist) != 3:  # a box left out of the request: the widget shows exactly three again
            self.raw_data, self.data = (list(valuelist) + ["", ""])[:3], None
            raise ValueError(self.invalid)
        try:
            self.data = datetime.strptime(" ".join(part.strip() for part in valuelist), "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(self.invalid) from None

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is None and not self.process_errors:
            raise ValidationError(self.missing)


class ConsultationForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter a title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    slug = StringField(
        "Web address",
        description="Lowercase letters, numbers and hyphens, like send-strategy-2026. "
        "Leave empty to make one from the title.",
        widget=GovTextInput(),
        filters=[strip, lambda v: v.lower() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=80, message="Web address must be 80 characters or fewer")],
    )
    kind = RadioField(
        "Is this a consultation or a survey?",
        choices=list(KINDS.items()),
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select consultation or survey")],
    )
    summary = TextAreaField(
        "Summary",
        description="What you are asking about and why. Leave a blank line between paragraphs.",
        widget=GovTextArea(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter a summary"),
            Length(max=5000, message="Summary must be 5,000 characters or fewer"),
        ],
    )
    easy_read_summary = TextAreaField(
        "Easy read summary (optional)",
        description="Short sentences and everyday words.",
        widget=GovTextArea(),
        filters=[strip],
        validators=[Optional(), Length(max=3000, message="Easy read summary must be 3,000 characters or fewer")],
    )
    audience = StringField(
        "Who it is for",
        description="For example, parents and carers, young people aged 11 to 25, and school staff",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter who it is for"),
            Length(max=500, message="Who it is for must be 500 characters or fewer"),
        ],
    )
    opens_on = GovDateField(
        "Opens",
        description="For example, 27 3 2026",
        missing="Enter the date it opens",
        invalid="The date it opens must be a real date",
    )
    closes_on = GovDateField(
        "Closes",
        description="For example, 30 6 2026",
        missing="Enter the date it closes",
        invalid="The date it closes must be a real date",
    )
    retention_months = WholeNumberField(
        "How many months to keep answers after it closes",
        widget=GovTextInput(),
        invalid="Enter how many months to keep answers as a whole number, like 24",
        commas=True,
        blank_keeps_data=True,
        validators=[
            InputRequired(message="Enter how many months to keep answers"),
            NumberRange(min=1, max=120, message="Months to keep answers must be between 1 and 120"),
        ],
    )
    layout = RadioField(
        "How should the questions be shown?",
        choices=list(LAYOUTS.items()),
        default="auto",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select how the questions should be shown")],
    )
    allow_contact = BooleanField(
        "Let people leave an email address if they want us to contact them", widget=GovCheckboxInput()
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_slug(self, field: StringField) -> None:
        if field.data and not SLUG.match(field.data):
            raise ValidationError("Web address must only include lowercase letters, numbers and hyphens")

    def validate_closes_on(self, field: GovDateField) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("The date it closes must be the same as or after the date it opens")


class QuestionForm(FlaskForm):
    kind = RadioField(
        "Type of question",
        choices=list(QUESTION_KINDS.items()),
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the type of question")],
    )
    text = StringField(
        "Question",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter the question"),
            Length(max=500, message="Question must be 500 characters or fewer"),
        ],
    )
    hint = TextAreaField(
        "Hint (optional)",
        description="Help to answer the question, shown under it.",
        widget=GovTextArea(),
        filters=[strip],
        validators=[Optional(), Length(max=1000, message="Hint must be 1,000 characters or fewer")],
    )
    required = BooleanField("People must answer this question", widget=GovCheckboxInput())
    max_length = WholeNumberField(
        "Character limit (free text only)",
        widget=GovTextInput(),
        default=1000,
        invalid="Enter the character limit as a whole number, like 1000",
        commas=True,
        blank_keeps_data=True,
        validators=[Optional(), NumberRange(min=50, max=5000, message="Character limit must be between 50 and 5,000")],
    )
    options = TextAreaField(
        "Options (single and multiple choice only)",
        description="Put each option on its own line.",
        widget=GovTextArea(),
        filters=[strip],
        validators=[Optional()],
    )
    add_other = BooleanField("Add an ‘Other’ option with a box for people to say more", widget=GovCheckboxInput())
    submit = SubmitField("Save question", widget=GovSubmitInput())

    def option_labels(self) -> list[str]:
        seen: dict[str, str] = {}
        for line in (self.options.data or "").splitlines():
            label = line.strip()
            if label and label.lower() not in seen:
                seen[label.lower()] = label
        return list(seen.values())

    def validate_options(self, field: TextAreaField) -> None:
        if self.kind.data not in ("single", "multiple"):
            return
        labels = self.option_labels()
        if len(labels) + (1 if self.add_other.data else 0) < 2:
            raise ValidationError("Enter at least 2 options, one on each line")
        if any(len(label) > 300 for label in labels):
            raise ValidationError("Each option must be 300 characters or fewer")


class AboutYouForm(FlaskForm):
    preset = RadioField(
        "Which question do you want to add?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select a question to add")],
    )
    submit = SubmitField("Add question", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preset.choices = [(p.key, p.text) for p in demographic_presets()]


class FindingForm(FlaskForm):
    topic = StringField(
        "Topic",
        description="For example, transport to school",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter the topic"),
            Length(max=200, message="Topic must be 200 characters or fewer"),
        ],
    )
    you_said = TextAreaField(
        "You said",
        widget=GovCharacterCount(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter what people said"),
            Length(max=3000, message="You said must be 3,000 characters or fewer"),
        ],
    )
    we_did = TextAreaField(
        "We did",
        description="What the council has done or will do.",
        widget=GovCharacterCount(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter what the council did or will do"),
            Length(max=3000, message="We did must be 3,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save topic", widget=GovSubmitInput())


class ExportForm(FlaskForm):
    file_format = RadioField(
        "File format",
        choices=[("xlsx", "Excel spreadsheet (XLSX)"), ("csv", "CSV")],
        default="xlsx",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select a file format")],
    )
    free_text_checked = BooleanField(
        "I have checked the free-text answers and they contain no personal details", widget=GovCheckboxInput()
    )
    submit = SubmitField("Download responses", widget=GovSubmitInput())


class UploadForm(FlaskForm):
    file = FileField(
        "Upload a file",
        description="CSV (saved as CSV UTF-8) or Excel (XLSX), 10MB or smaller, 100,000 rows or fewer.",
        widget=GovFileInput(),
    )
    source = RadioField(
        "How were these responses collected?",
        choices=[(k, v) for k, v in SOURCES.items() if k != "online"],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select how these responses were collected")],
    )
    submit = SubmitField("Upload file", widget=GovSubmitInput())

    def validate_file(self, field: FileField) -> None:
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Select a CSV or Excel file")


class ResponseFilterForm(FlaskForm):
    class Meta:
        csrf = False

    respondent_type = SelectField("Respondent type", widget=GovSelect(), validators=[Optional()])
    question = SelectField("Question", widget=GovSelect(), validators=[Optional()])
    answer = SelectField("Answer", widget=GovSelect(), validators=[Optional()])
    q = SearchField(
        "Words in free-text answers",
        widget=GovTextInput(),
        filters=[strip],
        validators=[Optional(), Length(max=200, message="Search words must be 200 characters or fewer")],
    )
    submit = SubmitField("Filter responses", widget=GovSubmitInput())
