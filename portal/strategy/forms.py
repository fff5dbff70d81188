"""Strategy leads' forms: GOV.UK widgets and GOV.UK-worded error messages."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from portal.core.forms import WholeNumberField, strip, text_validators
from portal.strategy import rules
from portal.strategy.importer import CODE, parse_number
from portal.strategy.models import SOURCES
from portal.strategy.services import STANDARD_COMPARATORS, IndicatorInput, ValueInput

UPLOAD_MAX_BYTES = 1024 * 1024


def number_text(value: float | None) -> str:
    """A stored number as someone would type it: 55, 55.5, 1250."""
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


class NumberField(StringField):
    """Text that must read as a number (55, 55.5, 55%, 1,250); ``number`` holds it once valid."""

    def __init__(self, *args: Any, invalid: str, **kwargs: Any) -> None:
        kwargs.setdefault("widget", GovTextInput())
        kwargs.setdefault("filters", [strip])
        super().__init__(*args, **kwargs)
        self.invalid, self.number = invalid, None

    def pre_validate(self, form: FlaskForm) -> None:
        self.number = None
        if self.data:
            try:
                self.number = parse_number(self.data)
            except ValueError:
                raise ValidationError(self.invalid) from None


def _text(label: str, required: str | None = None, max_length: int = 200, **kwargs: Any) -> StringField:
    validators = text_validators(label, max_length, required, grouped=False)
    return StringField(label, widget=GovTextInput(), filters=[strip], validators=validators, **kwargs)


def _long_text(label: str, max_length: int = 3000, **kwargs: Any) -> TextAreaField:
    validators = text_validators(label, max_length)
    return TextAreaField(label, widget=GovTextArea(), filters=[strip], validators=validators, **kwargs)


def _radios(label: str, choices: dict[str, str], message: str, **kwargs: Any) -> RadioField:
    return RadioField(label, choices=list(choices.items()), widget=GovRadioInput(),
                      validators=[InputRequired(message=message)], **kwargs)  # fmt: skip


class OutcomeForm(FlaskForm):
    title = _text("Outcome", required="Enter the outcome", description="As the strategy words it, like "
                  "'Children and young people's needs are identified early'")  # fmt: skip
    description = _long_text("Description (optional)")
    position = WholeNumberField(
        "Order", widget=GovTextInput(), default=1, description="Outcomes are listed in this order, from 1",
        invalid="Enter the order as a whole number, like 1",
        validators=[InputRequired(message="Enter the order as a whole number, like 1"),
                    NumberRange(min=0, max=999, message="Order must be a whole number between 0 and 999")],
    )  # fmt: skip
    submit = SubmitField("Save outcome", widget=GovSubmitInput())


class IndicatorForm(FlaskForm):
    code = _text("Code", required="Enter a code for the indicator", max_length=40,
                 description="A short reference used in imports, like EHCP-20WK")  # fmt: skip
    name = _text("Name", required="Enter the name of the indicator")
    definition = _long_text("Definition (optional)", description="What is counted, and where the figures come from")
    outcome = SelectField("Strategy outcome", widget=GovSelect(), choices=[], validate_choice=True)
    unit = _radios("Unit", rules.UNITS, "Select the unit")
    direction = _radios("What counts as better?", rules.DIRECTIONS, "Select what counts as better")
    frequency = _radios("How often is it measured?", rules.FREQUENCIES, "Select how often it is measured",
                        default="annual")  # fmt: skip
    target = NumberField("Target (optional)", invalid="Target must be a number, like 60 or 60.5")
    baseline = NumberField("Baseline (optional)", invalid="Baseline must be a number, like 48 or 48.5")
    baseline_period = _text("Baseline period (optional)", max_length=30, description="Like 2019-20")
    amber_tolerance = NumberField(
        "Amber tolerance (optional)", invalid="Amber tolerance must be a number, like 2 or 2.5",
        description="How far short of the target still counts as amber, in the indicator's unit. "
                    "Leave blank for 2 percentage points (percentages) or 5% of the target (other units).",
    )  # fmt: skip
    source = _radios("Where do the figures come from?", SOURCES, "Select where the figures come from",
                     default="entered")  # fmt: skip
    computed_key = SelectField("Computed from", widget=GovSelect(), choices=[], validate_choice=False)
    published = BooleanField("Publish this indicator on the public 'How we are doing' pages",
                             widget=GovCheckboxInput())  # fmt: skip
    submit = SubmitField("Save indicator", widget=GovSubmitInput())

    def __init__(self, *args: Any, outcomes: list[tuple[str, str]], sources: list[tuple[str, str]],
                 code_taken: Any, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.outcome.choices = outcomes
        self.computed_key.choices = [("", "Choose a measure")] + sources
        self._code_taken = code_taken

    def validate_code(self, field: StringField) -> None:
        if field.data and not CODE.match(field.data):
            raise ValidationError("Code must be letters, numbers, hyphens, dots or underscores, with no spaces")
        if field.data and self._code_taken(field.data):
            raise ValidationError("An indicator with this code already exists")

    def validate_computed_key(self, field: SelectField) -> None:
        known = {key for key, _ in self.computed_key.choices if key}
        if self.source.data == "computed" and field.data not in known:
            raise ValidationError("Select the measure the portal computes")

    def validate_baseline_period(self, field: StringField) -> None:
        if field.data:
            try:
                field.data = rules.parse_period(field.data).label
            except ValueError as error:
                raise ValidationError(f"Enter the baseline period in the right format: {error}") from None

    def to_input(self) -> IndicatorInput:
        return IndicatorInput(
            code=self.code.data, name=self.name.data, definition=self.definition.data or "",
            unit=self.unit.data, direction=self.direction.data, frequency=self.frequency.data,
            outcome_id=int(self.outcome.data) if self.outcome.data else None, target=self.target.number,
            baseline=self.baseline.number, baseline_period=self.baseline_period.data or None,
            amber_tolerance=self.amber_tolerance.number, source=self.source.data,
            computed_key=self.computed_key.data or None, published=bool(self.published.data),
        )  # fmt: skip


def comparator_field_name(name: str) -> str:
    return "comparator_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class ValueForm(FlaskForm):
    period = _text(
        "Period",
        required="Enter the period",
        max_length=30,
        description="Like 2024-25 (academic year), 2025 (calendar year), 2025 Q3, 2026-03 or Autumn 2025",
    )
    value = NumberField("Value", invalid="Value must be a number, like 55 or 55.5",
                        validators=[DataRequired(message="Enter the value")])  # fmt: skip
    target = NumberField("Target for this period (optional)", invalid="Target must be a number, like 60 or 60.5")
    comparator_england = NumberField("England (optional)", invalid="England must be a number, like 55 or 55.5")
    comparator_statistical_neighbours = NumberField(
        "Statistical neighbours (optional)", invalid="Statistical neighbours must be a number, like 55 or 55.5"
    )
    comparator_region = NumberField("Region (optional)", invalid="Region must be a number, like 55 or 55.5")
    note = _long_text("Note (optional)", max_length=2000, description="Anything a reader should know about this figure")
    submit = SubmitField("Save value", widget=GovSubmitInput())

    def validate_period(self, field: StringField) -> None:
        if field.data:
            try:
                field.data = rules.parse_period(field.data).label
            except ValueError as error:
                raise ValidationError(f"Enter the period in the right format: {error}") from None

    def to_input(self) -> ValueInput:
        comparators = {name: getattr(self, comparator_field_name(name)).number for name in STANDARD_COMPARATORS}
        return ValueInput(self.period.data, self.value.number, self.target.number, self.note.data or "", comparators)


class ImportForm(FlaskForm):
    file = FileField("Upload a CSV file", widget=GovFileInput(),
                     description="Saved as CSV UTF-8, 1MB or smaller.")  # fmt: skip
    submit = SubmitField("Import values", widget=GovSubmitInput())

    def validate_file(self, field: FileField) -> None:
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            raise ValidationError("Select a CSV file")
        if not upload.filename.lower().endswith(".csv"):
            raise ValidationError("The selected file must be a CSV")
        field.content = upload.read(UPLOAD_MAX_BYTES + 1)
        if len(field.content) > UPLOAD_MAX_BYTES:
            raise ValidationError("The selected file must be smaller than 1MB")
        if not field.content.strip():
            raise ValidationError("The selected file is empty")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Recompute", widget=GovSubmitInput())
