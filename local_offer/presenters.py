"""Turning services and searches into the words and links the pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from flask import url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Field, Form

from local_offer.links import is_email_address, is_web_address
from local_offer.models import DELIVERY_METHODS, REFERRAL_ROUTES, Service
from local_offer.search import SearchFilters, SearchResult
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY, WHEN_LABELS
from nlp import vocab
from portal.core.paging import page_links, query_href

# The filter questions in the order the panel asks them; near and when arrive with the postcode search.
FILTER_PARAMS = ("need", "category", "age", "area", "when", "near", "delivery", "options")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def filter_summary(text: str, filters: SearchFilters) -> str:
    """The search in words: 'services for autism, age 7, in Nuneaton and Bedworth'."""
    parts = []
    if text:
        parts.append(f"matching ‘{text}’")
    if filters.needs:
        parts.append("for " + _join([vocab.need_label(code).lower() for code in filters.needs]))
    if filters.categories:
        parts.append("in " + _join([vocab.service_category_label(c).lower() for c in filters.categories]))
    if filters.age is not None:
        parts.append(f"age {filters.age}")
    if filters.areas:
        parts.append("in " + _join([vocab.district_name(code) for code in filters.areas]))
    if filters.free_only:
        parts.append("free")
    if filters.self_referral:
        parts.append("no referral needed")
    if filters.delivery:
        parts.append("delivered " + _join([DELIVERY_METHODS[d].lower() for d in filters.delivery]))
    if filters.when:
        parts.append("running " + _join([WHEN_LABELS[w].lower() for w in filters.when]))
    if filters.near:
        parts.append(f"nearest to {filters.near} first")
    return "services " + ", ".join(parts) if parts else "all services"


def filter_count(args: MultiDict) -> int:
    """How many filter values are chosen, for the collapsed filter panel's label."""
    return sum(1 for key in FILTER_PARAMS for value in args.getlist(key) if value)


@dataclass(frozen=True)
class ChosenFilter:
    """One chosen filter value, shown above the results as a tag that links to the search without it."""

    field: str
    label: str
    href: str


# Words for a tag where the question's own wording is too long for one.
TAG_LABELS = {("options", "self_referral"): "No referral needed"}
TAG_FORMATS = {"age": "Age {}", "near": "Near {}"}


def chosen_filters(form: Form, args: MultiDict) -> list[ChosenFilter]:
    """The filters the search used, in the order the panel asks them; values the search ignored are left out.

    Fields another part of the form may not have yet (``near``, ``when``) are read only when present.
    """
    chosen = []
    for name in FILTER_PARAMS:
        field = form._fields.get(name)
        if field is None or field.errors:
            continue
        for value, label in _chosen_values(field):
            chosen.append(ChosenFilter(name, label, search_without(args, name, value)))
    return chosen


def _chosen_values(field: Field) -> list[tuple[str | None, str]]:
    if isinstance(field.data, list):
        labels = dict(_flat_choices(field.choices))
        values = [value for value in dict.fromkeys(field.data) if value in labels]
        return [(value, TAG_LABELS.get((field.name, value), labels[value])) for value in values]
    text = "" if field.data is None else str(field.data).strip()
    return [(None, TAG_FORMATS.get(field.name, "{}").format(text))] if text else []


def _flat_choices(choices) -> list[tuple[str, str]]:
    if isinstance(choices, dict):  # WTForms' grouped choices
        return [(str(c[0]), str(c[1])) for group in choices.values() for c in group]
    return [(str(c[0]), str(c[1])) for c in choices or []]


def search_without(args: MultiDict, name: str, value: str | None = None) -> str:
    """The same search without one value of a filter (or the whole filter when value is None), from page 1."""
    kept = [
        (k, v) for k, v in args.items(multi=True) if k != "page" and not (k == name and (value is None or v == value))
    ]
    if not any(k == "q" for k, _ in kept):
        kept.insert(0, ("q", ""))  # still a search, so removing the last filter shows every service
    return url_for("local_offer_public.search") + "?" + urlencode(kept)


def search_page_links(result: SearchResult, args: MultiDict) -> dict | None:
    """Parameters for the GOV.UK pagination component, or None for a single page."""
    return page_links(result, query_href(url_for("local_offer_public.search"), args.items(multi=True)))


@dataclass
class ServiceView:
    ages: str
    areas: str
    cost: str
    referral: str
    delivery: str
    summary: str
    service: Service = field(repr=False)

    # Only the service page shows the terms: a list of results never reads them, so never loads them.
    @property
    def needs(self) -> list[str]:
        return [t.name for t in self.service.terms_in(NEED_TAXONOMY)]

    @property
    def categories(self) -> list[str]:
        return [t.name for t in self.service.terms_in(CATEGORY_TAXONOMY)]


