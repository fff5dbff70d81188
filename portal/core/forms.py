"""The shared form kit: whitespace-stripping text, whole numbers, length messages, the action form, and
GOV.UK radios and checkboxes that keep the markup they draw.

govuk-frontend-jinja draws every choice with a macro that imports the label and hint macros again, so the
choices are the costliest part of a page with a form: the search page's filter boxes were over a third of its
CPU time, a consultation's radios over half. The markup depends only on the parameters (the question, its
choices, which are ticked, the error message), and a few states recur (nothing ticked yet), so it is kept
per process, keyed by those parameters.

Nothing a person typed is kept: a widget whose choices reveal other fields (which may hold typed text) is
drawn afresh every time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSubmitInput, GovTextInput
from markupsafe import Markup
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

MAX_KEPT = 512


def strip(value: Any) -> Any:
    """A field filter: text without the spaces around it; anything else as it is."""
    return value.strip() if isinstance(value, str) else value


def too_long(what: str, limit: int, *, grouped: bool = True) -> Length:
    """'What must be 1,000 characters or fewer' (``grouped=False``: '1000', as some pages have always said)."""
    number = f"{limit:,}" if grouped else str(limit)
    return Length(max=limit, message=f"{what} must be {number} characters or fewer")


def text_validators(label: str, max_length: int, required: str | None = None, *, grouped: bool = True) -> list:
    """Required (saying ``required`` when empty) or optional, and no longer than ``max_length``."""
    first = DataRequired(message=required) if required else Optional()
    return [first, too_long(label.removesuffix(" (optional)"), max_length, grouped=grouped)]


EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def optional_email(label: str = "Email address (optional)", max_length: int = 255) -> StringField:
    """An optional email address box: stripped, no longer than ``max_length`` and in the right format."""
    return StringField(
        label,
        widget=GovTextInput(),
        filters=[strip],
        validators=[Optional(), too_long("Email address", max_length), Email(message=EMAIL_FORMAT)],
    )


class WholeNumberField(IntegerField):
    """A whole number typed in a box: spaces around it are ignored and 'not a number' says what to enter.

    ``commas`` reads 1,000 as 1000. ``blank_keeps_data`` leaves the field's default (or the data the form was
    given) when the box is empty, where otherwise an empty box is no number.
    """

    def __init__(self, *args: Any, invalid: str, commas: bool = False, blank_keeps_data: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.invalid, self.commas, self.blank_keeps_data = invalid, commas, blank_keeps_data

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        text = valuelist[0].strip()
        if not text and self.blank_keeps_data:
            return
        try:
            self.data = int(text.replace(",", "") if self.commas else text)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid) from None


class ActionForm(FlaskForm):
    """A button that changes something (start again, delete, approve): only the CSRF token travels with it."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


_kept: OrderedDict[Hashable, Markup] = OrderedDict()
_lock = threading.Lock()


class _Unkeepable(Exception):
    """Parameters holding something other than plain data."""


def _frozen(value: Any) -> Hashable:
    """A hashable copy that tells markup from text and True from 1, since the macros treat them differently."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, bool) or value is None:
        return ("constant", value)
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(v) for v in value))
    raise _Unkeepable(type(value).__name__)


def forget_markup() -> None:
    with _lock:
        _kept.clear()


class _KeepsMarkup:
    template: str

    def render(self, params: dict) -> Markup:
        if any("conditional" in item for item in params.get("items") or []):
            return super().render(params)  # type: ignore[misc]
        try:
            key = (self.template, _frozen(params))
        except _Unkeepable:
            return super().render(params)  # type: ignore[misc]
        with _lock:
            markup = _kept.get(key)
            if markup is not None:
                _kept.move_to_end(key)
                return markup
        markup = super().render(params)  # type: ignore[misc]
        with _lock:
            _kept[key] = markup
            if len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
        return markup


class KeptRadios(_KeepsMarkup, GovRadioInput):
    """``GovRadioInput`` that draws each state of the question once."""


class KeptCheckboxes(_KeepsMarkup, GovCheckboxesInput):
    """``GovCheckboxesInput`` that draws each state of the question once."""
