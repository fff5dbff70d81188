"""Checks on an uploaded XLSX file before openpyxl parses it, so a small file cannot cost gigabytes.

An XLSX is a zip of XML. A few hundred kilobytes can declare hundreds of megabytes of XML, two million
columns or a single 300 MB cell, and openpyxl builds all of it in memory. So the zip's directory is read
first (how many entries, how large they say they are once unpacked; zipfile stops reading an entry at
its declared size, so a false declaration fails rather than grows), then each worksheet's declared
dimension, then the sheets and shared strings are streamed, counting rows, columns and cell lengths and
stopping at the first limit passed.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError, iterparse

MAX_ENTRIES = 100
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
MAX_COLUMNS = 500
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)$")
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z0-9:$]+)"')
UNREADABLE = "The selected file could not be opened as an Excel workbook"


class XlsxLimitError(ValueError):
    """The workbook is damaged or larger than we read, in words to show the lead."""


def check_xlsx(content: bytes, max_rows: int) -> None:
    """Raise XlsxLimitError unless the workbook is safe to hand to openpyxl."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_directory(archive)
            for name in _sheet_names(archive):
                _check_dimension(archive, name, max_rows)
                _check_sheet(archive, name, max_rows)
            if "xl/sharedStrings.xml" in archive.namelist():
                _check_strings(archive, "xl/sharedStrings.xml")
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError, OSError, NotImplementedError):
        raise XlsxLimitError(UNREADABLE + ". It may be damaged or only partly uploaded") from None


def _check_directory(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise XlsxLimitError(f"The selected file has too many parts to be an Excel workbook ({len(entries):,})")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise XlsxLimitError("The selected file is too large once unpacked. It must be 80MB or smaller when opened")


def _sheet_names(archive: zipfile.ZipFile) -> list[str]:
    names = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    if not names:
        raise XlsxLimitError(UNREADABLE)
    return names


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _too_wide() -> XlsxLimitError:
    return XlsxLimitError(f"The selected file must have {MAX_COLUMNS:,} columns or fewer")


def _too_long(max_rows: int) -> XlsxLimitError:
    return XlsxLimitError(f"The selected file must have {max_rows:,} rows of responses or fewer")


def _check_reference(reference: str, max_rows: int) -> None:
    found = CELL_REFERENCE.match(reference.replace("$", ""))
    if found is None:
        return
    if column_number(found.group(1)) > MAX_COLUMNS:
        raise _too_wide()
    if int(found.group(2)) > max_rows + 1:
        raise _too_long(max_rows)


def _check_dimension(archive: zipfile.ZipFile, name: str, max_rows: int) -> None:
    """The sheet's own statement of its size, in its first few kilobytes."""
    with archive.open(name) as stream:
        start = stream.read(4096)
    declared = DIMENSION.search(start)
    if declared:
        _check_reference(declared.group(1).decode().rpartition(":")[2], max_rows)


def _ends(archive: zipfile.ZipFile, name: str) -> Iterator:
    """Each element of the part as it closes, emptied afterwards so memory stays flat."""
    with archive.open(name) as stream:
        for _, element in iterparse(stream, events=("end",)):
            yield element
            element.clear()


def _check_text(element) -> None:
    if element.text is not None and len(element.text) > MAX_CELL_CHARS:
        raise XlsxLimitError(f"Each cell in the selected file must be {MAX_CELL_CHARS:,} characters or fewer")


def _check_sheet(archive: zipfile.ZipFile, name: str, max_rows: int) -> None:
    rows = cells = 0
    for element in _ends(archive, name):
        tag = element.tag.rpartition("}")[2]
        if tag == "c":
            cells += 1
            if cells > MAX_COLUMNS:
                raise _too_wide()
            _check_reference(element.get("r", ""), max_rows)
        elif tag == "row":
            rows, cells = rows + 1, 0
            if rows > max_rows + 1:
                raise _too_long(max_rows)
        elif tag in ("v", "t"):
            _check_text(element)


def _check_strings(archive: zipfile.ZipFile, name: str) -> None:
    for element in _ends(archive, name):
        if element.tag.rpartition("}")[2] == "t":
            _check_text(element)
