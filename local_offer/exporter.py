"""Exporting the directory as Open Referral UK 3.0 JSON or as CSV in the columns the importer reads.

Archived services are left out: they are no longer part of the directory. Every CSV cell a
spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return) gets a leading
apostrophe; the importer takes it off again, so a CSV export imports back unchanged.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from local_offer.import_csv import CSV_COLUMNS, NUMERIC_COLUMNS
from local_offer.models import Attribute, Service, ServiceAtLocation
from local_offer.oruk import service_to_dict
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY
from portal.core.extensions import db

BATCH = 500
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def full_service_options() -> tuple:
    """Loader options for everything ``oruk.service_to_dict`` reads, so a page of services is a few queries."""
    return (
        selectinload(Service.organization),
        selectinload(Service.attributes).joinedload(Attribute.taxonomy_term),
        selectinload(Service.locations).selectinload(ServiceAtLocation.location),
        selectinload(Service.phones),
        selectinload(Service.contacts),
        selectinload(Service.schedules),
        selectinload(Service.cost_options),
        selectinload(Service.service_areas),
    )


def services_for_export() -> Iterator[Service]:
    """Every service still in the directory, by id, loaded in batches with everything it holds."""
    last_id = ""
    while True:
        batch = db.session.scalars(
            select(Service)
            .where(Service.archived.is_(False), Service.id > last_id)
            .order_by(Service.id)
            .limit(BATCH)
            .options(*full_service_options())
        ).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


def export_records() -> list[dict[str, Any]]:
    return [service_to_dict(service) for service in services_for_export()]


def write_oruk(handle: TextIO) -> int:
    records = export_records()
    json.dump(records, handle, ensure_ascii=False, indent=1)
    handle.write("\n")
    return len(records)


def safe_cell(value: str, numeric: bool = False) -> str:
    """A cell a spreadsheet shows as text rather than running as a formula."""
    if numeric and _NUMBER.fullmatch(value):
        return value
    return "'" + value if value.startswith(_FORMULA_START) else value


def _joined(values: list[str | None]) -> str:
    return "; ".join(v for v in values if v)


def csv_row(service: Service) -> dict[str, str]:
    location = min(service.locations, key=lambda link: link.id).location if service.locations else None
    org = service.organization
    row: dict[str, Any] = {
        "id": service.id, "name": service.name, "alternate_name": service.alternate_name,
        "description": service.description, "organization_id": org.id if org else None,
        "organization": org.name if org else None, "url": service.url, "email": service.email,
        "phone": _joined([p.number for p in sorted(service.phones, key=lambda p: p.id)]),
        "status": service.status, "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "needs": _joined(sorted(t.code or t.id for t in service.terms_in(NEED_TAXONOMY))),
        "categories": _joined(sorted(t.code or t.id for t in service.terms_in(CATEGORY_TAXONOMY))),
        "areas": _joined(sorted(a.name or "" for a in service.service_areas)),
        "referral_route": service.referral_route, "delivery": _joined(service.delivery_methods),
        "fees": service.fees_description, "free": "yes" if service.is_free else "no",
        "eligibility": service.eligibility_description, "application_process": service.application_process,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "address": location.address_1 if location else None, "town": location.city if location else None,
        "postcode": location.postal_code if location else None,
    }  # fmt: skip
    return {key: safe_cell("" if row[key] is None else str(row[key]), key in NUMERIC_COLUMNS) for key in CSV_COLUMNS}


def write_csv(handle: TextIO) -> int:
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for service in services_for_export():
        writer.writerow(csv_row(service))
        count += 1
    return count


def export_file(path: str | Path, fmt: str) -> int:
    """Write the directory to ``path`` as "oruk" JSON or "csv"; returns the number of services."""
    writers = {"oruk": write_oruk, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"format must be oruk or csv, not {fmt!r}")
    # utf-8-sig for CSV so Excel reads the pound sign and accents correctly.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with Path(path).open("w", encoding=encoding, newline="") as handle:
        return writers[fmt](handle)
