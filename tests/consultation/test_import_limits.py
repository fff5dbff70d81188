"""Spreadsheet bombs and damaged workbooks (probe findings 4 and 11): each is refused with a clear error
from the zip directory or a streamed look at the XML, before openpyxl builds anything, and the mapping
page works from the headers and sample kept at upload rather than reading the file again."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from consultation import import_files, import_routes, xlsx_checks
from consultation.models import ResponseUpload
from portal.core.extensions import db
from tests.consultation.test_import import HEADER, _count, _upload

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["Parent or carer", "Agree", "School", "Transport", "More ramps"])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _replace(content: bytes, name: str, write) -> bytes:
    """The workbook with the part ``name`` written again by ``write(stream)`` (added if it was missing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != name:
                target.writestr(entry, source.read(entry))
        with target.open(name, "w") as stream:
            write(stream)
    return out.getvalue()


def _sheet(rows: str, dimension: str = "A1:E2"):
    def write(stream) -> None:
        stream.write(f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>'.encode())
        stream.write(rows.encode() if isinstance(rows, str) else b"")
        stream.write(b"</sheetData></worksheet>")

    return write


def _wide_sheet(stream) -> None:
    """The probe's file: one row of two million numeric cells, about 200 KB once zipped."""
    stream.write(f'<worksheet {NS}><sheetData><row r="1">'.encode())
    for _ in range(2_000):
        stream.write(b"<c><v>1</v></c>" * 1_000)
    stream.write(b"</row></sheetData></worksheet>")


def _huge_cell(stream) -> None:
    """The probe's 300 MB cell, as a shared string."""
    stream.write(f'<sst {NS} count="1" uniqueCount="1"><si><t>'.encode())
    block = b"a" * (1024 * 1024)
    for _ in range(300):
        stream.write(block)
    stream.write(b"</t></si></sst>")


def _many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(SHEET, f"<worksheet {NS}><sheetData/></worksheet>")
        for number in range(xlsx_checks.MAX_ENTRIES + 1):
            target.writestr(f"xl/media/{number}.bin", b"")
    return out.getvalue()


@pytest.fixture()
def never_parsed(monkeypatch):
    """openpyxl must not be reached for these files."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a file the checks should have refused")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)


BOMBS = {
    "two million columns": (lambda: _replace(_workbook(), SHEET, _wide_sheet), "500 columns or fewer"),
    "a 300 MB cell": (lambda: _replace(_workbook(), STRINGS, _huge_cell), "80MB or smaller when opened"),
    "too many entries": (_many_entries, "too many parts"),
    "a declared dimension too wide": (
        lambda: _replace(_workbook(), SHEET, _sheet("", "A1:XFD2")),
        "500 columns or fewer",
    ),
    "a declared dimension too long": (
        lambda: _replace(_workbook(), SHEET, _sheet("", "A1:E1048576")),
        "rows of responses or fewer",
    ),
    "a cell too long": (
        lambda: _replace(
            _workbook(), SHEET, _sheet(f'<row r="1"><c t="inlineStr"><is><t>{"a" * 40_000}</t></is></c></row>')
        ),
        "32,767 characters or fewer",
    ),
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_spreadsheet_bombs_are_refused_before_parsing(bomb, never_parsed):
    build, message = BOMBS[bomb]
    with pytest.raises(import_files.ImportFileError, match=message):
        import_files.read_table("responses.xlsx", build())


def test_the_wide_bomb_is_refused_on_the_upload_page(client, lead, make_consultation, never_parsed):
    response = _upload(client, make_consultation(), _replace(_workbook(), SHEET, _wide_sheet), "bomb.xlsx")
    assert response.status_code == 200
    assert "The selected file must have 500 columns or fewer" in response.get_data(as_text=True)
    assert _count(ResponseUpload) == 0


TRUNCATED = {
    "cut off at the end": lambda: _workbook()[:-200],
    "a sheet cut off half-way": lambda: _replace(_workbook(), SHEET, _sheet_cut_off),
}


def _sheet_cut_off(stream) -> None:
    """What the sheet of a half-saved file looks like: its size and first row, then nothing."""
    first_row = '<row r="1"><c r="A1" t="inlineStr"><is><t>Who are you?</t></is></c></row><row r="2"><c r="A2" t="inl'
    stream.write(f'<worksheet {NS}><dimension ref="A1:E2"/><sheetData>{first_row}'.encode())


@pytest.mark.parametrize("damage", TRUNCATED)
def test_a_truncated_workbook_gets_a_clear_error(client, lead, make_consultation, damage):
    """Probe finding 11: a truncated XLSX gave a 500."""
    response = _upload(client, make_consultation(), TRUNCATED[damage](), "cut.xlsx")
    assert response.status_code == 200
    assert "The selected file could not be opened as an Excel workbook" in response.get_data(as_text=True)


def test_the_mapping_page_uses_the_headers_and_sample_kept_at_upload(client, lead, make_consultation, monkeypatch):
    response = _upload(client, make_consultation(), _workbook(), "paper.xlsx")
    assert response.status_code == 302

    def refuse(*args, **kwargs):
        raise AssertionError("the mapping page read the file again")

    monkeypatch.setattr(import_routes, "read_table", refuse)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Column 5: What should we change?" in page and "For example: More ramps" in page
    assert db.session.scalar(db.select(ResponseUpload.samples)) == [
        ["Parent or carer", "Agree", "School", "Transport", "More ramps"]
    ]
