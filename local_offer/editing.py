"""An editor's changes: the typed input the service form gives, what changed, saving it, and resolving a
problem report. Saving goes through ``local_offer.services`` so need and category terms, areas and the search
index always change together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from local_offer import history
from local_offer.history import schedule_text
from local_offer.models import (
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
    new_id,
)
from local_offer.services import place_at_postcode, save_services, set_districts, set_send_terms, set_when_terms
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY, WHEN_LABELS
from local_offer.when import stated_when
from portal.core.audit import utcnow
from portal.core.extensions import db


def resolve_problem_report(report: ProblemReport, by_email: str) -> None:
    report.resolved_at = utcnow()
    report.resolved_by = by_email


# Saving a service ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneEntry:
    number: str
    description: str | None = None


@dataclass(frozen=True)
class ContactEntry:
    title: str | None = None
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class PlaceEntry:
    name: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    postcode: str | None = None
    accessibility: str | None = None


@dataclass(frozen=True)
class PriceEntry:
    option: str | None = None
    amount: Decimal | None = None
    amount_description: str | None = None


@dataclass
class ServiceInput:
    """Everything a parent sees about a service, as the editor's form holds it."""

    name: str = ""
    organisation_id: str | None = None
    new_organisation: str | None = None
    description: str = ""
    alert: str | None = None
    eligibility: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    needs: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    referral_route: str | None = None
    delivery: tuple[str, ...] = ()
    is_free: bool = False
    fees_description: str | None = None
    prices: tuple[PriceEntry, ...] = ()
    status: str = "active"
    website: str | None = None
    email: str | None = None
    phones: tuple[PhoneEntry, ...] = ()
    contacts: tuple[ContactEntry, ...] = ()
    places: tuple[PlaceEntry, ...] = ()
    opening_times: tuple[str, ...] = ()
    application_process: str | None = None
    wait_time: str | None = None
    interpretation_services: str | None = None
    # When it runs, as the editor states it (local_offer/when.py adds what structured schedules say).
    when: tuple[str, ...] = ()


def input_from_service(service: Service) -> ServiceInput:
    return ServiceInput(
        name=service.name,
        organisation_id=service.organization_id,
        description=service.description or "",
        alert=service.alert,
        eligibility=service.eligibility_description,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        needs=tuple(sorted(t.code or "" for t in service.terms_in(NEED_TAXONOMY))),
        categories=tuple(sorted(t.code or "" for t in service.terms_in(CATEGORY_TAXONOMY))),
        areas=tuple(sorted(service.district_codes)),
        referral_route=service.referral_route,
        delivery=tuple(service.delivery_methods),
        is_free=service.is_free,
        fees_description=service.fees_description,
        prices=tuple(PriceEntry(o.option, o.amount, o.amount_description) for o in service.cost_options),
        status=service.status,
        website=service.url,
        email=service.email,
        phones=tuple(PhoneEntry(p.number, p.description) for p in service.phones),
        contacts=tuple(ContactEntry(c.title, c.name, c.email) for c in service.contacts),
        places=tuple(
            PlaceEntry(loc.name, loc.address_1, loc.address_2, loc.city, loc.postal_code, loc.accessibility)
            for loc in (link.location for link in service.locations)
        ),
        opening_times=tuple(schedule_text(s) for s in service.schedules),
        application_process=service.application_process,
        wait_time=service.wait_time,
        interpretation_services=service.interpretation_services,
        when=tuple(value for value in WHEN_LABELS if value in stated_when(service)),
    )


def changed_fields(before: ServiceInput, after: ServiceInput) -> list[str]:
    """Names of the fields that differ: what the audit log says changed, without the words themselves."""
    changed = [f.name for f in fields(ServiceInput) if getattr(before, f.name) != getattr(after, f.name)]
    return [name for name in changed if name != "new_organisation"]


def _organisation_for(data: ServiceInput) -> tuple[Organization | None, bool]:
    """The chosen organisation, an existing one with the typed name, or a new one (second value: created)."""
    if data.new_organisation:
        wanted = data.new_organisation.strip()
        existing = db.session.scalar(
            select(Organization).where(func.lower(Organization.name) == wanted.lower()).limit(1)
        )
        if existing is not None:
            return existing, False
        organisation = Organization(id=new_id(), name=wanted)
        db.session.add(organisation)
        return organisation, True
    if data.organisation_id:
        return db.session.get(Organization, data.organisation_id), False
    return None, False


def _location_shared(location: Location, service: Service) -> bool:
    others = select(ServiceAtLocation.id).where(
        ServiceAtLocation.location_id == location.id, ServiceAtLocation.service_id != service.id
    )
    return bool(db.session.scalar(select(others.exists())))


