"""Services, organisations and taxonomies as Open Referral UK 3.0 (HSDS 3.0) dictionaries.

The API and the exporter both call these, so what a consumer reads and what a council exports
are the same records, and ``importer.import_records`` reads them back unchanged.

HSDS types every field as a plain string or number, so a field with no value is left out rather
than sent as null (as is a stored link that is not a web address); fields the standard requires are sent
as an empty string instead. Referral route, delivery and cost are columns here but travel as attributes
and cost options in Open Referral.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from local_offer.links import web_address
from local_offer.models import (
    Attribute,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.taxonomies import (
    DELIVERY_TAXONOMY,
    DELIVERY_TERMS,
    REFERRAL_TAXONOMY,
    REFERRAL_TERMS,
    delivery_term_id,
    referral_term_id,
)

# A free service with no priced option says so with this option, so the flag survives a round trip.
FREE_OPTION = "Free"
# Fields that are links: one stored before imports checked them is not republished (see ``local_offer.links``).
LINK_FIELDS = frozenset({"url", "website", "logo", "uri"})


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _compact(record: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop empty optional fields; required ones become an empty string."""
    out = {}
    for key, value in record.items():
        if value is None or value == "":
            if key in required:
                out[key] = ""
            continue
        out[key] = _value(value)
    return out


def _fields(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of a row; a stored link that is not a web address is left out."""
    return {f: web_address(getattr(row, f)) if f in LINK_FIELDS else getattr(row, f) for f in fields}


def organization_to_dict(org: Organization) -> dict[str, Any]:
    fields = ("id", "name", "alternate_name", "description", "email", "website", "logo", "uri")
    return _compact(_fields(org, fields), required=("id", "name", "description"))


def taxonomy_to_dict(taxonomy: Taxonomy) -> dict[str, Any]:
    fields = ("id", "name", "description", "uri", "version")
    return _compact({f: getattr(taxonomy, f) for f in fields}, required=("id", "name", "description"))


def taxonomy_term_to_dict(term: TaxonomyTerm) -> dict[str, Any]:
    fields = ("id", "code", "name", "description", "parent_id", "taxonomy_id", "term_uri")
    return _compact({f: getattr(term, f) for f in fields}, required=("id", "name", "description"))


def attribute_to_dict(attribute: Attribute) -> dict[str, Any]:
    fields = ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value", "label")
    record = _compact({f: getattr(attribute, f) for f in fields}, required=("id", "taxonomy_term_id"))
    record["taxonomy_term"] = taxonomy_term_to_dict(attribute.taxonomy_term)
    return record


def _column_attributes(service: Service) -> list[dict[str, Any]]:
    """Referral route and delivery, held as columns, sent as attributes with our own terms."""
    terms = []
    if service.referral_route in REFERRAL_TERMS:
        route = service.referral_route
        terms.append(
            TaxonomyTerm(
                id=referral_term_id(route),
                code=route,
                name=REFERRAL_TERMS[route],
                description="",
                taxonomy_id=REFERRAL_TAXONOMY,
            )
        )
    for method in service.delivery_methods:
        terms.append(
            TaxonomyTerm(
                id=delivery_term_id(method),
                code=method,
                name=DELIVERY_TERMS[method],
                description="",
                taxonomy_id=DELIVERY_TAXONOMY,
            )
        )
    return [
        attribute_to_dict(
            Attribute(
                id=f"{service.id}/{term.id}",
                link_id=service.id,
                link_type="service",
                link_entity="service",
                taxonomy_term_id=term.id,
                taxonomy_term=term,
            )
        )
        for term in terms
    ]


def _phone(phone: Phone) -> dict[str, Any]:
    fields = ("id", "service_id", "number", "type", "description")
    return _compact({f: getattr(phone, f) for f in fields}, required=("id", "number"))


def _contact(contact: Contact) -> dict[str, Any]:
    fields = ("id", "service_id", "name", "title", "department", "email")
    return _compact({f: getattr(contact, f) for f in fields}, required=("id",))


def _schedule(schedule: Schedule) -> dict[str, Any]:
    fields = ("id", "service_id", "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "description")
    return _compact({f: getattr(schedule, f) for f in fields}, required=("id",))


def _cost_option(cost: CostOption) -> dict[str, Any]:
    fields = ("id", "service_id", "option", "amount", "currency", "amount_description")
    return _compact({f: getattr(cost, f) for f in fields}, required=("id",))


def _cost_options(service: Service) -> list[dict[str, Any]]:
    costs = [_cost_option(c) for c in sorted(service.cost_options, key=lambda c: c.id)]
    if service.is_free and not costs:
        costs = [
            {
                "id": f"{service.id}/free",
                "service_id": service.id,
                "option": FREE_OPTION,
                "amount": 0,
                "currency": "GBP",
            }
        ]
    return costs


def _service_area(area: ServiceArea) -> dict[str, Any]:
    fields = ("id", "service_id", "name", "description", "extent_type", "uri")
    return _compact(_fields(area, fields), required=("id",))


def location_to_dict(location: Location) -> dict[str, Any]:
    fields = ("id", "location_type", "name", "description", "latitude", "longitude")
    record = _compact({f: getattr(location, f) for f in fields}, required=("id", "location_type"))
    if location.address_1 or location.postal_code or location.city:
        address = {
            "id": f"{location.id}/address", "location_id": location.id, "address_1": location.address_1,
            "address_2": location.address_2, "city": location.city, "state_province": location.region,
            "postal_code": location.postal_code, "country": location.country, "address_type": "physical",
        }  # fmt: skip
        required = ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type")
        record["addresses"] = [_compact(address, required=required)]
    if location.accessibility:
        record["accessibility"] = [
            {"id": f"{location.id}/accessibility", "location_id": location.id, "description": location.accessibility}
        ]
    return record


def _service_at_location(link: ServiceAtLocation) -> dict[str, Any]:
    fields = ("id", "service_id", "location_id", "description")
    record = _compact({f: getattr(link, f) for f in fields}, required=("id",))
    record["location"] = location_to_dict(link.location)
    return record


SCALAR_FIELDS = (
    "id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
    "interpretation_services", "application_process", "fees_description", "wait_time", "eligibility_description",
    "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "last_modified",
)  # fmt: skip


def service_list_dict(service: Service) -> dict[str, Any]:
    """The lighter shape of the paged service list: one-to-one fields and the organisation."""
    record = _compact(_fields(service, SCALAR_FIELDS), required=("id", "name", "status"))
    if service.organization is not None:
        record["organization"] = organization_to_dict(service.organization)
    return record


def service_to_dict(service: Service) -> dict[str, Any]:
    """The fully nested service record (``GET /api/services/{id}`` and the ORUK export)."""
    record = service_list_dict(service)
    stored = [attribute_to_dict(a) for a in sorted(service.attributes, key=lambda a: a.id)]
    record.update(
        phones=[_phone(p) for p in sorted(service.phones, key=lambda p: p.id)],
        schedules=[_schedule(s) for s in sorted(service.schedules, key=lambda s: s.id)],
        service_areas=[_service_area(a) for a in sorted(service.service_areas, key=lambda a: a.id)],
        service_at_locations=[_service_at_location(link) for link in sorted(service.locations, key=lambda x: x.id)],
        contacts=[_contact(c) for c in sorted(service.contacts, key=lambda c: c.id)],
        cost_options=_cost_options(service),
        attributes=stored + _column_attributes(service),
        languages=[],
        funding=[],
        required_documents=[],
        metadata=[],
    )
    return record
