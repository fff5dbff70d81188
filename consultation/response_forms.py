"""The forms people answer, built from a consultation's questions.

Field names are stable and carry the question id: ``q12`` for the answer, ``q12_other`` for an
"other, please say" box, and ``q12_<type>`` for a respondent type's detail (age band, role).
The same names are the keys of the answers kept in the session and passed to ``save_response``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation

from consultation.models import SCALES, Consultation, Question
from consultation.respondents import respondent_types
from portal.core.forms import KeptCheckboxes, KeptRadios

OTHER_TEXT_MAX = 200
CONTACT_MAX = 320


class ChoiceNotOffered(ValueError):
    pass


class StrictRadioField(RadioField):
    """A radio field whose 'not an option' error is in GOV.UK words, not WTForms'."""

    def __init__(self, *args: Any, invalid_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form: FlaskForm) -> None:
        if not self.raw_data or self.raw_data[0] == "":
            return  # nothing chosen: the required or optional validator decides
        if self.data not in {value for value, _ in self.choices}:
            raise StopValidation(self.invalid_message)


class StrictCheckboxesField(SelectMultipleField):
    def __init__(self, *args: Any, invalid_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form: FlaskForm) -> None:
        offered = {value for value, _ in self.choices}
        if any(value not in offered for value in self.data or []):
            raise StopValidation(self.invalid_message)


def question_choices(question: Question) -> list[tuple[str, str]]:
    if question.kind in SCALES:
        return list(SCALES[question.kind])
    if question.kind == "respondent_type":
        return [(t.value, t.label) for t in respondent_types()]
    return [(o.value, o.label) for o in question.visible_options]


def _required(question: Question, message: str) -> list:
    return [InputRequired(message=message)] if question.required and not question.demographic else [Optional()]


def question_fields(question: Question, number: int) -> dict[str, Field]:
    """The WTForms fields for one question, keyed by field name."""
    label = question.text if question.required and not question.demographic else f"{question.text} (optional)"
    if question.kind == "text":
        limit = question.max_length
        validators = _required(question, f"Enter your answer to question {number}") + [
            Length(max=limit, message=f"Your answer to question {number} must be {limit:,} characters or fewer")
        ]
        field = TextAreaField(
            label, description=question.hint or None, widget=GovCharacterCount(), validators=validators
        )
        return {f"q{question.id}": field}
    return {f"q{question.id}": _choice_field(question, number, label)} | _conditional_fields(question, number)


def _choice_field(question: Question, number: int, label: str) -> Field:
    field_class, widget = StrictRadioField, KeptRadios()
    message = f"Select an answer to question {number}"
    if question.kind == "multiple":
        field_class, widget = StrictCheckboxesField, KeptCheckboxes()
        message = f"Select at least one answer to question {number}"
    elif question.kind == "respondent_type":
        message = "Select who you are responding as"
    return field_class(
        label,
        description=question.hint or None,
        choices=question_choices(question),
        widget=widget,
        validators=_required(question, message),
        invalid_message=f"Select one of the options for question {number}",
    )


def _conditional_fields(question: Question, number: int) -> dict[str, Field]:
    name = f"q{question.id}"
    other_length = Length(max=OTHER_TEXT_MAX, message=f"Your answer must be {OTHER_TEXT_MAX} characters or fewer")
    if question.kind != "respondent_type":
        if not any(o.asks_for_text for o in question.visible_options):
            return {}
        other = StringField("Please say", widget=GovTextInput(), validators=[Optional(), other_length])
        return {f"{name}_other": other}
    fields: dict[str, Field] = {}
    for kind in respondent_types():
        if kind.detail:
            fields[f"{name}_{kind.value}"] = StrictRadioField(
                kind.detail.label,
                choices=[(o.value, o.label) for o in kind.detail.options],
                widget=KeptRadios(),
                validators=[Optional()],
                invalid_message=kind.detail.error,
            )
        elif kind.asks_for_text:
            fields[f"{name}_{kind.value}"] = StringField(
                "Please say", widget=GovTextInput(), validators=[Optional(), other_length]
            )
    return fields


class AnswerForm(FlaskForm):
    """Base of every built form; checks the details a chosen respondent type asks for."""

    submission_token = HiddenField()
    submit = SubmitField("Continue", widget=GovSubmitInput())

    questions: list[tuple[int, Question]] = []

    def validate(self, extra_validators: Mapping | None = None) -> bool:
        valid = super().validate(extra_validators)
        for _, question in self.questions:
            if question.kind != "respondent_type":
                continue
            chosen = self[f"q{question.id}"].data
            kind = next((t for t in respondent_types() if t.value == chosen), None)
            detail = self._fields.get(f"q{question.id}_{chosen}")
            if kind and kind.detail and detail is not None and not detail.data and not detail.errors:
                detail.errors = [kind.detail.error]
                valid = False
        return valid

    def answers(self) -> dict[str, Any]:
        """The answers as plain data, for the session and ``save_response``."""
        skip = {"submission_token", "submit", "csrf_token", "contact"}
        return {name: field.data for name, field in self._fields.items() if name not in skip and field.data}


def build_form(
    numbered: Iterable[tuple[int, Question]],
    *,
    submit_text: str = "Continue",
    ask_contact: bool = False,
    formdata: Any = None,
    data: Mapping[str, Any] | None = None,
    csrf: bool = True,
) -> AnswerForm:
    """A form for the given (number, question) pairs; ``formdata=None`` reads the request."""
    numbered = list(numbered)
    attributes: dict[str, Any] = {"questions": numbered}
    for number, question in numbered:
        attributes.update(question_fields(question, number))
    if ask_contact:
        attributes["contact"] = StringField(
            "Email address (optional)",
            description="Only if you would like us to contact you about your answers. "
            "Your answers are anonymous if you leave this empty.",
            widget=GovTextInput(),
            validators=[
                Optional(),
                Length(max=CONTACT_MAX, message=f"Email address must be {CONTACT_MAX} characters or fewer"),
                Email(message="Enter an email address in the correct format, like name@example.com"),
            ],
        )
    attributes["submit"] = SubmitField(submit_text, widget=GovSubmitInput())
    form_class = type("BuiltAnswerForm", (AnswerForm,), attributes)
    meta = {} if csrf else {"csrf": False}
    if formdata is not None:
        return form_class(formdata=formdata, data=data, meta=meta)
    return form_class(data=data, meta=meta)


def answers_as_formdata(answers: Mapping[str, Any]) -> MultiDict:
    """Session answers in the shape a submitted form has, to validate them again before saving."""
    pairs: list[tuple[str, str]] = []
    for key, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item)))
    return MultiDict(pairs)


def numbered_questions(consultation: Consultation) -> list[tuple[int, Question]]:
    return list(enumerate(consultation.visible_questions, start=1))
