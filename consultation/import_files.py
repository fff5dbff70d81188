"""Reading an uploaded CSV or XLSX file of responses into a header row and data rows.

CSV is read as UTF-8 (with or without the byte order mark Excel writes), or as Windows-1252 when it is not
UTF-8 (Excel's plain "CSV"), with a note the import summary shows. XLSX is checked for size, width and
cell length on its zip directory and XML before it is parsed (``xlsx_checks``), then opened read-only.
Nothing in a cell is changed or neutralised: text is stored as text, and is made safe when exported.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from consultation.xlsx_checks import UNREADABLE, XlsxLimitError, check_xlsx
from portal.core.text_files import NotText, decode_text

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
EXTENSIONS = (".csv", ".xlsx")

Cell = str | date | None


class ImportFileError(ValueError):
    """A file that cannot be read, in words to show the lead."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


def read_table(filename: str, content: bytes, max_bytes: int | None = MAX_BYTES) -> Table:
    """The file's rows; ``max_bytes=None`` lifts the upload cap (benchmarks only), never the row limit."""
    name = (filename or "").lower()
    if not name.endswith(EXTENSIONS):
        raise ImportFileError("The selected file must be a CSV or an Excel (XLSX) file")
    if max_bytes is not None and len(content) > max_bytes:
        raise ImportFileError("The selected file must be smaller than 10MB")
    if not content:
        raise ImportFileError("The selected file is empty")
    if not name.endswith(".csv"):
        return _table(_read_xlsx(content))
    text, notes = _csv_text(content)
    table = _table(_read_csv(text))
    table.notes.extend(notes)
    return table


def _csv_text(content: bytes) -> tuple[str, list[str]]:
    try:
        decoded = decode_text(content)
    except NotText:
        raise ImportFileError(
            "The selected file is not saved as UTF-8. In Excel, choose ‘Save as’ and ‘CSV UTF-8’, then upload it again"
        ) from None
    return decoded.text, list(decoded.notes)


def _read_csv(text: str) -> list[list[Cell]]:
    if "\x00" in text:
        raise ImportFileError("The selected file is not a text CSV file")
    rows: list[list[Cell]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise ImportFileError(f"The selected file could not be read as CSV: {error}") from None
    return rows


def _read_xlsx(content: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ImportFileError(UNREADABLE)
    try:
        check_xlsx(content, MAX_ROWS)
    except XlsxLimitError as error:
        raise ImportFileError(str(error)) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or disguised file
        raise ImportFileError(UNREADABLE) from None
    try:
        return _xlsx_rows(workbook.worksheets[0])
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError, ValueError, KeyError):  # damage found reading
        raise ImportFileError(UNREADABLE + ". It may be damaged or only partly uploaded") from None
    finally:
        workbook.close()


def _xlsx_rows(sheet) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_xlsx_cell(value) for value in values])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(raw: list[list[Cell]]) -> Table:
    while raw and not any(_filled(cell) for cell in raw[-1]):
        raw.pop()
    if not raw:
        raise ImportFileError("The selected file is empty")
    if len(raw) - 1 > MAX_ROWS:
        raise ImportFileError(f"The selected file must have {MAX_ROWS:,} rows of responses or fewer")
    width = max(len(row) for row in raw)
    headers = [
        str(cell).strip() if _filled(cell) else f"Column {index + 1}"
        for index, cell in enumerate(raw[0] + [None] * (width - len(raw[0])))
    ]
    rows = [row + [None] * (width - len(row)) for row in raw[1:]]
    if not rows:
        raise ImportFileError("The selected file has a header row but no responses")
    return Table(headers, rows)


def _filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))