def _sync(rows: list[Any], entries: Sequence[Any], make: Callable[[], Any], fill: Callable[[Any, Any], None]) -> None:
    """Make ``rows`` match ``entries`` in order: update the first ones, drop the extra ones, add the missing ones."""
    del rows[len(entries) :]
    while len(rows) < len(entries):
        rows.append(make())
    for row, entry in zip(rows, entries, strict=True):
        fill(row, entry)


_PLACE = {"name": "name", "address_1": "address_1", "address_2": "address_2", "city": "city",
          "postal_code": "postcode", "accessibility": "accessibility"}  # fmt: skip


def _apply_places(service: Service, places: Sequence[PlaceEntry]) -> None:
    """Addresses in order. A location other services also use is never changed: this service gets its own copy."""
    for link in service.locations[len(places) :]:
        if not _location_shared(link.location, service):
            db.session.delete(link.location)

    def fill(link: ServiceAtLocation, entry: PlaceEntry) -> None:
        wanted = {column: getattr(entry, key) for column, key in _PLACE.items()}
        if link.location is not None and all(getattr(link.location, c) == v for c, v in wanted.items()):
            return
        if link.location is None or _location_shared(link.location, service):
            link.location = Location(id=new_id(), location_type="physical")
        postcode = wanted.pop("postal_code")
        for column, value in wanted.items():
            setattr(link.location, column, value)
        place_at_postcode(link.location, postcode)  # and its point, for searches near a postcode

    _sync(service.locations, places, lambda: ServiceAtLocation(id=new_id(), service_id=service.id), fill)


def _apply_schedules(service: Service, texts: Sequence[str]) -> None:
    """Opening times in words; a timetable imported with days and hours keeps them while its words are unchanged."""

    def fill(schedule: Schedule, text: str) -> None:
        if schedule_text(schedule) != text:
            schedule.description = text

    _sync(service.schedules, texts, lambda: Schedule(id=new_id(), service_id=service.id), fill)


def _fill_phone(phone: Phone, entry: PhoneEntry) -> None:
    phone.number, phone.description = entry.number, entry.description


def _fill_contact(contact: Contact, entry: ContactEntry) -> None:
    contact.title, contact.name, contact.email = entry.title, entry.name, entry.email


def _fill_price(option: CostOption, entry: PriceEntry) -> None:
    option.option, option.amount, option.amount_description = entry.option, entry.amount, entry.amount_description


def _apply_lists(service: Service, data: ServiceInput) -> None:
    with db.session.no_autoflush:  # a half-made row must not be flushed by the 'is this place shared?' query
        _apply_places(service, data.places)
        _apply_schedules(service, data.opening_times)
        _sync(service.phones, data.phones, lambda: Phone(id=new_id(), service_id=service.id), _fill_phone)
        _sync(service.contacts, data.contacts, lambda: Contact(id=new_id(), service_id=service.id), _fill_contact)
        _sync(service.cost_options, data.prices, lambda: CostOption(id=new_id(), service_id=service.id), _fill_price)


def _apply_columns(service: Service, data: ServiceInput) -> None:
    service.name = data.name
    service.description = data.description
    service.eligibility_description = data.eligibility
    service.minimum_age, service.maximum_age = data.minimum_age, data.maximum_age
    service.referral_route = data.referral_route
    service.delivery_in_person = "in_person" in data.delivery
    service.delivery_online = "online" in data.delivery
    service.delivery_phone = "phone" in data.delivery
    service.is_free = data.is_free
    service.fees_description = data.fees_description
    service.status = data.status
    service.url, service.email = data.website, data.email
    service.application_process = data.application_process
    service.alert = data.alert
    service.wait_time = data.wait_time
    service.interpretation_services = data.interpretation_services


def save_service(service: Service | None, data: ServiceInput, by: str | None = None) -> tuple[Service, bool]:
    """Create or update a service from the editor's input, reindex it and record what changed in its history;
    the caller audits and commits. The second value says whether a new organisation was created.
    """
    organisation, created = _organisation_for(data)
    before = history.snapshot(service) if service is not None else {}
    action = history.EDITED if service is not None else history.CREATED
    if service is None:
        service = Service(id=new_id())
    _apply_columns(service, data)
    service.organization = organisation
    db.session.add(service)
    _apply_lists(service, data)
    set_send_terms(service, data.needs, data.categories)
    set_districts(service, data.areas)
    set_when_terms(service, data.when)
    changes = history.differences(before, history.snapshot(service))
    if changes:
        history.record(service, action, changes, by)
    save_services([service])
    return service, created
