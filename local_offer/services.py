"""Changing directory records: the one place that keeps terms, areas and the search index in step.

Editors' pages, the importer and the demo data all save services through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select

from local_offer import history, postcodes
from local_offer.models import Attribute, Location, Service, ServiceArea
from local_offer.search import index_services
from local_offer.taxonomies import (
    CATEGORY_TAXONOMY,
    NEED_TAXONOMY,
    WHEN_LABELS,
    WHEN_TAXONOMY,
    category_term_id,
    ensure_send_taxonomies,
    need_term_id,
    when_term_id,
)
from nlp import vocab
from portal.core.extensions import db


def district_for_name(name: str | None) -> str | None:
    """The gazetteer district code for a district, town or alias name (case-insensitive)."""
    wanted = (name or "").strip().lower()
    for district in vocab.districts():
        names = [district.code, district.name, *district.towns, *district.aliases]
        if wanted in {n.lower() for n in names}:
            return district.code
    return None


def set_send_terms(service: Service, need_codes: Iterable[str], category_ids: Iterable[str]) -> None:
    """Replace a service's need and service-category terms, keeping its other attributes."""
    from local_offer.models import TaxonomyTerm

    wanted = [need_term_id(c) for c in need_codes] + [category_term_id(c) for c in category_ids]
    keep = [a for a in service.attributes if a.taxonomy_term.taxonomy_id not in (NEED_TAXONOMY, CATEGORY_TAXONOMY)]
    terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.id.in_(wanted)))}
    unknown = [t for t in wanted if t not in terms]
    if unknown:
        raise ValueError(f"unknown taxonomy terms: {', '.join(unknown)}")
    service.attributes = keep + [
        Attribute(link_id=service.id, link_type="service", link_entity="service", taxonomy_term=terms[t])
        for t in dict.fromkeys(wanted)
    ]


def set_when_terms(service: Service, values: Iterable[str]) -> None:
    """Replace the times an editor stated for a service ("after_school", "weekend"…), keeping its other
    attributes; what its schedules say is added when it is indexed (local_offer/when.py)."""
    from local_offer.models import TaxonomyTerm

    wanted = [when_term_id(v) for v in dict.fromkeys(values) if v in WHEN_LABELS]
    terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.id.in_(wanted)))}
    if len(terms) < len(wanted):  # a database made before the "when" taxonomy existed
        ensure_send_taxonomies()
        terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.id.in_(wanted)))}
    keep = [a for a in service.attributes if a.taxonomy_term.taxonomy_id != WHEN_TAXONOMY]
    service.attributes = keep + [
        Attribute(link_id=service.id, link_type="service", link_entity="service", taxonomy_term=terms[t])
        for t in wanted
    ]


def place_at_postcode(location: Location, postcode: str | None) -> None:
    """Give a location its postcode and, when the postcode changes, the postcode's point (ONS Postcode
    Directory), so a service an editor places is found near a postcode; unknown postcodes clear the point."""
    if postcode == location.postal_code and location.latitude is not None:
        return
    location.postal_code = postcode
    point = postcodes.lookup(postcode) if postcode else None
    latlon = point.latlon if point is not None and not point.whole_district else None
    location.latitude = Decimal(f"{latlon.latitude:.6f}") if latlon else None
    location.longitude = Decimal(f"{latlon.longitude:.6f}") if latlon else None


def set_districts(service: Service, district_codes: Iterable[str]) -> None:
    """Replace a service's areas with gazetteer districts (no districts: county-wide)."""
    names = {d.code: d.name for d in vocab.districts()}
    service.service_areas = [
        ServiceArea(service_id=service.id, name=names[code], district_code=code, extent_type="district")
        for code in dict.fromkeys(district_codes)
        if code in names
    ]


def save_services(services: Iterable[Service]) -> None:
    """Flush changes and refresh the search index for these services; the caller commits."""
    batch = list(services)
    for service in batch:
        db.session.add(service)
    db.session.flush()
    index_services(batch)


def mark_checked(service: Service, on: date | None = None, by_email: str | None = None) -> None:
    before = service.assured_date.isoformat() if service.assured_date else ""
    service.assured_date = on or date.today()
    service.assurer_email = by_email
    change = {"field": "Last checked", "before": before, "after": service.assured_date.isoformat()}
    history.record(service, history.CHECKED, [change], by_email)
    save_services([service])


def _set_archived(service: Service, archived: bool, by: str | None) -> None:
    change = {"field": "Archived", "before": "Yes" if service.archived else "No", "after": "Yes" if archived else "No"}
    service.archived = archived
    history.record(service, history.ARCHIVED if archived else history.UNARCHIVED, [change], by)
    save_services([service])


def archive_service(service: Service, by: str | None = None) -> None:
    _set_archived(service, True, by)


def unarchive_service(service: Service, by: str | None = None) -> None:
    _set_archived(service, False, by)


def delete_attributes_for(service_ids: list[str]) -> None:
    db.session.execute(delete(Attribute).where(Attribute.link_id.in_(service_ids), Attribute.link_type == "service"))
