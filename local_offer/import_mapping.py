"""One Open Referral record (UK 3.0, or 1.0 as council feeds publish it) as rows for our tables.

Both versions are read by one tolerant mapping: 1.0's ``regular_schedules``, ``service_taxonomys``,
``eligibilitys``, ``physical_addresses`` and ``fees`` are read where 3.0 has its own names. Anything
we do not hold is ignored. Needs and categories come from our own attribute terms and also from
foreign taxonomy names that match the vocabulary, so a foreign feed can be filtered like our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from local_offer.import_text import (
    ValueProblem,
    decimal_number,
    district_code,
    identifier,
    one_line,
    plain_text,
    read_date,
    read_datetime,
    whole_number,
)
from local_offer.models import SERVICE_STATUSES
from local_offer.oruk import FREE_OPTION
from local_offer.taxonomies import (
    DELIVERY_TERMS,
    REFERRAL_TERMS,
    category_term_id,
    delivery_term_id,
    need_term_id,
    referral_term_id,
)
from nlp import vocab

CHILD_TABLES = ("phone", "contact", "schedule", "cost_option", "service_area", "service_at_location")
WEEKDAYS = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
            "saturday": "SA", "sunday": "SU"}  # fmt: skip
_FREE_WORDS = re.compile(r"\b(free|no charge|no cost|without charge)\b", re.IGNORECASE)
_PRICED = re.compile(r"£\s*[1-9]|\bnot free\b|\bfees? appl(y|ies)\b|\bcharges? appl(y|ies)\b", re.IGNORECASE)


@dataclass
class Bundle:
    """Everything one record saves. A child table of None is left as it is (CSV does not carry it)."""

    number: int
    service: dict[str, Any]
    organization: dict[str, Any] | None = None
    children: dict[str, list[dict[str, Any]] | None] = field(default_factory=dict)
    locations: list[dict[str, Any]] = field(default_factory=list)
    attributes: list[dict[str, Any]] = field(default_factory=list)
    # Which attributes the record replaces: "all", "none", or only our "needs", "categories" or both ("send").
    attribute_scope: str = "all"
    terms: list[dict[str, Any]] = field(default_factory=list)
    taxonomies: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out of the record, and why

    @property
    def id(self) -> str:
        return self.service["id"]


def all_our_terms() -> dict[str, tuple[str, str]]:
    terms = {need_term_id(n.code): ("need", n.code) for n in vocab.need_categories()}
    terms |= {category_term_id(c.id): ("category", c.id) for c in vocab.service_categories()}
    terms |= {referral_term_id(r): ("referral", r) for r in REFERRAL_TERMS}
    terms |= {delivery_term_id(d): ("delivery", d) for d in DELIVERY_TERMS}
    return terms


def status_of(value: Any) -> str:
    status = (one_line(value) or "active").lower().replace("_", " ")
    if status not in SERVICE_STATUSES:
        raise ValueProblem(f"status ‘{value}’ is not one of {', '.join(SERVICE_STATUSES)}")
    return status


def _first(record: dict, *keys: str) -> Any:
    for key in keys:
        if record.get(key) not in (None, "", [], {}):
            return record[key]
    return None


def _list(record: dict, *keys: str) -> list[dict]:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            return [item for item in value if isinstance(item, dict)]
    return []


def _eligibility(record: dict) -> tuple[Any, Any, Any]:
    """Ages and eligibility text, from 3.0 fields or 1.0's ``eligibilitys`` list."""
    rules = _list(record, "eligibilitys", "eligibilities")
    text = _first(record, "eligibility_description") or "\n".join(
        str(r.get("eligibility")) for r in rules if r.get("eligibility")
    )
    low = (
        _first(record, "minimum_age")
        if "minimum_age" in record
        else next((r.get("minimum_age") for r in rules if r.get("minimum_age") is not None), None)
    )
    high = (
        _first(record, "maximum_age")
        if "maximum_age" in record
        else next((r.get("maximum_age") for r in rules if r.get("maximum_age") is not None), None)
    )
    return low, high, text


