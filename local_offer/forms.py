"""Public directory forms: the search filters (a plain GET form) and the report-a-problem form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import (
    Form,
    IntegerField,
    RadioField,
    SearchField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from local_offer import postcodes
from local_offer.models import DELIVERY_METHODS, PROBLEM_KINDS
from local_offer.search import SearchFilters
from local_offer.taxonomies import WHEN_LABELS
from nlp import vocab
from portal.core.forms import KeptCheckboxes

MAX_QUERY = 200


def _need_choices() -> list[tuple[str, str]]:
    return [(n.code, n.label) for n in vocab.need_categories()]


# Service categories that name a need. The Needs filter already offers these, so "Type of service" does not
# repeat them; an older address that still asks for one is read as the need (see needs_for_categories).
NEEDS_FOR_CATEGORY = {
    "autism": ("ASD",),
    "hearing-impairment": ("HI",),
    "learning-difficulties-and-disabilities": ("LD", "SPLD"),
    "multi-sensory-impairment": ("MSI",),
    "other-difficulties-or-disabilities": ("OTH",),
    "physical-disabilities": ("PD",),
    "social-emotional-and-mental-health-support": ("SEMH",),
    "speech-language-and-communication-needs": ("SLCN",),
    "visual-impairment": ("VI",),
}


def _category_choices() -> list[tuple[str, str]]:
    return [(c.id, c.label) for c in vocab.service_categories() if c.id not in NEEDS_FOR_CATEGORY]


def _area_choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in vocab.districts()]


def _known_postcode(form: Form, field: StringField) -> None:
    """A postcode or outward code we can place; the field keeps it normalised ("CV11 4AB")."""
    if not field.data:
        return
    point = postcodes.lookup(field.data)
    if point is None:
        raise ValidationError(postcodes.not_found_message(field.data))
    field.data = point.postcode


class SearchForm(Form):
    """Read from the query string; no CSRF because it changes nothing."""

    q = SearchField(
        "Search for a service",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=MAX_QUERY, message=f"Search must be {MAX_QUERY} characters or fewer")],
        description="For example, autism support group, speech and language therapy, short breaks",
    )
    near = StringField(
        "Near a postcode",
        widget=GovTextInput(),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Optional(), _known_postcode],
        description="For example, CV11 4AB, or the first part such as CV11",
    )
    need = SelectMultipleField("Needs", choices=_need_choices, widget=KeptCheckboxes(), validate_choice=False)
    category = SelectMultipleField(
        "Type of service", choices=_category_choices, widget=KeptCheckboxes(), validate_choice=False
    )
    age = IntegerField(
        "Age of child or young person",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=25, message="Age must be a whole number from 0 to 25")],
        description="In years, from 0 to 25",
    )
    area = SelectMultipleField("Area", choices=_area_choices, widget=KeptCheckboxes(), validate_choice=False)
    options = SelectMultipleField(
        "Other options",
        choices=[("free", "Free services only"), ("self_referral", "I can contact them myself (no referral needed)")],
        widget=KeptCheckboxes(),
        validate_choice=False,
    )
    delivery = SelectMultipleField(
        "How it is delivered",
        choices=list(DELIVERY_METHODS.items()),
        widget=KeptCheckboxes(),
        validate_choice=False,
    )
    when = SelectMultipleField(
        "When", choices=list(WHEN_LABELS.items()), widget=KeptCheckboxes(), validate_choice=False
    )
    submit = SubmitField("Search", widget=GovSubmitInput())

    def filters(self) -> SearchFilters:
        """The valid filters; unknown values from a hand-edited address are dropped, not errors."""
        needs = {c for c, _ in _need_choices()}
        categories = {c.id for c in vocab.service_categories()}
        areas = {c for c, _ in _area_choices()}
        options = set(self.options.data or [])
        age = self.age.data if not self.age.errors else None
        return SearchFilters(
            needs=tuple(n for n in self.need.data or [] if n in needs),
            categories=tuple(c for c in self.category.data or [] if c in categories),
            age=age,
            areas=tuple(a for a in self.area.data or [] if a in areas),
            free_only="free" in options,
            self_referral="self_referral" in options,
            delivery=tuple(d for d in self.delivery.data or [] if d in DELIVERY_METHODS),
            when=tuple(w for w in WHEN_LABELS if w in (self.when.data or [])),
            near=(self.near.data or None) if not self.near.errors else None,
        )


def needs_for_categories(args: MultiDict) -> MultiDict | None:
    """The same search with each need-named category asked as its need, or None when there is none to move."""
    moved = [c for c in args.getlist("category") if c in NEEDS_FOR_CATEGORY]
    if not moved:
        return None
    kept = [(k, v) for k, v in args.items(multi=True) if k != "page" and not (k == "category" and v in moved)]
    needs = dict.fromkeys([v for k, v in kept if k == "need"] + [n for c in moved for n in NEEDS_FOR_CATEGORY[c]])
    return MultiDict([(k, v) for k, v in kept if k != "need"] + [("need", n) for n in needs])


def search_form_from(args: MultiDict) -> SearchForm:
    form = SearchForm(formdata=args)
    form.validate()
    return form


class ProblemReportForm(FlaskForm):
    kind = RadioField(
        "What is wrong with this page?",
        choices=list(PROBLEM_KINDS.items()),
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select what is wrong with this page")],
    )
    details = TextAreaField(
        "Tell us more (optional)",
        description="For example, the new phone number or opening times. "
        "Do not include personal information, such as your name or your child's name.",
        widget=GovCharacterCount(),
        validators=[Optional(), Length(max=1000, message="Details must be 1000 characters or fewer")],
    )
    submit = SubmitField("Send report", widget=GovSubmitInput())
