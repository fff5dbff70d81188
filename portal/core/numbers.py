"""Reading whole numbers that people type into query strings and forms.

``str.isdigit`` accepts ``²`` and other characters ``int`` refuses, and ``int`` accepts digits from every
script; a page number or id from a URL should be the ASCII digits 0-9 and nothing else. Ids in URL paths
go through ``IdConverter``, so a number no database can hold is simply not found.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter


def whole_number(text: str | None, low: int = 0, high: int | None = None) -> int | None:
    """The number ``text`` spells in ASCII digits, within ``low`` to ``high``; None for anything else."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    number = int(text)
    if number < low or (high is not None and number > high):
        return None
    return number


# The largest id SQLite and PostgreSQL store (a signed 64-bit integer). A URL's ``<int:…>`` above it is
# not a page on this site: SQLite refuses to compare with it (OverflowError), so the route does not match.
LARGEST_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, capped at the largest id a database holds."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = LARGEST_ID) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)