def service_row(record: dict, service_id: str) -> dict[str, Any]:
    name = one_line(record.get("name"))
    if not name:
        raise ValueProblem("the service has no name")
    low, high, eligibility = _eligibility(record)
    row = {
        "id": service_id, "name": name, "alternate_name": one_line(record.get("alternate_name")),
        "description": plain_text(record.get("description")) or "",
        "url": one_line(record.get("url")), "email": one_line(record.get("email")),
        "status": status_of(record.get("status")),
        "interpretation_services": plain_text(record.get("interpretation_services")),
        "application_process": plain_text(record.get("application_process")),
        "fees_description": plain_text(_first(record, "fees_description", "fees")),
        "wait_time": one_line(record.get("wait_time")), "eligibility_description": plain_text(eligibility),
        "minimum_age": whole_number(low, "minimum_age"), "maximum_age": whole_number(high, "maximum_age"),
        "assured_date": read_date(record.get("assured_date"), "assured_date"),
        "assurer_email": one_line(record.get("assurer_email")), "alert": plain_text(record.get("alert")),
        "last_modified": read_datetime(record.get("last_modified")),
    }  # fmt: skip
    if row["minimum_age"] is not None and row["maximum_age"] is not None and row["minimum_age"] > row["maximum_age"]:
        low, high = row["minimum_age"], row["maximum_age"]
        raise ValueProblem(f"the minimum age ({low}) is more than the maximum age ({high})")
    return row


def organization_row(record: dict) -> dict[str, Any] | None:
    org = record.get("organization") if isinstance(record.get("organization"), dict) else None
    if org is None:
        org_id = identifier(record.get("organization_id"))
        return {"id": org_id, "_link_only": True} if org_id else None
    name = one_line(org.get("name"))
    if not name:
        return None
    return {
        "id": identifier(org.get("id")), "name": name, "alternate_name": one_line(org.get("alternate_name")),
        "description": plain_text(org.get("description")) or "", "email": one_line(org.get("email")),
        "website": one_line(_first(org, "website", "url")), "logo": one_line(org.get("logo")),
        "uri": one_line(org.get("uri")),
    }  # fmt: skip


def phone_rows(record: dict, sid: str) -> list[dict[str, Any]]:
    phones = _list(record, "phones") + [p for c in _list(record, "contacts") for p in _list(c, "phones")]
    rows, seen = [], set()
    for i, phone in enumerate(phones):
        number = one_line(phone.get("number"))
        if number and number not in seen:
            seen.add(number)
            rows.append(
                {
                    "id": identifier(phone.get("id")) or f"{sid}/phone/{i}",
                    "service_id": sid,
                    "number": number,
                    "type": one_line(phone.get("type")),
                    "description": plain_text(phone.get("description")),
                }
            )
    return rows


def contact_rows(record: dict, sid: str) -> list[dict[str, Any]]:
    return [
        {"id": identifier(c.get("id")) or f"{sid}/contact/{i}", "service_id": sid, "name": one_line(c.get("name")),
         "title": one_line(c.get("title")), "department": one_line(c.get("department")),
         "email": one_line(c.get("email"))}
        for i, c in enumerate(_list(record, "contacts"))
    ]  # fmt: skip


def schedule_rows(record: dict, sid: str) -> list[dict[str, Any]]:
    rows = []
    for i, s in enumerate(_list(record, "schedules", "regular_schedules")):
        freq = (one_line(s.get("freq")) or "").upper()
        weekday = WEEKDAYS.get((one_line(s.get("weekday")) or "").lower())
        rows.append({
            "id": identifier(s.get("id")) or f"{sid}/schedule/{i}", "service_id": sid,
            "freq": freq if freq in ("WEEKLY", "MONTHLY") else ("WEEKLY" if weekday else None),
            "byday": one_line(s.get("byday")) or weekday, "opens_at": one_line(s.get("opens_at")),
            "closes_at": one_line(s.get("closes_at")), "valid_from": read_date(s.get("valid_from"), "valid_from"),
            "valid_to": read_date(s.get("valid_to"), "valid_to"), "description": plain_text(s.get("description")),
        })  # fmt: skip
    return rows


def cost_rows(record: dict, sid: str) -> list[dict[str, Any]]:
    rows = []
    for i, c in enumerate(_list(record, "cost_options")):
        amount = decimal_number(c.get("amount"))
        described = plain_text(c.get("amount_description"))
        if amount is None and c.get("amount") not in (None, ""):
            described = described or one_line(c.get("amount"))
        rows.append(
            {
                "id": identifier(c.get("id")) or f"{sid}/cost/{i}",
                "service_id": sid,
                "option": one_line(c.get("option")),
                "amount": amount,
                "currency": (one_line(c.get("currency")) or "GBP")[:3].upper(),
                "amount_description": described,
            }
        )
    return rows


