"""UK postcodes in chat messages: a full postcode ("cv114ab" → "CV11 4AB") or a postcode
district said on its own ("CV21"), normalised to capitals with one space.

A district alone is only taken when its letters are a real postcode area (data file
``postcode_areas.txt``) and it does not look like a road ("the M6", "A46") or a year ("Y5").
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.vocab import data_path

_FULL = re.compile(r"\b(?P<out>[A-Z]{1,2}\d[A-Z\d]?)\s*(?P<in>\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
_DISTRICT = re.compile(r"\b(?P<out>(?P<area>[A-Z]{1,2})\d{1,2}[A-Z]?)\b", re.I)
# Before a district: words that make it a road, a school year or a grade rather than a place.
_NOT_AFTER = re.compile(r"\b(?:the|a|an|on|year|yr|grade|level|room|bus|route|number|no|junction|j)\s*$", re.I)
_ROAD_AREAS = {"A", "B", "M"}


@lru_cache(maxsize=1)
def _areas() -> frozenset[str]:
    with data_path("postcode_areas.txt").open(encoding="utf-8") as handle:
        return frozenset(word for line in handle if not line.startswith("#") for word in line.split())


def _district_ok(match: re.Match[str], text: str) -> bool:
    area = match.group("area").upper()
    if area not in _areas() or _NOT_AFTER.search(text[max(0, match.start() - 12) : match.start()]):
        return False
    digits = match.group("out")[len(area) :]
    # "A5", "M6", "b4" (text-speak for before): one letter and one digit is too often not a place.
    return not (area in _ROAD_AREAS and len(digits.rstrip("ABCDEFGHJKMNPRSTUVWXY")) < 2)


def find_postcode(text: str) -> tuple[str | None, dict | None]:
    """The first postcode (or district) in ``text``, normalised, and the span it came from."""
    text = text[:5000]
    found = [
        (m.start(), m.end(), f"{m.group('out').upper()} {m.group('in').upper()}")
        for m in _FULL.finditer(text)
        if m.group("out")[:2].rstrip("0123456789").upper() in _areas()
    ]
    if not found:
        found = [
            (m.start(), m.end(), m.group("out").upper()) for m in _DISTRICT.finditer(text) if _district_ok(m, text)
        ]
    if not found:
        return None, None
    start, end, value = found[0]
    return value, {
        "entity": "postcode",
        "value": value,
        "start": start,
        "end": end,
        "text": text[start:end],
        "method": "pattern",
    }
