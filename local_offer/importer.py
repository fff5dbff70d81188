"""Importing directory records: Open Referral UK 3.0 JSON, ORUK 1.0 list JSON, or CSV.

``import_file(path)`` reads a file and ``import_records(records, fmt)`` saves records already in
memory; both return an ``ImportSummary``. Records are upserted by id in ONE transaction: a record
that cannot be read is skipped with its reason, but any failure while saving saves nothing. A file
that cannot be read at all (JSON that is not UTF-8, a CSV that is neither UTF-8 nor Windows-1252, not JSON,
the wrong shape, a CSV with no ``name`` column, empty) raises ``ImportFileError`` before anything is touched.

JSON may be a list of service records, an HSDS page object (``{"contents": [...]}``) or
``{"services": [...]}``. HTML in text fields is reduced to plain text.

CSV has one row per service and a header row. A CSV that is not UTF-8 is read as Windows-1252 (Excel's plain
"CSV"), and the summary notes it. Column names are case-insensitive; ``id`` and
``name`` are required, every other column is optional, and a column that is missing leaves that
part of an existing service as it was (an empty cell clears it):

============================  ================================================================
id                            the service's identifier (the key for updating it again)
name                          the service's name
alternate_name, description   text; HTML is reduced to plain text
organization_id, organization the provider's id and name (an id is made from the name if missing)
url, email                    the service's website and email address
phone                         phone numbers, separated by ``;``
status                        active, inactive, defunct or temporarily closed (default active)
minimum_age, maximum_age      whole years
needs                         need codes or names, separated by ``;`` (``ASD; Speech and language``)
categories                    service category ids or names, separated by ``;``
areas                         districts or towns served, separated by ``;``; empty means county-wide
referral_route                self, referral or both (or "Self-referral", "Needs a referral", …)
delivery                      in_person, online and/or phone, separated by ``;``
fees                          what it costs, in words
free                          yes or no; when empty, worked out from ``fees``
eligibility                   who the service is for, in words
application_process           how to get the service
assured_date                  the date the record was last checked (YYYY-MM-DD or DD/MM/YYYY)
address, town, postcode       where it happens; the town gives the district if ``areas`` is missing
============================  ================================================================

Web addresses must start with http:// or https:// and emails must be in the correct format; any other
value is left empty and the summary says so (the record is still imported).

Cells our export escaped against spreadsheet formulas (a leading apostrophe) are read back as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from local_offer.import_csv import csv_bundle, header_key
from local_offer.import_links import clear_bad_links
from local_offer.import_mapping import Bundle
from local_offer.import_store import History, store_bundles, store_organizations, store_terms
from local_offer.import_terms import oruk_bundle, our_terms
from local_offer.import_text import ValueProblem
from local_offer.taxonomies import ensure_send_taxonomies
from portal.core.extensions import db, refresh_planner_statistics
from portal.core.text_files import DecodedText, NotText, decode_text

# What an import writes: analysed afterwards, so the first searches after a big import are planned well.
DIRECTORY_TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "contact",
    "phone",
    "schedule",
    "cost_option",
    "service_area",
    "taxonomy",
    "taxonomy_term",
    "attribute",
    "search_document",
    "search_term",
)

FORMATS = ("oruk3", "oruk1", "csv")
FORMAT_NAMES = {"oruk3": "Open Referral UK 3.0 JSON", "oruk1": "Open Referral UK 1.0 JSON", "csv": "CSV"}
_ORUK1_KEYS = ("service_taxonomys", "regular_schedules", "eligibilitys", "fees")


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message says why in words an editor can act on."""


@dataclass(frozen=True)
class SkippedRecord:
    number: int
    record_id: str | None
    reason: str

    def __str__(self) -> str:
        which = f"record {self.number}" + (f" (id {self.record_id})" if self.record_id else "")
        return f"{which}: {self.reason}"


@dataclass
class ImportSummary:
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[SkippedRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Which services were created and updated, and the names of everything read: for previews and results.
    created_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.skipped)

    def lines(self) -> list[str]:
        lines = [
            f"Created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {len(self.skipped)} ({self.format})."
        ]
        return lines + [f"Skipped {record}" for record in self.skipped] + [f"Note: {note}" for note in self.notes]


def _decode(data: bytes) -> DecodedText:
    if not data.strip():
        raise ImportFileError("The file is empty.")
    try:
        return decode_text(data)
    except NotText as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.byte:#04x} at position {error.position}). "
            "Save it as UTF-8 (in Excel: CSV UTF-8) and try again."
        ) from None


