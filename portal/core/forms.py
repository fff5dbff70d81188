"""GOV.UK radios and checkboxes that keep the markup they draw.

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

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from markupsafe import Markup

MAX_KEPT = 512
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
