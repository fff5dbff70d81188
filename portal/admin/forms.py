"""Forms for the retention page: find a response to erase, confirm its erasure, confirm applying retention."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, ValidationError
from wtforms.validators import AnyOf, InputRequired

from consultation.retention import normalise_reference

EXAMPLE_REFERENCE = "SEND-7KQ4-M2XD"


def _reference(field_data: str | None) -> str:
    reference = normalise_reference(field_data or "")
    if reference is None:
        raise ValidationError(f"Enter the reference number in the correct format, like {EXAMPLE_REFERENCE}")
    return reference


class FindResponseForm(FlaskForm):
    reference = StringField(
        "Reference number",
        description=f"The person was given it when they sent their answers online, for example {EXAMPLE_REFERENCE}",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the reference number")],
    )
    submit = SubmitField("Find the response", widget=GovSubmitInput())

    def validate_reference(self, field: StringField) -> None:
        field.data = _reference(field.data)


class EraseResponseForm(FlaskForm):
    """The confirmation: the reference travels in a hidden field, so it never appears in a URL."""

    reference = HiddenField(validators=[InputRequired(message="Enter the reference number")])
    submit = SubmitField("Yes, erase this response", widget=GovSubmitInput())

    def validate_reference(self, field: HiddenField) -> None:
        field.data = _reference(field.data)


class ApplyRetentionForm(FlaskForm):
    # A plain POST (a crawler, a stray resubmission) must not delete anything: only the confirmation page sends this.
    confirmed = HiddenField(validators=[InputRequired(), AnyOf(["yes"])])
    submit = SubmitField("Yes, delete these records", widget=GovSubmitInput())
