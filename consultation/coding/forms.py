"""Forms for codebooks and coding, with GOV.UK widgets and GOV.UK-worded errors.

Pages that tick themes (review, second coding, keeping themes, approving quotes) build their
checkboxes from the data and read them with ``ticked``; ``ActionForm`` gives them CSRF protection.
"""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from consultation.coding.accuracy import THRESHOLDS
from portal.core.forms import strip


def lines(text: str | None) -> list[str]:
    """One item a line (commas also separate keywords)."""
    return [part.strip() for part in (text or "").splitlines() if part.strip()]


def words(text: str | None) -> list[str]:
    return [part.strip() for line in lines(text) for part in line.split(",") if part.strip()]


def ticked(name: str, allowed: set[str]) -> set[str]:
    return {value for value in request.form.getlist(name) if value in allowed}


class CodebookForm(FlaskForm):
    name = StringField(
        "Codebook name",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter a name for the codebook"),
            Length(max=200, message="The name must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ThemeForm(FlaskForm):
    name = StringField(
        "Theme name",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            InputRequired(message="Enter a name for the theme"),
            Length(max=200, message="The theme name must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description",
        description="What answers with this theme are about",
        widget=GovTextArea(),
        filters=[strip],
        validators=[Length(max=1000, message="The description must be 1,000 characters or fewer")],
    )
    keywords = TextAreaField(
        "Keywords",
        description="Words that point to this theme, separated by commas or one a line",
        widget=GovTextArea(),
    )
    phrases = TextAreaField("Phrases", description="Phrases of more than one word, one a line", widget=GovTextArea())
    examples = TextAreaField("Answers that have this theme", description="Examples, one a line", widget=GovTextArea())
    exclude_examples = TextAreaField(
        "Answers that do not have this theme",
        description="Examples that could be mistaken for it, one a line",
        widget=GovTextArea(),
    )
    parent = SelectField("Broader theme", choices=[], widget=GovSelect(), validators=[Optional()])
    submit = SubmitField("Save theme", widget=GovSubmitInput())

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "description": self.description.data or "",
            "keywords": words(self.keywords.data),
            "phrases": lines(self.phrases.data),
            "examples": lines(self.examples.data),
            "exclude_examples": lines(self.exclude_examples.data),
            "parent": self.parent.data or None,
        }


class ImportForm(FlaskForm):
    file = FileField(
        "Upload a codebook", description="A JSON file, 1MB or smaller, in the codebook format", widget=GovFileInput()
    )
    submit = SubmitField("Import codebook", widget=GovSubmitInput())


class QuestionChoiceForm(FlaskForm):
    question = SelectField(
        "Free-text question",
        choices=[],
        coerce=int,
        widget=GovSelect(),
        validators=[InputRequired(message="Select a free-text question")],
    )
    submit = SubmitField("Find themes", widget=GovSubmitInput())


class SetupForm(FlaskForm):
    codebook = SelectField(
        "Codebook for this question",
        choices=[],
        coerce=int,
        widget=GovSelect(),
        validators=[InputRequired(message="Select a codebook")],
    )
    submit = SubmitField("Use this codebook", widget=GovSubmitInput())


class ThresholdForm(FlaskForm):
    threshold = SelectField(
        "Accept suggestions with a confidence of at least",
        choices=[(str(t), f"{round(100 * t)}%") for t in THRESHOLDS],
        default="0.8",
        widget=GovSelect(),
        validators=[InputRequired(message="Select a confidence")],
    )
    submit = SubmitField("Accept suggestions", widget=GovSubmitInput())


class SampleForm(FlaskForm):
    size = IntegerField(
        "How many answers should the second coder code?",
        default=50,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many answers to add to the sample"),
            NumberRange(min=1, max=1000, message="The sample must be between 1 and 1,000 answers"),
        ],
    )
    submit = SubmitField("Add answers to the sample", widget=GovSubmitInput())
