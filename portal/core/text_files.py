"""Decoding an uploaded or imported text file: UTF-8 (with or without Excel's byte order mark), or else Windows-1252.

Excel's plain "CSV" saves in the Windows code page, so a file that is not valid UTF-8 is read as Windows-1252
(Café, £, curly quotes) and the import summary says so. Bytes that are not Windows-1252 either, or NUL bytes
(UTF-16 or a binary file), are refused.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOWS_1252_NOTE = "Read as Windows-1252 because the file was not UTF-8"


class NotText(ValueError):
    """The bytes are neither UTF-8 nor Windows-1252: ``position`` and ``byte`` say where UTF-8 failed."""

    def __init__(self, position: int, byte: int) -> None:
        super().__init__(f"byte {byte:#04x} at position {position} is not UTF-8 or Windows-1252 text")
        self.position, self.byte = position, byte


@dataclass(frozen=True)
class DecodedText:
    text: str
    notes: tuple[str, ...] = ()


def decode_text(data: bytes) -> DecodedText:
    """The file's text, UTF-8 first and Windows-1252 when that fails (with ``WINDOWS_1252_NOTE``)."""
    try:
        return DecodedText(data.decode("utf-8-sig"))
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text:  # UTF-16 or binary: not text Excel would save in Windows-1252
            raise NotText(utf8_error.start, data[utf8_error.start]) from None
        return DecodedText(text, (WINDOWS_1252_NOTE,))
