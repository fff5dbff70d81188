"""Forms for the staff accounts pages: a new account, its roles, and the confirmations."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, HiddenField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length

from portal.core.access import ROLE_LABELS

ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]


def _roles_field() -> SelectMultipleField:
    return SelectMultipleField(
        "Roles",
        description="Administrators can do everything, including managing accounts.",
        choices=ROLE_CHOICES,
        widget=GovCheckboxesInput(),
        validators=[DataRequired(message="Select at least one role")],
    )


class NewAccountForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter their email address"),
            Email(message="Enter an email address in the correct format, like name@example.gov.uk"),
            Length(max=255, message="Email address must be 255 characters or fewer"),
        ],
    )
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter their full name"),
            Length(max=255, message="Full name must be 255 characters or fewer"),
        ],
    )
    roles = _roles_field()
    submit = SubmitField("Create account", widget=GovSubmitInput())


class RolesForm(FlaskForm):
    roles = _roles_field()
    submit = SubmitField("Save roles", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A plain POST (a crawler, a stray resubmission) changes nothing: only the confirmation page sends this."""

    confirmed = HiddenField(validators=[InputRequired(), AnyOf(["yes"])])
    submit = SubmitField("Continue", widget=GovSubmitInput())
