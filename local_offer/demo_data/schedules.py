"""Opening times written compactly in the templates, turned into schedule rows with plain-English wording.

A session is ``DAYS HH:MM-HH:MM [when]``: ``TU 10:00-12:00 term`` is "Tuesdays 10am to midday, term
time only"; ``MO-FR 09:00-17:00`` is "Monday to Friday, 9am to 5pm"; ``1SA 10:00-12:00`` is "First
Saturday of the month, 10am to midday". Sessions are separated by ``|``. Anything that does not parse
("By appointment") is kept as a description with no times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
WHEN = {"term": "term time only", "holidays": "school holidays only"}
_SESSION = re.compile(r"^(?P<days>[-0-9A-Z,]+)\s+(?P<opens>\d\d:\d\d)-(?P<closes>\d\d:\d\d)(?:\s+(?P<when>.+))?$")
_MONTHLY_DAY = re.compile(r"^(-?\d)([A-Z]{2})$")


@dataclass(frozen=True)
class DemoSchedule:
    description: str
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None


def clock(value: str) -> str:
    """'09:30' -> '9:30am', '12:00' -> 'midday', '17:00' -> '5pm' (GOV.UK style)."""
    hours, minutes = (int(part) for part in value.split(":"))
    if (hours, minutes) == (12, 0):
        return "midday"
    suffix = "am" if hours < 12 else "pm"
    shown = hours % 12 or 12
    return f"{shown}{suffix}" if minutes == 0 else f"{shown}:{minutes:02d}{suffix}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _weekly_days(token: str) -> tuple[str, str]:
    if "-" in token:
        first, last = token.split("-")
        codes = list(DAYS)
        span = codes[codes.index(first) : codes.index(last) + 1]
        return ",".join(span), f"{DAYS[first]} to {DAYS[last]},"
    codes = token.split(",")
    return token, _join([DAYS[code] + "s" for code in codes])


def _monthly_days(token: str) -> tuple[str, str] | None:
    matches = [_MONTHLY_DAY.match(part) for part in token.split(",")]
    if not all(matches):
        return None
    day_names = {DAYS[m.group(2)] for m in matches if m}
    ordinals = _join([ORDINALS[m.group(1)] for m in matches if m])
    return token, f"{ordinals.capitalize()} {'/'.join(sorted(day_names))} of the month,"


def parse_session(text: str) -> DemoSchedule:
    match = _SESSION.match(text.strip())
    if not match:
        return DemoSchedule(description=text.strip())
    token = match.group("days")
    monthly = _monthly_days(token) if any(ch.isdigit() for ch in token) else None
    freq = "MONTHLY" if monthly else "WEEKLY"
    byday, days = monthly or _weekly_days(token)
    opens, closes = match.group("opens"), match.group("closes")
    wording = f"{days} {clock(opens)} to {clock(closes)}"
    when = match.group("when")
    if when:
        wording += ", " + WHEN.get(when, when)
    return DemoSchedule(wording, freq, byday, opens, closes)


def parse_schedules(text: str | None) -> list[DemoSchedule]:
    if not text:
        return []
    return [parse_session(part) for part in text.split("|") if part.strip()]