def says_free(text: str | None) -> bool:
    return bool(text and _FREE_WORDS.search(text) and not _PRICED.search(text))


def is_free(costs: list[dict[str, Any]], fees_text: str | None) -> bool:
    """Free when every priced option costs nothing, or (with no prices) the words say so."""
    amounts = [c["amount"] for c in costs if c["amount"] is not None]
    if amounts:
        return not any(amount > 0 for amount in amounts)
    texts = [fees_text] + [c["option"] for c in costs] + [c["amount_description"] for c in costs]
    return any(says_free(text) for text in texts)


def without_free_marker(costs: list[dict[str, Any]], sid: str) -> list[dict[str, Any]]:
    """Drop the "Free" option our export adds for free services with no priced option."""
    return [c for c in costs if not (c["id"] == f"{sid}/free" and c["option"] == FREE_OPTION and not c["amount"])]


def country_code(value: Any) -> str:
    text = one_line(value) or ""
    return text.upper() if len(text) == 2 else "GB"


def _address(location: dict) -> dict:
    addresses = _list(location, "addresses", "physical_addresses", "postal_addresses")
    physical = [a for a in addresses if (a.get("address_type") or "physical") == "physical"]
    return (physical or addresses or [{}])[0]


def location_row(location: dict, fallback_id: str) -> dict[str, Any]:
    address = _address(location)
    access = _list(location, "accessibility", "accessibility_for_disabilities")
    kind = (one_line(location.get("location_type")) or "physical").lower()
    return {
        "id": identifier(location.get("id")) or fallback_id,
        "location_type": kind if kind in ("physical", "postal", "virtual") else "physical",
        "name": one_line(location.get("name")), "description": plain_text(location.get("description")),
        "latitude": decimal_number(location.get("latitude"), 6),
        "longitude": decimal_number(location.get("longitude"), 6),
        "address_1": one_line(address.get("address_1")), "address_2": one_line(address.get("address_2")),
        "city": one_line(address.get("city")),
        "region": one_line(_first(address, "state_province", "region", "county")),
        "postal_code": one_line(address.get("postal_code")), "country": country_code(address.get("country")),
        "accessibility": plain_text("\n".join(
            str(_first(a, "description", "accessibility", "details") or "") for a in access)),
    }  # fmt: skip


def location_rows(record: dict, sid: str) -> tuple[list[dict], list[dict]]:
    """(service_at_location rows, location rows) from nested links or a bare ``locations`` list."""
    links = _list(record, "service_at_locations") or [{"location": loc} for loc in _list(record, "locations")]
    sal_rows, locations = [], []
    for i, link in enumerate(links):
        nested = link.get("location") if isinstance(link.get("location"), dict) else None
        if nested is None:
            continue
        location = location_row(nested, f"{sid}/location/{i}")
        locations.append(location)
        sal_rows.append(
            {
                "id": identifier(link.get("id")) or f"{sid}/{location['id']}",
                "service_id": sid,
                "location_id": location["id"],
                "description": plain_text(link.get("description")),
            }
        )
    return sal_rows, locations


def area_rows(record: dict, sid: str, locations: list[dict], explicit: bool) -> list[dict[str, Any]]:
    """Service areas with their gazetteer district; with none given, districts of the addresses.

    ``explicit`` says an empty list means county-wide (our own export) rather than "not said".
    """
    rows = []
    for i, area in enumerate(_list(record, "service_areas")):
        name = one_line(_first(area, "name", "service_area"))
        rows.append(
            {
                "id": identifier(area.get("id")) or f"{sid}/area/{i}",
                "service_id": sid,
                "name": name,
                "description": plain_text(area.get("description")),
                "extent_type": one_line(area.get("extent_type")),
                "uri": one_line(area.get("uri")),
                "district_code": district_code(name),
            }
        )
    if rows or explicit:
        return rows
    return district_area_rows(sid, [loc["city"] for loc in locations])


def district_area_rows(sid: str, names: list[str | None]) -> list[dict[str, Any]]:
    codes = list(dict.fromkeys(code for code in (district_code(n) for n in names) if code))
    return [
        {
            "id": f"{sid}/area/{code}",
            "service_id": sid,
            "name": vocab.district_name(code),
            "description": None,
            "extent_type": "district",
            "uri": None,
            "district_code": code,
        }
        for code in codes
    ]
