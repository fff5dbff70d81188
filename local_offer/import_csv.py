"""One CSV row (one service) as rows for our tables. The columns are described in ``importer``.

A CSV carries less than Open Referral JSON, so only what its columns hold is changed: a service's
contacts, schedules and cost options, and any foreign taxonomy terms, are left as they were.
"""

from __future__ import annotations

import re
from typing import Any

from local_offer.import_mapping import Bundle, district_area_rows, is_free, service_row
from local_offer.import_text import ValueProblem, district_code, identifier, one_line, vocabulary_matches
from local_offer.models import DELIVERY_METHODS, REFERRAL_ROUTES
from local_offer.taxonomies import category_term_id, need_term_id
from nlp import vocab

CSV_COLUMNS = (
    "id", "name", "alternate_name", "description", "organization_id", "organization", "url", "email", "phone",
    "status", "minimum_age", "maximum_age", "needs", "categories", "areas", "referral_route", "delivery", "fees",
    "free", "eligibility", "application_process", "assured_date", "address", "town", "postcode",
)  # fmt: skip
NUMERIC_COLUMNS = frozenset({"minimum_age", "maximum_age"})
# CSV column -> service column, for the columns that are plain service fields.
SERVICE_COLUMNS = {
    "name": "name", "alternate_name": "alternate_name", "description": "description", "url": "url",
    "email": "email", "status": "status", "minimum_age": "minimum_age", "maximum_age": "maximum_age",
    "fees": "fees_description", "eligibility": "eligibility_description",
    "application_process": "application_process", "assured_date": "assured_date",
}  # fmt: skip
_SPLIT = re.compile(r"\s*[;|\n]\s*")
_TRUE = {"yes", "y", "true", "1", "free"}
_FALSE = {"no", "n", "false", "0"}
_ESCAPED = re.compile(r"^'(?=[=+\-@\t\r])")


def header_key(name: str) -> str:
    return "_".join(re.split(r"[\s\-]+", (name or "").strip().lower()))


def unescape_cell(value: Any) -> str:
    """Undo the apostrophe our export puts before cells a spreadsheet would run as a formula."""
    return _ESCAPED.sub("", str(value)) if value is not None else ""


def parts(value: str | None) -> list[str]:
    return [part for part in _SPLIT.split(value or "") if part.strip()]


def _codes(value: str, kind: str, noun: str) -> list[str]:
    codes = []
    for part in parts(value):
        found = [code for k, code in vocabulary_matches(part) if k == kind]
        if not found:
            raise ValueProblem(f"{noun} ‘{part}’ is not in the vocabulary")
        codes.append(found[0])
    return list(dict.fromkeys(codes))


def _choice(value: str, choices: dict[str, str], noun: str) -> str:
    wanted = header_key(value.replace("-", " "))
    for key, label in choices.items():
        if wanted in {key, header_key(label), header_key(label.replace("-", " "))}:
            return key
    raise ValueProblem(f"{noun} ‘{value}’ is not one of {', '.join(choices)}")


def _referral(value: str) -> str | None:
    return _choice(value, REFERRAL_ROUTES, "referral_route") if value.strip() else None


def _delivery(value: str) -> dict[str, bool]:
    methods = {_choice(part, DELIVERY_METHODS, "delivery") for part in parts(value)}
    methods = methods or {"in_person"}
    return {f"delivery_{m}": m in methods for m in DELIVERY_METHODS}


def _service(row: dict[str, str], sid: str) -> dict[str, Any]:
    pseudo = {column: row.get(csv_column) for csv_column, column in SERVICE_COLUMNS.items()}
    full = service_row(pseudo, sid)
    service = {"id": sid, "name": full["name"]}
    service |= {col: full[col] for csv_col, col in SERVICE_COLUMNS.items() if csv_col in row}
    if "referral_route" in row:
        service["referral_route"] = _referral(row["referral_route"])
    if "delivery" in row:
        service |= _delivery(row["delivery"])
    if "free" in row or "fees" in row:
        service["is_free"] = _free(row.get("free", ""), full["fees_description"])
    return service


