"""When a service runs, in the words parents filter by: after school, evenings, weekends, school holidays,
term time (the chat's vocabulary, ``nlp.when.WHEN_VALUES``).

A service's values are those derived from its Open Referral schedules plus any an editor stated (attributes
with terms of the ``send-when`` taxonomy). The rules for one schedule row:

- **after school**: a Monday-to-Friday session that overlaps 15:30 to 18:00 and either starts at 3pm or later
  or is still open after 5:30pm — so office hours of 9 to 5 are not "after school", a 3:45pm club or a
  centre open until 8pm are;
- **evening**: open after 6pm (closes later than 18:00, any day);
- **weekend**: runs on a Saturday or a Sunday (``byday`` holds SA or SU, also "first Saturday of the month");
- **school holidays** and **term time**: only when the schedule says so. Its description is read with the
  chat's phrases (``nlp.when``: "term time only", "school holidays only", "half term", "summer scheme"…;
  "bank holidays" are not school holidays; "all year round" includes them), and a schedule whose valid dates
  lie wholly inside the summer (20 July to 5 September) or Christmas (20 December to 5 January) holidays
  runs in the school holidays;
- a description with no times ("By arrangement, including some evenings and weekends", "Every day, 24
  hours") is read for evenings and weekends the same way.
A weekday session with no qualifier says nothing about school holidays or term time: most services open on
weekdays all year, and marking them all would make those filters useless.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from local_offer.models import Schedule, Service
from local_offer.taxonomies import WHEN_LABELS, WHEN_TAXONOMY
from nlp.when import WHEN_VALUES, find_when

_WEEKDAYS = {"MO", "TU", "WE", "TH", "FR"}
_WEEKEND = {"SA", "SU"}
_AFTER_SCHOOL = (15 * 60 + 30, 18 * 60)
_BANK_HOLIDAYS = re.compile(r"\bbank[ -]holidays?\b", re.I)
_ALL_YEAR = re.compile(r"\b(?:all (?:the )?year(?: round)?|year[ -]round|52 weeks)\b", re.I)
_EVERY_DAY = re.compile(r"\b(?:every ?day|daily|7 days|seven days)\b", re.I)
_LATE = re.compile(r"\b(?:24 hours|overnight|24/7)\b", re.I)
# (start month, day) to (end month, day); a window may run over the new year.
_HOLIDAY_WINDOWS = (((7, 20), (9, 5)), ((12, 20), (1, 5)))


def _minutes(clock: str | None) -> int | None:
    match = re.match(r"^(\d{1,2}):(\d{2})", clock or "")
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def _days(byday: str | None) -> set[str]:
    """ "MO,TU" → {"MO", "TU"}; "1SA,-1TU" → {"SA", "TU"}."""
    return {part.strip().upper()[-2:] for part in (byday or "").split(",") if part.strip()}


def _in_window(day: date, window: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    start, end = window
    key = (day.month, day.day)
    return start <= key <= end if start <= end else key >= start or key <= end


def _holiday_dates(schedule: Schedule) -> bool:
    first, last = schedule.valid_from, schedule.valid_to
    if first is None or last is None or last < first or (last - first).days > 60:
        return False
    return any(_in_window(first, w) and _in_window(last, w) for w in _HOLIDAY_WINDOWS)


def _from_times(days: set[str], opens: int | None, closes: int | None) -> set[str]:
    found = set()
    if days & _WEEKEND:
        found.add("weekend")
    if closes is not None and closes > 18 * 60:
        found.add("evening")
    if days & _WEEKDAYS and opens is not None and closes is not None:
        overlaps = opens < _AFTER_SCHOOL[1] and closes > _AFTER_SCHOOL[0]
        if overlaps and (opens >= 15 * 60 or closes > 17 * 60 + 30):
            found.add("after_school")
    return found


def _from_words(description: str, timed: bool) -> set[str]:
    text = _BANK_HOLIDAYS.sub(" ", description)
    said = set(find_when(text))
    if _ALL_YEAR.search(text):
        said.add("school_holidays")
    if not timed:
        if _EVERY_DAY.search(text):
            said.add("weekend")
        if _LATE.search(text):
            said.add("evening")
    # With times given, the times decide after school, evenings and weekends; the words only the season.
    return said if not timed else said & {"school_holidays", "term_time"}


def schedule_when(schedule: Schedule) -> set[str]:
    """The values one schedule row gives (rules in the module docstring)."""
    opens, closes = _minutes(schedule.opens_at), _minutes(schedule.closes_at)
    found = _from_times(_days(schedule.byday), opens, closes)
    timed = bool(schedule.byday) or opens is not None
    found |= _from_words(schedule.description or "", timed)
    if _holiday_dates(schedule):
        found.add("school_holidays")
    return found


def derived_when(schedules: Iterable[Schedule]) -> set[str]:
    found: set[str] = set()
    for schedule in schedules:
        found |= schedule_when(schedule)
    return found


def stated_when(service: Service) -> set[str]:
    """The values an editor (or an imported feed) stated as terms."""
    return {t.code for t in service.terms_in(WHEN_TAXONOMY) if t.code in WHEN_LABELS}


def service_when(service: Service) -> list[str]:
    """Derived and stated values together, in the vocabulary's order."""
    found = derived_when(service.schedules) | stated_when(service)
    return [value for value in WHEN_VALUES if value in found]