def _json_records(text: str) -> tuple[list[Any], str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    if isinstance(data, dict):
        data = data.get("contents", data.get("services"))
    if not isinstance(data, list):
        raise ImportFileError(
            'The JSON must be a list of services, an Open Referral page with "contents", or an object with "services".'
        )
    if not data:
        raise ImportFileError("The file holds no services.")
    return data, json_format(data)


def json_format(records: list[Any]) -> str:
    """ORUK 1.0 feeds are recognised by the fields only 1.0 has."""
    sample = [r for r in records[:50] if isinstance(r, dict)]
    return "oruk1" if any(key in r for r in sample for key in _ORUK1_KEYS) else "oruk3"


def _csv_records(text: str) -> list[dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [header_key(name) for name in reader.fieldnames or []]
        if "name" not in header:
            raise ImportFileError(
                "The CSV has no ‘name’ column. The first row must name the columns (id, name, description, …)."
            )
        if "id" not in header:
            raise ImportFileError(
                "The CSV has no ‘id’ column, so services could not be matched when imported again. Add an id column."
            )
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"The CSV cannot be read: {error}.") from None
    if not rows:
        raise ImportFileError("The CSV has a header row but no services.")
    return rows


@dataclass(frozen=True)
class RecordsFile:
    records: list[Any]
    format: str
    notes: list[str]


def read_file(path: str | Path) -> RecordsFile:
    """The records in a file, their format and notes on how it was read; ImportFileError for an unusable file.

    JSON must be UTF-8; a CSV that is not UTF-8 is read as Windows-1252, with a note.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"The file cannot be read: {error.strerror or error}.") from None
    return read_bytes(path.name, data)


def read_bytes(filename: str, data: bytes) -> RecordsFile:
    """``read_file`` for a file already in memory (an upload); ``filename``'s suffix says JSON or CSV."""
    decoded = _decode(data)
    text = decoded.text
    looks_json = text.lstrip()[:1] in ("[", "{")
    suffix = Path(filename).suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and looks_json):
        if decoded.notes:
            raise ImportFileError("The JSON is not UTF-8 text. Save it as UTF-8 and try again.")
        return RecordsFile(*_json_records(text), [])
    return RecordsFile(_csv_records(text), "csv", list(decoded.notes))


def read_records(path: str | Path) -> tuple[list[Any], str]:
    """The records in a file and their format; raises ImportFileError for a file that cannot be used."""
    found = read_file(path)
    return found.records, found.format


def _bundle(record: Any, number: int, fmt: str) -> Bundle:
    if not isinstance(record, dict):
        raise ValueProblem("the record is not an object with fields")
    bundle = csv_bundle(record, number) if fmt == "csv" else oruk_bundle(record, number, fmt)
    bundle.notes.extend(clear_bad_links(bundle))
    _check_lengths(bundle)
    return bundle


@cache
def _limits(table: str) -> dict[str, int]:
    return {c.name: c.type.length for c in db.metadata.tables[table].columns if getattr(c.type, "length", None)}


def _check_lengths(bundle: Bundle) -> None:
    """Values longer than their column would fail on PostgreSQL and lose the whole import."""
    tables = {"service": [bundle.service], "location": bundle.locations, "attribute": bundle.attributes}
    tables |= {name: rows or [] for name, rows in bundle.children.items()}
    if bundle.organization:
        tables["organization"] = [bundle.organization]
    for name, rows in tables.items():
        limits = _limits(name)
        for row in rows:
            for key, value in row.items():
                if value.__class__ is str and len(value) > limits.get(key, 1_000_000):
                    raise ValueProblem(f"{name.replace('_', ' ')} {key} is longer than {limits[key]} characters")


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict) and record.get("id") not in (None, ""):
        return str(record["id"]).strip()
    return None


def map_records(records: list[Any], fmt: str) -> tuple[list[Bundle], list[SkippedRecord]]:
    bundles: dict[str, Bundle] = {}
    skipped = []
    for number, record in enumerate(records, start=1):
        try:
            bundle = _bundle(record, number, fmt)
        except ValueProblem as problem:
            skipped.append(SkippedRecord(number, _record_id(record), str(problem)))
            continue
        if bundle.id in bundles:
            reason = f"the id is used again (first by record {bundles[bundle.id].number})"
            skipped.append(SkippedRecord(number, bundle.id, reason))
            continue
        bundles[bundle.id] = bundle
    return list(bundles.values()), skipped


def import_records(
    records: list[Any],
    fmt: str = "oruk3",
    progress: Callable[[int], None] | None = None,
    commit: bool = True,
    changed_by: str | None = None,
) -> ImportSummary:
    """Upsert records in one transaction; with ``commit`` False the caller commits or rolls back.

    Each service created or changed gets an entry in its history, by ``changed_by`` (None: the command line).
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    report = progress or (lambda done: None)
    bundles, skipped = map_records(records, fmt)
    report(len(skipped))
    try:
        db.session.flush()
        ensure_send_taxonomies()
        store_terms(bundles, set(our_terms()))
        changed_orgs = store_organizations(bundles)
        note = f"Imported from {FORMAT_NAMES[fmt]}" + ("" if changed_by else " on the command line")
        outcome = store_bundles(bundles, changed_orgs, report, History(changed_by, note))
        if commit:
            db.session.commit()
            refresh_planner_statistics(*DIRECTORY_TABLES)
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    notes = [f"record {b.number} (id {b.id}): {note}" for b in bundles for note in b.notes]
    names = {b.id: str(b.service.get("name") or b.id) for b in bundles}
    return ImportSummary(
        fmt, len(outcome.created), len(outcome.updated), len(outcome.unchanged), skipped, notes,
        outcome.created, outcome.updated, names,
    )  # fmt: skip


def import_file(path: str | Path, progress: Callable[[int], None] | None = None) -> ImportSummary:
    found = read_file(path)
    summary = import_records(found.records, found.format, progress)
    summary.notes[:0] = found.notes
    return summary