def age_range(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return "All ages"
    if low is None:
        return f"Up to {high} years"
    if high is None:
        return f"{low} years and over"
    return f"{low} to {high} years"


def service_view(service: Service) -> ServiceView:
    areas = [area.name or vocab.district_name(area.district_code or "") for area in service.service_areas]
    cost = "Free" if service.is_free else (service.fees_description or "There is a charge")
    first_para = (service.description or "").strip().split("\n")[0]
    summary = first_para if len(first_para) <= 220 else first_para[:217].rsplit(" ", 1)[0] + "…"
    return ServiceView(
        ages=age_range(service),
        areas=", ".join(a for a in areas if a) or "All of " + vocab.gazetteer_name(),
        cost=cost,
        referral=REFERRAL_ROUTES.get(service.referral_route or "", "Contact the service to ask"),
        delivery=", ".join(DELIVERY_METHODS[d] for d in service.delivery_methods) or "Contact the service to ask",
        summary=summary,
        service=service,
    )


def _row(key: str, value: str | Markup) -> dict:
    return {"key": {"text": key}, "value": {"html": value} if isinstance(value, Markup) else {"text": value}}


def _link(href: str, text: str, rel: str | None = None) -> Markup:
    extra = Markup(' rel="{}"').format(rel) if rel else Markup("")
    return Markup('<a class="govuk-link" href="{}"{}>{}</a>').format(href, extra, text)


def who_rows(service: Service, view: ServiceView) -> list[dict]:
    rows = [
        _row("Ages", view.ages),
        _row("Needs", ", ".join(view.needs) or "Any"),
        _row("Type of service", ", ".join(view.categories) or "Not stated"),
        _row("Area", view.areas),
    ]
    if service.eligibility_description:
        rows.append(_row("Who can use it", service.eligibility_description))
    return rows


def how_rows(service: Service, view: ServiceView) -> list[dict]:
    rows = [_row("Referral", view.referral), _row("How it is delivered", view.delivery), _row("Cost", view.cost)]
    optional = [
        ("How to apply", service.application_process),
        ("Waiting time", service.wait_time),
        ("Languages and interpreting", service.interpretation_services),
    ]
    rows += [_row(key, value) for key, value in optional if value]
    for option in service.cost_options:
        if option.amount is not None:
            price = f"£{option.amount:.2f}" + (f" {option.amount_description}" if option.amount_description else "")
            rows.append(_row(option.option or "Price", price))
    return rows


def where_rows(service: Service) -> list[dict]:
    rows = []
    for link in service.locations:
        loc = link.location
        lines = [loc.name, loc.address_1, loc.address_2, loc.city, loc.postal_code]
        rows.append(_row("Address", Markup("<br>").join(line for line in lines if line)))
        if loc.accessibility:
            rows.append(_row("Access", loc.accessibility))
    for schedule in service.schedules:
        hours = f"{schedule.opens_at} to {schedule.closes_at}" if schedule.opens_at else None
        when = schedule.description or ", ".join(filter(None, [schedule.byday, hours]))
        if when:
            rows.append(_row("Opening times", when))
    return rows


def contact_rows(service: Service) -> list[dict]:
    rows = [
        _row(p.description or "Telephone", _link("tel:" + p.number.replace(" ", ""), p.number)) for p in service.phones
    ]
    if is_email_address(service.email):
        rows.append(_row("Email", _link("mailto:" + quote(service.email.strip(), safe="@"), service.email)))
    if is_web_address(service.url):
        rows.append(_row("Website", _link(service.url, service.url, rel="noopener")))
    for person in service.contacts:
        if person.name or person.email:
            rows.append(_row(person.title or "Contact", ", ".join(filter(None, [person.name, person.email]))))
    return rows


def print_rows(service: Service, view: ServiceView) -> list[dict]:
    """What a parent needs on paper: who it is for, where and when, and every way to get in touch."""
    rows = [_row("Ages", view.ages), _row("Area", view.areas), _row("Cost", view.cost), _row("Referral", view.referral)]
    rows += where_rows(service)
    keys = {row["key"]["text"] for row in rows}
    if "Address" not in keys:
        rows.append(_row("Address", "No address is listed"))
    if "Opening times" not in keys:
        rows.append(_row("Opening times", "Contact the service to ask"))
    return rows + (contact_rows(service) or [_row("Contact", "No contact details are listed")])


def local_path(value: str | None) -> str | None:
    """A path on this site to send someone back to, or None for anything that could lead elsewhere."""
    if not value or len(value) > 2000 or any(c in value for c in "\\\r\n\t"):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def back_link(value: str | None) -> dict[str, str]:
    """The service page's back link: to the search, shortlist or shared list it came from, else to a new search."""
    path = local_path(value)
    pages = {
        url_for("local_offer_public.search"): "Back to your search results",
        url_for("local_offer_public.shortlist"): "Back to your shortlist",
        url_for("local_offer_public.shortlist_shared"): "Back to the shared shortlist",
    }
    text = pages.get(urlsplit(path).path) if path else None
    if text is None:
        return {"text": "Find services", "href": url_for("local_offer_public.search")}
    return {"text": text, "href": path}
