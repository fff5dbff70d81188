"""An editor's changes: the typed input the service form gives, what changed, saving it, and resolving a
problem report. Saving goes through ``local_offer.services`` so need and category terms, areas and the search
index always change together.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func, select

from local_offer.models import (
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


@dataclass
class ServiceInput:
    """Everything a parent sees about a service, as the editor's form holds it."""

    name: str = ""
    organisation_id: str | None = None
    new_organisation: str | None = None
    description: str = ""
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
    status: str = "active"
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    postcode: str | None = None
    opening_times: str | None = None
    application_process: str | None = None
    # When it runs, as the editor states it (local_offer/when.py adds what structured schedules say).
    when: tuple[str, ...] = ()


def _first_location(service: Service) -> Location | None:
    return service.locations[0].location if service.locations else None


def _first_schedule(service: Service) -> Schedule | None:
    return next((s for s in service.schedules if s.description), service.schedules[0] if service.schedules else None)


def input_from_service(service: Service) -> ServiceInput:
    location = _first_location(service)
    schedule = _first_schedule(service)
    return ServiceInput(
        name=service.name,
        organisation_id=service.organization_id,
        description=service.description or "",
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
        status=service.status,
        website=service.url,
        email=service.email,
        phone=service.phones[0].number if service.phones else None,
        address_1=location.address_1 if location else None,
        address_2=location.address_2 if location else None,
        city=location.city if location else None,
        postcode=location.postal_code if location else None,
        opening_times=schedule.description if schedule else None,
        application_process=service.application_process,
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


def _apply_location(service: Service, data: ServiceInput) -> None:
    """One address per service here; a location other services also use is left as it is."""
    parts = {"address_1": data.address_1, "address_2": data.address_2, "city": data.city}
    location = _first_location(service)
    if not any(parts.values()) and not data.postcode:
        if location is not None and not _location_shared(location, service):
            db.session.delete(location)
        service.locations = service.locations[1:]
        return
    if location is None or _location_shared(location, service):
        location = Location(id=new_id(), location_type="physical")
        link = ServiceAtLocation(id=new_id(), service_id=service.id, location=location)
        service.locations = [link, *service.locations[1:]]
    for attribute, value in parts.items():
        setattr(location, attribute, value)
    place_at_postcode(location, data.postcode)  # and its point, for searches near a postcode
    location.name = location.name or data.address_1


def _apply_schedule(service: Service, data: ServiceInput) -> None:
    schedule = _first_schedule(service)
    if schedule is None and data.opening_times:
        service.schedules.append(Schedule(id=new_id(), service_id=service.id, description=data.opening_times))
    elif schedule is not None and not data.opening_times and not (schedule.byday or schedule.opens_at):
        service.schedules.remove(schedule)
    elif schedule is not None:
        schedule.description = data.opening_times


def _apply_phone(service: Service, data: ServiceInput) -> None:
    if service.phones and data.phone:
        service.phones[0].number = data.phone
    elif data.phone:
        service.phones.append(Phone(id=new_id(), service_id=service.id, number=data.phone))
    elif service.phones:
        service.phones.pop(0)


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


def save_service(service: Service | None, data: ServiceInput) -> tuple[Service, bool]:
    """Create or update a service from the editor's input and reindex it; the caller audits and commits.

    The second value says whether a new organisation was created.
    """
    organisation, created = _organisation_for(data)
    if service is None:
        service = Service(id=new_id())
    _apply_columns(service, data)
    service.organization = organisation
    db.session.add(service)
    _apply_location(service, data)
    _apply_schedule(service, data)
    _apply_phone(service, data)
    set_send_terms(service, data.needs, data.categories)
    set_districts(service, data.areas)
    set_when_terms(service, data.when)
    save_services([service])
    return service, created
