"""Exporting as ORUK 3.0 JSON and CSV: round trips through the importer, and CSV formula-injection safety."""

from __future__ import annotations

import csv
import io
import json

import pytest

from local_offer.exporter import csv_row, export_file, export_records, safe_cell
from local_offer.importer import import_file, import_records
from local_offer.models import Service
from portal.core.extensions import db
from tests.benchmarks.generate import generate_services
from tests.conftest import _empty_tables
from tests.factories import make_directory, make_service


def wipe() -> None:
    from local_offer.taxonomies import ensure_send_taxonomies

    db.session.remove()
    _empty_tables()
    ensure_send_taxonomies()
    db.session.commit()


def as_json(records) -> list:
    return json.loads(json.dumps(records))


def test_generated_records_import_and_export_unchanged(app_ctx):
    records = generate_services(60, seed=7)
    summary = import_records(records)
    assert (summary.created, summary.skipped) == (60, [])
    assert as_json(export_records()) == as_json(records)


@pytest.fixture()
def directory(app_ctx):
    make_directory(
        dict(
            name="Autism Parent Group",
            description="Monthly group.\n\nBring the family.",
            needs=("ASD",),
            categories=("groups-for-parents-and-carers",),
            areas=("rugby", "warwick"),
            minimum_age=0,
            maximum_age=18,
            referral="both",
            delivery=("in_person", "online"),
            url="https://example.org/a",
        ),
        dict(
            name="Paid Tuition",
            description="Reading help.",
            needs=("SPLD",),
            categories=("education",),
            free=False,
            fees_description="£20 an hour",
            referral=None,
            delivery=("online",),
        ),
        dict(name="Archived Club", description="Gone.", archived=True),
    )


def test_oruk_export_imports_back_to_the_same_records(directory, tmp_path):
    path = tmp_path / "export.json"
    assert export_file(path, "oruk") == 2
    first = json.loads(path.read_text(encoding="utf-8"))
    assert [r["name"] for r in first] != [] and "Archived Club" not in [r["name"] for r in first]
    wipe()
    assert import_file(path).created == 2
    assert as_json(export_records()) == first
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_csv_export_imports_back_to_the_same_csv(directory, tmp_path):
    path = tmp_path / "export.csv"
    assert export_file(path, "csv") == 2
    first = path.read_text(encoding="utf-8-sig")
    wipe()
    summary = import_file(path)
    assert (summary.created, summary.skipped) == (2, [])
    export_file(path, "csv")
    assert path.read_text(encoding="utf-8-sig") == first
    group = next(row for row in csv.DictReader(io.StringIO(first)) if row["name"] == "Autism Parent Group")
    assert (group["needs"], group["areas"], group["free"], group["delivery"]) == (
        "ASD",
        "Rugby; Warwick",
        "yes",
        "in_person; online",
    )


@pytest.mark.parametrize("value,numeric,expected", [
    ("=HYPERLINK(\"http://x\")", False, "'=HYPERLINK(\"http://x\")"),
    ("+44 1926 000000", False, "'+44 1926 000000"),
    ("-5", False, "'-5"),
    ("-5", True, "-5"),
    ("-1+2", True, "'-1+2"),
    ("@SUM(A1)", False, "'@SUM(A1)"),
    ("\tcmd", False, "'\tcmd"),
    ("\rcmd", False, "'\rcmd"),
    ("Plain text", False, "Plain text"),
])  # fmt: skip
def test_cells_cannot_run_as_formulas(value, numeric, expected):
    assert safe_cell(value, numeric) == expected


def test_dangerous_text_survives_a_csv_round_trip(app_ctx, tmp_path):
    made = make_service("=cmd|' /C calc'!A0", "@SUM(1+1)*cmd", minimum_age=0, maximum_age=5)
    row = csv_row(db.session.get(Service, made.id))
    assert row["name"] == "'=cmd|' /C calc'!A0" and row["description"] == "'@SUM(1+1)*cmd"
    assert row["minimum_age"] == "0"
    path = tmp_path / "out.csv"
    export_file(path, "csv")
    wipe()
    import_file(path)
    restored = db.session.get(Service, made.id)
    assert (restored.name, restored.description) == ("=cmd|' /C calc'!A0", "@SUM(1+1)*cmd")


def test_cli_export(app_ctx, directory, tmp_path):
    path = tmp_path / "services.csv"
    result = app_ctx.test_cli_runner().invoke(args=["local-offer", "export", "--format", "csv", str(path)])
    assert result.exit_code == 0, result.output
    assert "Exported 2 services" in result.output and path.read_text(encoding="utf-8-sig").startswith("id,name,")
