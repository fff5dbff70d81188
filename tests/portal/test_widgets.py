"""Radios and checkboxes that keep their markup draw exactly what GOV.UK's widgets draw, for every state."""

from __future__ import annotations

from datetime import date

import pytest
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectMultipleField

from portal.core import forms as widgets
from portal.core.extensions import TemplateEnvironment
from portal.core.forms import KeptCheckboxes, KeptRadios

CHOICES = [("yes", "Yes"), ("no", "No"), ("maybe", "Not sure")]


class KeptForm(Form):
    answer = RadioField("Do you agree?", choices=CHOICES, widget=KeptRadios())
    needs = SelectMultipleField("Needs", choices=CHOICES, widget=KeptCheckboxes())


class PlainForm(Form):
    answer = RadioField("Do you agree?", choices=CHOICES, widget=GovRadioInput())
    needs = SelectMultipleField("Needs", choices=CHOICES, widget=GovCheckboxesInput())


@pytest.fixture()
def request_ctx(app):
    widgets.forget_markup()
    with app.test_request_context():
        yield
    widgets.forget_markup()


def _both(data: dict | None = None, errors: str | None = None) -> list[tuple[str, str]]:
    drawn = []
    for form_class in (KeptForm, PlainForm):
        form = form_class(formdata=MultiDict(data or {}))
        if errors:
            form.answer.errors = [errors]
        drawn.append((str(form.answer(params={"hint": {"text": "Choose one"}})), str(form.needs())))
    return drawn


@pytest.mark.parametrize(
    ("data", "error"),
    [(None, None), ({"answer": "no", "needs": ["yes", "maybe"]}, None), (None, "Select an answer")],
)
def test_kept_widgets_draw_what_the_gov_widgets_draw(request_ctx, data, error):
    first_kept, plain = _both(data, error)
    again_kept, _ = _both(data, error)  # the second time from what was kept
    assert first_kept == plain == again_kept


def test_each_state_is_drawn_for_itself(request_ctx):
    empty = str(KeptForm(formdata=MultiDict()).answer())
    ticked = str(KeptForm(formdata=MultiDict({"answer": "no"})).answer())
    assert "checked" not in empty and 'value="no" checked' in ticked
    assert str(KeptForm(formdata=MultiDict()).answer()) == empty


def test_choices_that_reveal_other_fields_are_never_kept(request_ctx):
    form = KeptForm(formdata=MultiDict({"answer": "yes"}))
    typed = Markup('<input class="govuk-input" name="other" value="my son Sam">')
    form.answer(params={"items": [{"conditional": {"html": typed}}, {}, {}]})
    assert not widgets._kept


def test_only_so_many_are_kept(request_ctx, monkeypatch):
    monkeypatch.setattr(widgets, "MAX_KEPT", 2)
    for label in ("One", "Two", "Three"):
        KeptForm().answer(params={"hint": {"text": label}})
    assert len(widgets._kept) == 2


def test_keys_tell_markup_from_text_and_true_from_one():
    assert widgets._frozen({"html": Markup("<b>a</b>")}) != widgets._frozen({"html": "<b>a</b>"})
    assert widgets._frozen({"checked": True}) != widgets._frozen({"checked": 1})
    assert widgets._frozen({"a": [1, {"b": None}]}) == widgets._frozen({"a": (1, {"b": None})})


def test_parameters_holding_objects_are_drawn_but_not_kept(request_ctx):
    form = KeptForm()
    form.answer(params={"attributes": {"data-date": date(2026, 5, 1)}})
    assert not widgets._kept


def test_templates_see_the_same_globals_through_the_faster_map(app):
    """Imported macros see the environment's globals, and a page's own globals where the page has more."""
    from flask.templating import Environment
    from jinja2 import DictLoader

    assert isinstance(app.jinja_env, TemplateEnvironment)
    templates = {
        "macros.html": "{% macro where() %}{{ place }}/{{ colour }}{% endmacro %}",
        "page.html": '{% from "macros.html" import where %}{{ where() }} {{ place }}',
    }
    drawn = []
    for environment_class in (Environment, TemplateEnvironment):
        env = environment_class(app, loader=DictLoader(templates))
        env.globals["place"] = "Rugby"
        plain = env.get_template("page.html").render()
        own = env.get_template("page.html", globals={"colour": "green"}).render()
        drawn.append((plain, own))
    assert drawn[0] == drawn[1] == ("Rugby/ Rugby", "Rugby/green Rugby")
