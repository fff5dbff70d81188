"""Importing Open Referral UK 3.0, ORUK 1.0 feeds and CSV: mapping, skipping, refusing, idempotency, one transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from local_offer import import_store
from local_offer.import_text import plain_text
from local_offer.importer import ImportFileError, import_file, import_records
from local_offer.models import Contact, Service
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY
from portal.core.extensions import db
from tests.snapshot import database_rows

FIXTURES = Path(__file__).parent / "fixtures"


def service(service_id: str) -> Service:
    found = db.session.get(Service, service_id, populate_existing=True)
    assert found is not None, service_id
    return found


def count_services() -> int:
    return db.session.scalar(select(func.count()).select_from(Service))


def codes(found: Service, taxonomy: str) -> set[str]:
    return {t.code for t in found.terms_in(taxonomy)}


def test_oruk3_page_is_imported_with_reasons_for_skipped_records(app_ctx):
    summary = import_file(FIXTURES / "oruk3_page.json")
    assert (summary.format, summary.created, summary.updated) == ("oruk3", 2, 0)
    assert [str(s) for s in summary.skipped] == [
        "record 3 (id ext-003): the service has no name",
        "record 4 (id ext-004): status ‘shut’ is not one of active, inactive, defunct, temporarily closed",
    ]
    group = service("ext-001")
    assert group.name == "Bedworth Autism Family Group"
    assert group.description == "A relaxed group for families.\n\nMeet other parents & carers.\nTea and toys provided."
    assert group.organization.description == "Local charity."
    # a foreign term named "Autism" files the service under our need and category too
    assert codes(group, NEED_TAXONOMY) == {"ASD"} and codes(group, CATEGORY_TAXONOMY) == {"autism"}
    assert "lga-autism" in {a.taxonomy_term_id for a in group.attributes}
    assert group.district_codes == ["nuneaton-and-bedworth"]
    assert group.is_free and group.referral_route == "self" and group.delivery_methods == ["online"]
    clinic = service("ext-002")
    assert codes(clinic, NEED_TAXONOMY) == {"SLCN"} and not clinic.is_free and clinic.status == "temporarily closed"


def test_imported_services_are_searchable_and_filterable(app_ctx):
    import_file(FIXTURES / "oruk3_page.json")
    found = search_services(SearchRequest(text="autism", filters=SearchFilters(areas=("nuneaton-and-bedworth",))))
    assert [s.id for s in found.services] == ["ext-001"]
    assert [s.id for s in search_services(SearchRequest(filters=SearchFilters(needs=("ASD",)))).services] == ["ext-001"]


def test_reimporting_the_same_file_changes_nothing(app_ctx):
    import_file(FIXTURES / "oruk3_page.json")
    again = import_file(FIXTURES / "oruk3_page.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_changed_record_is_updated_and_reindexed(app_ctx):
    records = json.loads((FIXTURES / "oruk3_page.json").read_text())["contents"][:2]
    import_records(records)
    records[1]["name"] = "Rugby Talking Clinic"
    summary = import_records(records)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert service("ext-002").name == "Rugby Talking Clinic"
    assert [s.id for s in search_services(SearchRequest(text="talking clinic")).services] == ["ext-002"]


def test_oruk1_feed_is_mapped(app_ctx):
    summary = import_file(FIXTURES / "oruk1_feed.json")
    assert (summary.format, summary.created) == ("oruk1", 2)
    assert [str(s) for s in summary.skipped] == [
        "record 3 (id 9003): the minimum age (12) is more than the maximum age (5)"
    ]
    coffee = service("9001")
    assert coffee.description == "About\n\n- Peer support\n- Advice from specialists"
    assert (coffee.minimum_age, coffee.maximum_age, coffee.is_free) == (4, 16, True)
    assert coffee.eligibility_description == "Parents of children with ADHD"
    assert coffee.organization.website == "https://example.org/np"
    assert [(s.freq, s.byday, s.opens_at) for s in coffee.schedules] == [("WEEKLY", "TU", "10:00:00")]
    assert [p.number for p in coffee.phones] == ["07700 900123"]
    assert coffee.district_codes == ["nuneaton-and-bedworth"]  # from the address: the feed names no area
    assert coffee.locations[0].location.accessibility == "Step-free access"
    assert codes(coffee, NEED_TAXONOMY) == {"SEMH"}
    assert codes(coffee, CATEGORY_TAXONOMY) == {"groups-for-parents-and-carers"}
    swim = service("9002")
    assert swim.district_codes == ["warwick"] and not swim.is_free
    assert codes(swim, CATEGORY_TAXONOMY) == {"leisure"}


def test_csv_is_mapped_with_reasons_for_skipped_rows(app_ctx):
    summary = import_file(FIXTURES / "services.csv")
    assert (summary.format, summary.created) == ("csv", 3)
    assert [str(s) for s in summary.skipped] == [
        "record 4 (id csv-4): need ‘Wizardry’ is not in the vocabulary",
        "record 5 (id csv-5): the service has no name",
    ]
    tuition = service("csv-1")
    assert tuition.description == "One-to-one tuition." and codes(tuition, NEED_TAXONOMY) == {"SPLD"}
    assert tuition.referral_route == "self" and tuition.delivery_methods == ["in_person", "online"]
    assert tuition.district_codes == ["warwick"] and not tuition.is_free
    assert tuition.locations[0].location.postal_code == "CV32 4AA"
    breaks = service("csv-2")
    assert codes(breaks, NEED_TAXONOMY) == {"LD", "PD"} and breaks.district_codes == ["stratford-on-avon"]
    assert breaks.assured_date.isoformat() == "2025-02-01" and breaks.is_free
    advice = service("csv-3")
    assert advice.is_free and advice.district_codes == [] and advice.delivery_methods == ["phone"]
    again = import_file(FIXTURES / "services.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_csv_leaves_what_it_does_not_carry(app_ctx, tmp_path):
    import_file(FIXTURES / "oruk1_feed.json")
    assert service("9001").contacts
    path = tmp_path / "names.csv"
    path.write_text("id,name\n9001,Nuneaton ADHD Coffee Morning\n", encoding="utf-8")
    summary = import_file(path)
    assert summary.updated == 1
    coffee = service("9001")
    assert coffee.name == "Nuneaton ADHD Coffee Morning"
    assert [c.name for c in coffee.contacts] == ["Sam"] and codes(coffee, NEED_TAXONOMY) == {"SEMH"}


BAD_FILES = [
    ("bad.json", b'[{"id": "x", "name": "A",}]', "not valid JSON"),
    ("shape.json", b'{"items": []}', "must be a list of services"),
    ("nothing.json", b"[]", "holds no services"),
    ("noname.csv", b"id,title\n1,Club\n", "no ‘name’ column"),
    ("binary.csv", b"id,name\n1,Caf\x81 club\n", "not UTF-8"),  # 0x81 is not Windows-1252 either
    ("latin1.json", '[{"id": "1", "name": "Caf\u00e9"}]'.encode("cp1252"), "JSON is not UTF-8"),
    ("empty.csv", b"  \n", "empty"),
]


@pytest.mark.parametrize("name,content,message", BAD_FILES)
def test_bad_files_are_refused_and_change_nothing(app_ctx, tmp_path, name, content, message):
    import_file(FIXTURES / "services.csv")
    before = count_services()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        import_file(path)
    assert count_services() == before


def test_a_failure_half_way_saves_nothing(app_ctx, monkeypatch):
    records = json.loads((FIXTURES / "oruk3_page.json").read_text())["contents"][:2]
    monkeypatch.setattr(import_store, "CHUNK", 1)
    real_reindex, calls = import_store.reindex, []

    def failing_reindex(ids):
        calls.append(ids)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real_reindex(ids)

    monkeypatch.setattr(import_store, "reindex", failing_reindex)
    with pytest.raises(RuntimeError, match="disk full"):
        import_records(records)
    assert count_services() == 0
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 0


@pytest.mark.parametrize("html,text", [
    ("<p>One</p><p>Two<br/>Three</p>", "One\n\nTwo\nThree"),
    ("Fish &amp; chips &pound;5", "Fish & chips £5"),
    ("<script>alert(1)</script><b>Bold</b>", "Bold"),
    ("&lt;img src=x onerror=alert(1)&gt;Hello", "Hello"),
    ("&amp;lt;b&amp;gt;Hi", "Hi"),
    ("ages 5 < 11 and   spaces\u00a0here", "ages 5 < 11 and spaces here"),
    ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
])  # fmt: skip
def test_html_becomes_safe_plain_text(html, text):
    assert plain_text(html) == text


def test_cli_import_prints_the_summary(app_ctx):
    result = app_ctx.test_cli_runner().invoke(args=["local-offer", "import", str(FIXTURES / "oruk3_page.json")])
    assert result.exit_code == 0, result.output
    assert "Created 2, updated 0, unchanged 0, skipped 2 (oruk3)." in result.output
    assert "Skipped record 3 (id ext-003): the service has no name" in result.output


def test_cli_refuses_a_bad_file_with_a_non_zero_exit(app_ctx, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    result = app_ctx.test_cli_runner().invoke(args=["local-offer", "import", str(path)])
    assert result.exit_code != 0
    assert "not valid JSON" in result.output and "Nothing was changed" in result.output


def test_an_import_refreshes_postgresqls_statistics_of_what_it_wrote(app_ctx):
    """Until a table is analysed PostgreSQL plans as if it were empty, and after a bulk load that once made each
    page of results scan every attribute once per service."""
    from sqlalchemy import event

    statements: list[str] = []

    def record(conn, cursor, statement, *_args) -> None:  # noqa: ARG001
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        import_file(FIXTURES / "oruk3_page.json")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    analysed = [s for s in statements if s.startswith("ANALYZE")]
    if db.engine.dialect.name != "postgresql":
        assert analysed == []
        return
    assert len(analysed) == 1
    for table in ("service", "attribute", "service_area", "search_document", "search_term"):
        assert f"{table}," in analysed[0] or analysed[0].endswith(table), (table, analysed)
    planned = db.session.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'attribute'::regclass")).scalar()
    assert planned >= 0  # -1 means never analysed


EXCEL_1252 = (
    "id,name,description\r\ncafe-1,Caf\u00e9 club,\u201cFriendly\u201d sessions for children\u2019s groups: \u00a32\r\n"
).encode("cp1252")  # as Excel's plain "CSV" saves it: é 0xe9, £ 0xa3, curly quotes 0x92-0x94


def test_a_csv_saved_by_excel_in_windows_1252_is_read_with_a_note(app_ctx, tmp_path):
    assert b"\x92" in EXCEL_1252 and b"\x93" in EXCEL_1252 and b"\xa3" in EXCEL_1252
    path = tmp_path / "excel.csv"
    path.write_bytes(EXCEL_1252)
    summary = import_file(path)
    assert summary.created == 1
    assert "Note: Read as Windows-1252 because the file was not UTF-8" in summary.lines()
    service = db.session.get(Service, "cafe-1")
    assert service.name == "Caf\u00e9 club"
    assert service.description == "\u201cFriendly\u201d sessions for children\u2019s groups: \u00a32"


def test_a_utf8_csv_with_a_byte_order_mark_is_read_without_a_note(app_ctx, tmp_path):
    path = tmp_path / "utf8.csv"
    path.write_bytes(EXCEL_1252.decode("cp1252").encode("utf-8-sig"))
    summary = import_file(path)
    assert summary.created == 1 and summary.notes == []
    assert db.session.get(Service, "cafe-1").name == "Caf\u00e9 club"


def test_cli_import_notes_a_windows_1252_csv(app_ctx, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(EXCEL_1252)
    result = app_ctx.test_cli_runner().invoke(args=["local-offer", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Created 1," in result.output
    assert "Note: Read as Windows-1252 because the file was not UTF-8" in result.output


def _first_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Created "))


@pytest.mark.parametrize("first", [None, "oruk3_page.json"])
def test_cli_dry_run_changes_nothing_and_counts_as_a_real_run(app_ctx, first):
    if first:
        import_file(FIXTURES / first)  # the dry run then finds the records unchanged
    runner = app_ctx.test_cli_runner()
    before = database_rows()
    dry = runner.invoke(args=["local-offer", "import", "--dry-run", str(FIXTURES / "oruk3_page.json")])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was changed" in dry.output
    assert database_rows() == before
    real = runner.invoke(args=["local-offer", "import", str(FIXTURES / "oruk3_page.json")])
    assert real.exit_code == 0, real.output
    assert _first_line(dry.output) == _first_line(real.output)
    assert ("Created 2," in real.output) == (first is None)


def test_a_utf16_csv_is_still_refused(app_ctx, tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("id,name\n1,Caf\u00e9 club\n".encode("utf-16"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        import_file(path)
