"""Turning services and searches into the words and links the pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from flask import url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from local_offer.links import is_email_address, is_web_address
from local_offer.models import DELIVERY_METHODS, REFERRAL_ROUTES, Service
from local_offer.search import SearchFilters, SearchResult
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY, WHEN_LABELS
from nlp import vocab

FILTER_PARAMS = ("need", "category", "age", "area", "options", "delivery", "when")


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


def remove_filter_links(args: MultiDict) -> list[dict[str, str]]:
    """One link per chosen filter value that repeats the search without it."""
    links = []
    labels = _filter_labels()
    for key in FILTER_PARAMS:
        for value in args.getlist(key):
            if not value:
                continue
            kept = [(k, v) for k, v in args.items(multi=True) if not (k == key and v == value) and k != "page"]
            label = f"age {value}" if key == "age" else labels.get((key, value), value)
            links.append({"text": f"Remove ‘{label}’", "href": url_for("local_offer.search") + "?" + urlencode(kept)})
    return links


def _filter_labels() -> dict[tuple[str, str], str]:
    labels = {("need", n.code): n.label for n in vocab.need_categories()}
    labels |= {("category", c.id): c.label for c in vocab.service_categories()}
    labels |= {("area", d.code): d.name for d in vocab.districts()}
    labels |= {("delivery", k): v for k, v in DELIVERY_METHODS.items()}
    labels |= {("when", k): v for k, v in WHEN_LABELS.items()}
    labels |= {("options", "free"): "Free services only", ("options", "self_referral"): "No referral needed"}
    return labels


def page_links(result: SearchResult, args: MultiDict) -> dict | None:
    """Parameters for the GOV.UK pagination component, or None for a single page."""
    if result.pages <= 1:
        return None

    def href(page: int) -> str:
        kept = [(k, v) for k, v in args.items(multi=True) if k != "page"] + [("page", str(page))]
        return url_for("local_offer.search") + "?" + urlencode(kept)

    window = range(max(1, result.page - 2), min(result.pages, result.page + 2) + 1)
    items = [{"number": n, "href": href(n), "current": n == result.page} for n in window]
    params: dict = {"items": items}
    if result.page > 1:
        params["previous"] = {"href": href(result.page - 1)}
    if result.page < result.pages:
        params["next"] = {"href": href(result.page + 1)}
    return params


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
