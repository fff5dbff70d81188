"""Loading the demonstration directory into the database.

The services come from ``local_offer.demo_data``; every record has a stable id, so a second run
skips what is already there and adds only what is missing. Services are saved through
``local_offer.services`` like any other, which keeps terms, areas and the search index in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from local_offer.demo_data import DemoService, Venue, build_services, organisations, stable_id
from local_offer.models import (
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from local_offer.services import save_services, set_districts, set_send_terms
from local_offer.taxonomies import ensure_send_taxonomies
from portal.core.extensions import db


def load_directory() -> Iterator[str]:
    """Add the demonstration services that are not in the database yet; yields progress lines."""
    ensure_send_taxonomies()
    demo = build_services()
    yield f"Directory: {len(demo)} demonstration services in the data files."
    existing = _existing_ids(Service, [item.id for item in demo])
    wanted = [item for item in demo if item.id not in existing]
    if not wanted:
        yield "Directory: all demonstration services are already loaded; nothing to do."
        return
    orgs = _organisations({item.provider for item in wanted})
    places = _locations([item.venue for item in wanted if item.venue])
    with db.session.no_autoflush:
        services = [_service(item, orgs, places) for item in wanted]
    save_services(services)
    db.session.commit()
    yield f"Directory: added {len(services)} services; {len(existing)} were already there."


def _existing_ids(model, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(db.session.scalars(select(model.id).where(model.id.in_(chunk))))
    return found


def _organisations(keys: set[str]) -> dict[str, Organization]:
    """The providers these services need, created when missing and left alone when present."""
    found: dict[str, Organization] = {}
    for key in sorted(keys):
        data = organisations()[key]
        org_id = stable_id("organisation", key)
        org = db.session.get(Organization, org_id)
        if org is None:
            org = Organization(
                id=org_id,
                name=data["name"],
                description=data.get("description", ""),
                email=data.get("email"),
                website=data.get("website"),
            )
            db.session.add(org)
        found[key] = org
    return found


def _locations(venues: Iterable[Venue]) -> dict[str, Location]:
    unique = {venue.key: venue for venue in venues}
    found: dict[str, Location] = {}
    for key, venue in sorted(unique.items()):
        location_id = stable_id("location", key)
        location = db.session.get(Location, location_id)
        if location is None:
            location = _new_location(location_id, venue)
            db.session.add(location)
        found[key] = location
    return found


def _new_location(location_id: str, venue: Venue) -> Location:
    return Location(
        id=location_id,
        location_type="physical",
        name=venue.name,
        address_1=venue.address,
        city=venue.town,
        region="Warwickshire",
        postal_code=venue.postcode,
        country="GB",
        latitude=Decimal(str(venue.latitude)),
        longitude=Decimal(str(venue.longitude)),
        accessibility=venue.access,
    )


def _service(item: DemoService, orgs: dict[str, Organization], places: dict[str, Location]) -> Service:
    org = orgs[item.provider]
    service = Service(
        id=item.id,
        organization=org,
        name=item.name,
        description=item.description,
        url=org.website,
        email=item.email,
        status=item.status,
        alert=item.alert,
        application_process=item.application,
        eligibility_description=item.eligibility,
        fees_description=None if item.cost == "Free" else item.cost,
        wait_time=item.wait_time,
        interpretation_services=item.interpretation,
        minimum_age=item.minimum_age,
        maximum_age=item.maximum_age,
        assured_date=date.today() - timedelta(days=item.assured_days_ago),
        referral_route=item.referral,
        is_free=item.is_free,
        delivery_in_person="in_person" in item.delivery,
        delivery_online="online" in item.delivery,
        delivery_phone="phone" in item.delivery,
    )
    db.session.add(service)
    _add_details(service, item, org, places)
    set_send_terms(service, item.needs, item.categories)
    set_districts(service, item.districts)
    return service


def _add_details(service: Service, item: DemoService, org: Organization, places: dict[str, Location]) -> None:
    """Where, when, how much and whom to contact: the rows hanging off the service."""
    sid = service.id
    if item.venue:
        service.locations = [ServiceAtLocation(id=stable_id("at", sid), location=places[item.venue.key])]
    service.schedules = [
        Schedule(
            id=stable_id(f"schedule-{n}", sid),
            freq=s.freq,
            byday=s.byday,
            opens_at=s.opens_at,
            closes_at=s.closes_at,
            description=s.description,
        )
        for n, s in enumerate(item.schedules)
    ]
    service.phones = _phones(item, org_phone=organisations()[item.provider].get("phone"))
    if item.contact_title:
        service.contacts = [
            Contact(id=stable_id("contact", sid), title=item.contact_title, department=org.name, email=item.email)
        ]
    if not item.is_free:
        service.cost_options = [_cost_option(item)]


def _phones(item: DemoService, org_phone: str | None) -> list[Phone]:
    phones = []
    if org_phone:
        phones.append(Phone(id=stable_id("phone", item.id), number=org_phone, type="voice", description="Telephone"))
    if item.mobile:
        mobile_id = stable_id("mobile", item.id)
        phones.append(Phone(id=mobile_id, number=item.mobile, type="text", description="Mobile (calls and texts)"))
    return phones


def _cost_option(item: DemoService) -> CostOption:
    amount, per = parse_fee(item.cost)
    return CostOption(
        id=stable_id("cost", item.id),
        option=per,
        amount=amount,
        currency="GBP",
        amount_description=item.cost[:300],
    )


def parse_fee(text: str) -> tuple[Decimal | None, str | None]:
    """The first price in a fee description and what it is for: '£5 per session' -> (5, 'Per session')."""
    match = re.search(r"£(\d+(?:\.\d{1,2})?)(?:\s+(per [a-z0-9 -]+|for [a-z0-9 -]+))?", text)
    if not match:
        return None, None
    per = match.group(2)
    return Decimal(match.group(1)), per.strip().capitalize() if per else None
