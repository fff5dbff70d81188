"""The queries behind the Open Referral read API, and reading its query parameters.

Text search and our own need and category terms go through the directory search, so the API and
the public pages rank and filter alike. Filters the search has no notion of (foreign taxonomy
terms, age ranges, an organisation) are added as SQL conditions. ``postcode`` (with ``proximity`` in
metres) orders by distance and ``when`` filters by when services run, both through the search too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, or_, select, true
from sqlalchemy.sql import ColumnElement
from werkzeug.datastructures import MultiDict

from local_offer import postcodes
from local_offer.exporter import full_service_options
from local_offer.models import Attribute, Organization, Service, TaxonomyTerm
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.search.query import filter_conditions
from local_offer.taxonomies import DELIVERY_TAXONOMY, REFERRAL_TAXONOMY, WHEN_LABELS, WHEN_TAXONOMY
from portal.core.extensions import db
from portal.core.numbers import whole_number as ascii_whole_number
from portal.core.paging import Page, paginate

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# With text and a filter the search cannot apply, this many best matches are filtered and paged.
MAX_RANKED = 5000
MAX_PROXIMITY = 1_000_000  # metres: further than anywhere in Great Britain from anywhere else
_DELIVERY_COLUMNS = {"in_person": Service.delivery_in_person, "online": Service.delivery_online,
                     "phone": Service.delivery_phone}  # fmt: skip


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def whole_number(args: MultiDict, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    number = ascii_whole_number(raw, low, high)
    if number is None:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}, not ‘{raw[:40]}’.")
    return number


def paging(args: MultiDict) -> tuple[int, int]:
    page = whole_number(args, "page", 1, 1, 1_000_000)
    per_page = whole_number(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return page or 1, per_page or DEFAULT_PER_PAGE


def page_object(page: Page, contents: list[dict[str, Any]]) -> dict[str, Any]:
    """The HSDS 3.0 page shape, with the page's records as ``contents``."""
    return {
        "total_items": page.total,
        "total_pages": page.pages,
        "page_number": page.page,
        "size": len(contents),
        "first_page": page.page == 1,
        "last_page": page.page >= page.pages,
        "empty": not contents,
        "contents": contents,
    }


@dataclass
class ServiceQuery:
    text: str = ""
    needs: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    extra: list[ColumnElement[bool]] = field(default_factory=list)
    age: int | None = None
    when: tuple[str, ...] = ()
    near: str | None = None
    within_metres: int | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _term_ids(args: MultiDict) -> list[str]:
    return [part.strip() for value in args.getlist("taxonomy_term_id") for part in value.split(",") if part.strip()]


def _apply_terms(query: ServiceQuery, term_ids: list[str]) -> None:
    """Our need and category terms become search filters; referral and delivery are columns; others attributes."""
    terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.id.in_(term_ids)))}
    unknown = [t for t in term_ids if t not in terms]
    if unknown:
        raise ApiError(400, f"taxonomy_term_id ‘{unknown[0]}’ is not a term listed at /api/taxonomy_terms.")
    needs = tuple(t.code for t in terms.values() if t.id.startswith("need-") and t.code)
    categories = tuple(t.code for t in terms.values() if t.id.startswith("category-") and t.code)
    query.needs, query.categories = needs, categories
    query.when = tuple(
        dict.fromkeys(query.when + tuple(t.code for t in terms.values() if t.taxonomy_id == WHEN_TAXONOMY))
    )
    routes = [t.code for t in terms.values() if t.taxonomy_id == REFERRAL_TAXONOMY]
    if routes:
        query.extra.append(Service.referral_route.in_(routes))
    methods = [_DELIVERY_COLUMNS[t.code].is_(True) for t in terms.values() if t.taxonomy_id == DELIVERY_TAXONOMY]
    if methods:
        query.extra.append(or_(*methods))
    ours = {
        t.id
        for t in terms.values()
        if t.id.startswith(("need-", "category-"))
        or t.taxonomy_id in (REFERRAL_TAXONOMY, DELIVERY_TAXONOMY, WHEN_TAXONOMY)
    }
    foreign = [t for t in term_ids if t not in ours]
    if foreign:
        query.extra.append(
            exists().where(
                Attribute.link_id == Service.id,
                Attribute.link_type == "service",
                Attribute.taxonomy_term_id.in_(foreign),
            )
        )


def _apply_ages(query: ServiceQuery, low: int | None, high: int | None) -> None:
    """Services open to someone aged between ``low`` and ``high``; a service with no limit is open to all."""
    if low is not None and high is not None and low > high:
        raise ApiError(400, "minimum_age must not be more than maximum_age.")
    if low is not None and low == high:
        query.age = low
        return
    if low is not None:
        query.extra.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= low))
    if high is not None:
        query.extra.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= high))


def _apply_taxonomy(query: ServiceQuery, taxonomy_id: str) -> None:
    if taxonomy_id == REFERRAL_TAXONOMY:
        query.extra.append(Service.referral_route.is_not(None))
    elif taxonomy_id != DELIVERY_TAXONOMY:
        query.extra.append(
            exists().where(
                Attribute.link_id == Service.id,
                Attribute.link_type == "service",
                Attribute.taxonomy_term_id == TaxonomyTerm.id,
                TaxonomyTerm.taxonomy_id == taxonomy_id,
            )
        )


