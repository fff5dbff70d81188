"""Directory editors' forms: GOV.UK widgets and GOV.UK-worded error messages."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DecimalField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional, ValidationError

from local_offer.editing import ContactEntry, PhoneEntry, PlaceEntry, PriceEntry, ServiceInput
from local_offer.models import DELIVERY_METHODS, REFERRAL_ROUTES
from local_offer.queries import STATUS_FILTERS
from local_offer.taxonomies import WHEN_LABELS
from nlp import vocab
from portal.core.forms import WholeNumberField, optional_email, strip, text_validators

EDITABLE_STATUSES = {"active": "Active", "temporarily closed": "Temporarily closed", "inactive": "Inactive"}
REFERRAL_NOT_KNOWN = "not_known"
DESCRIPTION_MAX = 5000
TEXT_MAX = 2000
MAX_ENTRIES = 20  # of each list: telephone numbers, people, places, opening times, prices
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")


def _with_scheme(value: Any) -> Any:
    """Editors type 'www.example.org'; keep the address a parent's browser can follow."""
    value = strip(value)
    if value and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        return "https://" + value
    return value


def _postcode(value: Any) -> Any:
    """Upper case with one space before the inward code, as Royal Mail writes it."""
    value = strip(value)
    if not value:
        return value
    compact = re.sub(r"\s+", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def web_address(form: Form, field: StringField) -> None:  # noqa: ARG001
    if field.data and not re.match(r"^https?://", field.data, re.IGNORECASE):
        raise ValidationError("Enter a website address in the correct format, like www.example.org.uk")


def valid_postcode(form: Form, field: StringField) -> None:  # noqa: ARG001
    if field.data and not POSTCODE.match(field.data):
        raise ValidationError("Enter a real postcode")


def _age_field(which: str) -> WholeNumberField:
    message = f"{which} age must be a whole number between 0 and 25"
    return WholeNumberField(
        f"{which} age (optional)",
        description="In years, from 0 to 25",
        widget=GovTextInput(),
        invalid=message,
        validators=[Optional(), NumberRange(min=0, max=25, message=message)],
    )


def _text(label: str, required: str | None = None, max_length: int = 300, **kwargs: Any) -> StringField:
    validators = text_validators(label, max_length, required, grouped=False)
    return StringField(label, widget=GovTextInput(), filters=[strip], validators=validators, **kwargs)


def _long_text(label: str, required: str | None = None, max_length: int = TEXT_MAX, **kwargs: Any) -> TextAreaField:
    validators = text_validators(label, max_length, required, grouped=False)
    widget = kwargs.pop("widget", GovTextArea())
    return TextAreaField(label, widget=widget, filters=[strip], validators=validators, **kwargs)


def _checkboxes(label: str, choices: Any, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(label, choices=choices, widget=GovCheckboxesInput(), **kwargs)


def _need_choices() -> list[tuple[str, str]]:
    return [(need.code, need.label) for need in vocab.need_categories()]


def _category_choices(group: str) -> list[tuple[str, str]]:
    return [(cat.id, cat.label) for cat in vocab.service_categories() if cat.group == group]


def _area_choices() -> list[tuple[str, str]]:
    return [(district.code, district.name) for district in vocab.districts()]


def _filled(form: Form) -> bool:
    return any(field.data not in (None, "") for field in form if field.type != "CSRFTokenField")


class EntryForm(Form):
    """One entry of a list: all blank is no entry; partly filled needs ``needed``'s first field (or another
    of them) filled. Checked after the fields, since an empty optional field stops its own validators."""

    needed: tuple[tuple[str, ...], str] = ((), "")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        names, message = self.needed
        if names and _filled(self) and not any(self[name].data not in (None, "") for name in names):
            if not self[names[0]].errors:
                self[names[0]].errors = [*self[names[0]].errors, message]
            valid = False
        return valid


class PriceField(DecimalField):
    """An amount in pounds whose 'not a number' error says what to enter."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            valuelist = [valuelist[0].strip().removeprefix("£").replace(",", "")]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Price must be an amount in pounds, like 4.50") from error


class PhoneEntryForm(EntryForm):
    number = _text("Number", max_length=60, description="For example, 01632 960 001")
    description = _text("What the number is for (optional)", description="For example, Bookings")

    needed = (("number",), "Enter the telephone number")


class ContactEntryForm(EntryForm):
    title = _text("Role (optional)", description="For example, Service manager")
    name = _text("Name (optional)")
    email = optional_email()

    needed = (("name", "email"), "Enter the contact's name or email address")


class PlaceEntryForm(EntryForm):
    name = _text("Name of the place (optional)", description="For example, Kestrel Leisure Centre")
    address_1 = _text("Address line 1")
    address_2 = _text("Address line 2 (optional)")
    city = _text("Town or city (optional)", max_length=120)
    postcode = StringField(
        "Postcode (optional)", widget=GovTextInput(), filters=[_postcode], validators=[Optional(), valid_postcode]
    )
    accessibility = _long_text(
        "Access (optional)", description="For example, step-free entrance and a changing places toilet"
    )

    needed = (("address_1", "postcode"), "Enter the first line of the address or the postcode")


class PriceEntryForm(EntryForm):
    option = _text("What the price is for (optional)", description="For example, One session")
    amount = PriceField(
        "Price in pounds",
        places=2,
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message="Price must be between £0 and £100,000"),
        ],
    )
    amount_description = _text("Details (optional)", description="For example, per child, or for 6 weeks")

    needed = (("amount",), "Enter the price in pounds, like 4.50")


def _entries(label: str, form: type[Form]) -> FieldList:
    return FieldList(FormField(form), label=label, min_entries=0, max_entries=MAX_ENTRIES)


class ServiceForm(FlaskForm):
    """Every field a parent sees on a service page. ``organisation`` choices are set by the route."""

    name = _text("Name of the service", required="Enter the name of the service")
    organisation = SelectField("Organisation", widget=GovSelect(), choices=[], validate_choice=True)
    new_organisation = _text("Or enter the name of a new organisation")
    description = _long_text(
        "Description",
        required="Enter a description of the service",
        max_length=DESCRIPTION_MAX,
        widget=GovCharacterCount(),
        description="Say what the service does and what a family can expect, in plain English",
    )
    eligibility = _long_text("Who the service is for (optional)")
    minimum_age = _age_field("Minimum")
    maximum_age = _age_field("Maximum")
    needs = _checkboxes("Needs", _need_choices, description="Select all that the service supports")
    send_categories = _checkboxes("SEND support", lambda: _category_choices("send"))
    general_categories = _checkboxes("General", lambda: _category_choices("general"))
    areas = _checkboxes("Areas", _area_choices)
    referral_route = RadioField(
        "How do families get the service?",
        choices=[*REFERRAL_ROUTES.items(), (REFERRAL_NOT_KNOWN, "Not known")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select how families get the service")],
    )
    delivery = _checkboxes(
        "How is the service delivered?",
        list(DELIVERY_METHODS.items()),
        validators=[InputRequired(message="Select how the service is delivered")],
    )
    cost = RadioField(
        "Is the service free?",
        choices=[("free", "Yes, it is free"), ("paid", "No, there is a charge")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select if the service is free")],
    )
    fees_description = _long_text("Fees (optional)", description="For example, £5 a session, or free for under 5s")
    status = RadioField(
        "Status",
        choices=list(EDITABLE_STATUSES.items()),
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the status of the service")],
    )
    website = StringField(
        "Website (optional)",
        widget=GovTextInput(),
        filters=[_with_scheme],
        validators=[
            Optional(),
            Length(max=500, message="Website must be 500 characters or fewer"),
            URL(message="Enter a website address in the correct format, like www.example.org.uk"),
            web_address,
        ],
    )
    email = optional_email()
    phones = _entries("Telephone numbers", PhoneEntryForm)
    contacts = _entries("People to contact", ContactEntryForm)
    places = _entries("Addresses", PlaceEntryForm)
    opening_times = FieldList(
        _long_text("Opening times (optional)", description="For example, Saturdays, 10am to 12 noon"),
        label="Opening times",
        min_entries=0,
        max_entries=MAX_ENTRIES,
    )
    prices = _entries("Prices", PriceEntryForm)
    alert = _long_text(
        "Alert (optional)",
        max_length=500,
        description="A warning parents see at the top of the page, for example, No sessions in August",
    )
    wait_time = _text("Waiting time (optional)", description="For example, About 6 weeks from referral")
    interpretation_services = _long_text(
        "Languages and interpreting (optional)", description="For example, British Sign Language on request"
    )
    application_process = _long_text(
        "How to apply or get started (optional)", description="For example, call to book a place"
    )
    when = _checkboxes(
        "When does it run? (optional)",
        list(WHEN_LABELS.items()),
        description="Parents can filter by these. Structured opening times add their own, so tick only what "
        "they do not show, such as school holidays",
    )
    submit = SubmitField("Save service", widget=GovSubmitInput())

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", "Choose an organisation"), *organisations]
        self.areas.description = f"Leave every area unticked if the service covers all of {vocab.gazetteer_name()}"

    def validate_organisation(self, field: SelectField) -> None:
        typed = self.new_organisation.data
        if typed and field.data:
            raise ValidationError("Choose an organisation or enter a new one, not both")
        if not typed and not field.data:
            raise ValidationError("Choose an organisation or enter the name of a new one")

    def validate_maximum_age(self, field: WholeNumberField) -> None:
        low, high = self.minimum_age.data, field.data
        if low is not None and high is not None and not self.minimum_age.errors and low > high:
            raise ValidationError("Maximum age must be the same as or higher than the minimum age")

    def to_input(self) -> ServiceInput:
        """The valid form as the typed input ``editing.save_service`` takes."""

        def blank_to_none(value: str | None) -> str | None:
            return value or None

        route = self.referral_route.data
        return ServiceInput(
            name=self.name.data,
            organisation_id=None if self.new_organisation.data else blank_to_none(self.organisation.data),
            new_organisation=blank_to_none(self.new_organisation.data),
            description=self.description.data,
            eligibility=blank_to_none(self.eligibility.data),
            minimum_age=self.minimum_age.data,
            maximum_age=self.maximum_age.data,
            needs=tuple(self.needs.data or ()),
            categories=tuple((self.send_categories.data or []) + (self.general_categories.data or [])),
            areas=tuple(self.areas.data or ()),
            referral_route=None if route == REFERRAL_NOT_KNOWN else route,
            delivery=tuple(self.delivery.data or ()),
            is_free=self.cost.data == "free",
            fees_description=blank_to_none(self.fees_description.data),
            status=self.status.data,
            website=blank_to_none(self.website.data),
            email=blank_to_none(self.email.data),
            phones=tuple(PhoneEntry(**_entry_data(e)) for e in self.phones if _filled(e.form)),
            contacts=tuple(ContactEntry(**_entry_data(e)) for e in self.contacts if _filled(e.form)),
            places=tuple(PlaceEntry(**_entry_data(e)) for e in self.places if _filled(e.form)),
            opening_times=tuple(e.data for e in self.opening_times if e.data),
            prices=tuple(PriceEntry(**_entry_data(e)) for e in self.prices if _filled(e.form)),
            application_process=blank_to_none(self.application_process.data),
            alert=blank_to_none(self.alert.data),
            wait_time=blank_to_none(self.wait_time.data),
            interpretation_services=blank_to_none(self.interpretation_services.data),
            when=tuple(w for w in WHEN_LABELS if w in (self.when.data or ())),
        )


def _entry_data(entry: FormField) -> dict[str, Any]:
    return {name: (value if value != "" else None) for name, value in entry.data.items()}


def add_blank_entries(form: ServiceForm) -> None:
    """One empty entry at the end of each list, so an editor can add a number, a person, a place or a price
    without JavaScript (a list's entries are cleared to remove them)."""
    for field in (form.phones, form.contacts, form.places, form.opening_times, form.prices):
        last = field.entries[-1] if field.entries else None
        is_blank = last is not None and not (_filled(last.form) if isinstance(last, FormField) else last.data)
        if len(field.entries) < MAX_ENTRIES and not is_blank:
            field.append_entry()


def form_data_from(data: ServiceInput) -> dict[str, Any]:
    """Field values that show ``data`` in a ``ServiceForm``."""
    send = {cat_id for cat_id, _ in _category_choices("send")}
    return {
        "name": data.name,
        "organisation": data.organisation_id or "",
        "description": data.description,
        "eligibility": data.eligibility,
        "minimum_age": data.minimum_age,
        "maximum_age": data.maximum_age,
        "needs": list(data.needs),
        "send_categories": [c for c in data.categories if c in send],
        "general_categories": [c for c in data.categories if c not in send],
        "areas": list(data.areas),
        "referral_route": data.referral_route or REFERRAL_NOT_KNOWN,
        "delivery": list(data.delivery),
        "cost": "free" if data.is_free else "paid",
        "fees_description": data.fees_description,
        "status": data.status if data.status in EDITABLE_STATUSES else None,
        "website": data.website,
        "email": data.email,
        "phones": list(data.phones),
        "contacts": list(data.contacts),
        "places": list(data.places),
        "opening_times": list(data.opening_times),
        "prices": list(data.prices),
        "application_process": data.application_process,
        "alert": data.alert,
        "wait_time": data.wait_time,
        "interpretation_services": data.interpretation_services,
        "when": list(data.when),
    }


class ServiceFilterForm(Form):
    """The editors' service list filters, read from the query string (it changes nothing, so no CSRF)."""

    q = SearchField(
        "Service name",
        widget=GovTextInput(),
        filters=[strip],
        validators=[Optional(), Length(max=200, message="Service name must be 200 characters or fewer")],
    )
    status = SelectField("Status", widget=GovSelect(), choices=list(STATUS_FILTERS.items()), validate_choice=False)
    submit = SubmitField("Filter services", widget=GovSubmitInput())

    @property
    def status_value(self) -> str:
        return self.status.data if self.status.data in STATUS_FILTERS else ""