def _free(flag: str, fees_text: str | None) -> bool:
    flag = flag.strip().lower()
    if flag in _TRUE or flag in _FALSE:
        return flag in _TRUE
    if flag:
        raise ValueProblem(f"free ‘{flag}’ is not yes or no")
    return is_free([], fees_text)


def _organization(row: dict[str, str]) -> dict[str, Any] | None:
    name, org_id = one_line(row.get("organization")), identifier(row.get("organization_id"))
    if name:
        return {"id": org_id, "name": name, "_name_only": True}
    return {"id": org_id, "_link_only": True} if org_id else None


def _location(row: dict[str, str], sid: str) -> tuple[list[dict], list[dict]] | None:
    if not any(column in row for column in ("address", "town", "postcode")):
        return None
    address, town, postcode = (one_line(row.get(c)) for c in ("address", "town", "postcode"))
    if not (address or town or postcode):
        return [], []
    location = {"id": f"{sid}/location", "location_type": "physical", "name": None, "description": None,
                "latitude": None, "longitude": None, "address_1": address, "address_2": None, "city": town,
                "region": None, "postal_code": postcode, "country": "GB", "accessibility": None}  # fmt: skip
    link = {"id": f"{sid}/location", "service_id": sid, "location_id": location["id"], "description": None}
    return [link], [location]


def _areas(row: dict[str, str], sid: str, town: str | None) -> list[dict[str, Any]] | None:
    if "areas" not in row:
        return district_area_rows(sid, [town]) if town else None
    areas, seen = [], set()
    for i, name in enumerate(parts(row["areas"])):
        code = district_code(name)
        if code in seen:
            continue
        seen.add(code)
        areas.append(
            {
                "id": f"{sid}/area/{code or i}",
                "service_id": sid,
                "name": vocab.district_name(code) if code else name,
                "description": None,
                "extent_type": "district" if code else "text",
                "uri": None,
                "district_code": code,
            }
        )
    return areas


def _phones(row: dict[str, str], sid: str) -> list[dict[str, Any]] | None:
    if "phone" not in row:
        return None
    numbers = list(dict.fromkeys(one_line(p) for p in parts(row["phone"])))
    return [{"id": f"{sid}/phone/{i}", "service_id": sid, "number": n, "type": None, "description": None}
            for i, n in enumerate(numbers) if n]  # fmt: skip


def _attributes(row: dict[str, str], sid: str) -> list[dict[str, Any]]:
    term_ids = [need_term_id(c) for c in _codes(row.get("needs", ""), "need", "need")]
    term_ids += [category_term_id(c) for c in _codes(row.get("categories", ""), "category", "category")]
    return [{"id": f"{sid}/{t}", "link_id": sid, "link_type": "service", "link_entity": "service",
             "taxonomy_term_id": t, "value": None, "label": None} for t in term_ids]  # fmt: skip


def csv_bundle(raw: dict[str, Any], number: int) -> Bundle:
    """A CSV row (header names as keys) as rows; raises ValueProblem with the reason to skip it."""
    row = {header_key(k): unescape_cell(v) for k, v in raw.items() if k is not None}
    sid = identifier(row.get("id"))
    if not sid:
        raise ValueProblem("the record has no id")
    service = _service(row, sid)
    organization = _organization(row)
    if organization is None and ("organization" in row or "organization_id" in row):
        service["organization_id"] = None
    located = _location(row, sid)
    town = located[1][0]["city"] if located and located[1] else None
    children = {"phone": _phones(row, sid), "contact": None, "schedule": None, "cost_option": None,
                "service_area": _areas(row, sid, town),
                "service_at_location": located[0] if located is not None else None}  # fmt: skip
    scope = {(True, True): "send", (True, False): "needs", (False, True): "categories"}.get(
        ("needs" in row, "categories" in row), "none"
    )
    return Bundle(number, service, organization, children, located[1] if located else [], _attributes(row, sid), scope)