def modified_after(args: MultiDict) -> datetime | None:
    """``modified_after`` as a naive UTC time: an ISO 8601 date (its first moment, UTC) or date and time (UTC
    unless it carries an offset); ``ApiError`` 400 for anything else."""
    value = (args.get("modified_after") or "").strip()
    if not value:
        return None
    problem = f"modified_after ‘{value[:40]}’ is not a date or date and time, like 2026-01-31 or 2026-01-31T09:30:00Z."
    try:
        # An offset's "+" left unencoded in a query string arrives as a space.
        when = datetime.fromisoformat(re.sub(r"(T.+) (\d{2}:?\d{2})$", r"\1+\2", value.replace("z", "Z")))
        if when.tzinfo is not None:
            when = when.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise ApiError(400, problem) from None
    return when


def _apply_when(query: ServiceQuery, args: MultiDict) -> None:
    """``when=after_school,weekend`` or ``when`` repeated: services running at any of these times."""
    values = [part.strip() for value in args.getlist("when") for part in value.split(",") if part.strip()]
    unknown = [v for v in values if v not in WHEN_LABELS]
    if unknown:
        raise ApiError(400, f"when ‘{unknown[0][:40]}’ is not one of {', '.join(WHEN_LABELS)}.")
    query.when = tuple(dict.fromkeys(values))


def _apply_postcode(query: ServiceQuery, args: MultiDict) -> None:
    """``postcode`` orders services by distance; ``proximity`` (metres) leaves out located ones further away."""
    typed = args.get("postcode", "").strip()
    proximity = whole_number(args, "proximity", None, 1, MAX_PROXIMITY)
    if not typed:
        if proximity is not None:
            raise ApiError(400, "proximity needs a postcode to measure from.")
        return
    point = postcodes.lookup(typed)
    if point is None:
        raise ApiError(400, postcodes.not_found_message(typed))
    query.near, query.within_metres = point.postcode, proximity


def service_query(args: MultiDict) -> ServiceQuery:
    page, per_page = paging(args)
    query = ServiceQuery(text=(args.get("search") or args.get("text") or "").strip(), page=page, per_page=per_page)
    _apply_when(query, args)
    _apply_postcode(query, args)
    if _term_ids(args):
        _apply_terms(query, _term_ids(args))
    _apply_ages(query, whole_number(args, "minimum_age", None, 0, 150), whole_number(args, "maximum_age", None, 0, 150))
    if args.get("taxonomy_id", "").strip():
        _apply_taxonomy(query, args["taxonomy_id"].strip())
    if args.get("organization_id", "").strip():
        query.extra.append(Service.organization_id == args["organization_id"].strip())
    since = modified_after(args)
    if since is not None:
        query.extra.append(Service.last_modified >= since)
    return query


def _filters(query: ServiceQuery) -> SearchFilters:
    return SearchFilters(
        needs=query.needs,
        categories=query.categories,
        age=query.age,
        when=query.when,
        near=query.near,
        within_metres=query.within_metres,
    )


def _browse(query: ServiceQuery) -> tuple[int, list[str]]:
    conditions = filter_conditions(_filters(query)) + query.extra
    statement = select(Service.id).where(*conditions).order_by(Service.name, Service.id)
    found = paginate(statement, query.page, query.per_page, clamp=False)
    return found.total, found.items


def _ranked_then_filtered(query: ServiceQuery) -> tuple[int, list[str]]:
    ranked: list[str] = []
    page = 1
    while len(ranked) < MAX_RANKED:
        result = search_services(SearchRequest(query.text, _filters(query), page, 500))
        ranked += [s.id for s in result.services]
        if page >= result.pages:
            break
        page += 1
    allowed: set[str] = set()
    for start in range(0, len(ranked), 500):
        part = ranked[start : start + 500]
        allowed |= set(db.session.scalars(select(Service.id).where(Service.id.in_(part), *query.extra)))
    kept = [i for i in ranked if i in allowed]
    start = (query.page - 1) * query.per_page
    return len(kept), kept[start : start + query.per_page]


def find_services(query: ServiceQuery) -> Page[Service]:
    """A page of services for a query: in distance order with a postcode, otherwise in search rank order (or by
    name with no text)."""
    if not query.extra:
        return search_services(SearchRequest(query.text, _filters(query), query.page, query.per_page))
    # With a postcode the search puts them in distance order; conditions it cannot apply filter that order.
    total, ids = _ranked_then_filtered(query) if query.text or query.near else _browse(query)
    return Page(load_services(ids), total, query.page, query.per_page)


def load_services(ids: list[str]) -> list[Service]:
    if not ids:
        return []
    services = db.session.scalars(select(Service).where(Service.id.in_(ids)).options(*full_service_options()))
    by_id = {s.id: s for s in services}
    return [by_id[i] for i in ids if i in by_id]


def public_service(service_id: str) -> Service | None:
    """A service by id, unless it has been archived (then it is no longer published)."""
    found = load_services([service_id])
    return found[0] if found and not found[0].archived else None


def visible_services_of(org: Organization) -> list[Service]:
    conditions = filter_conditions(SearchFilters())
    ids = db.session.scalars(
        select(Service.id)
        .where(Service.organization_id == org.id, *conditions, true())
        .order_by(Service.name, Service.id)
    ).all()
    return load_services(list(ids))
