"""The rules that turn a series of figures into judgements: direction of travel, RAG and comparisons.

Pure Python with no Flask or database, so every rule is unit-tested on its own.

- **Direction of travel** compares the latest two periods that have a figure (a period with no data
  is skipped, never read as 0). For an indicator where higher is better, a rise is ``improving``; where
  lower is better, a fall is. Equal figures (to 1e-9) are ``no change``. Milestones (expected direction
  ``complete``) hold 1 when done and 0 when not, and read ``complete`` or ``not complete``.
- **RAG** needs a target: ``green`` when the target is met; ``amber`` when short of it by no more than
  the indicator's tolerance; ``red`` otherwise; None without a target or a figure. The tolerance is a
  per-indicator setting in the indicator's own unit; by default 2 percentage points for percentages
  (and for measures in percentage points), and 5% of the target for counts, days and pounds.
  A milestone is green when complete and red when not.
- **Comparisons** say whether our figure is ``better``, ``worse`` or the ``same`` as a comparator's,
  given the expected direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

UNITS = {
    "percent": "Percentage (%)",
    "count": "Count",
    "days": "Days",
    "pounds": "£ (pounds)",
    "percentage_points": "Percentage points",
}
DIRECTIONS = {"increase": "Higher is better", "decrease": "Lower is better", "complete": "A milestone to complete"}
FREQUENCIES = {"annual": "Annual", "termly": "Termly", "quarterly": "Quarterly", "monthly": "Monthly"}

IMPROVING, WORSENING, NO_CHANGE = "improving", "worsening", "no change"
COMPLETE, NOT_COMPLETE = "complete", "not complete"
GREEN, AMBER, RED = "green", "amber", "red"
BETTER, WORSE, SAME = "better", "worse", "same"
DEFAULT_POINTS_TOLERANCE = 2.0
DEFAULT_RELATIVE_TOLERANCE = 0.05
EPSILON = 1e-9

TERMS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}
_YEAR_PAIR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*q([1-4])$|^q([1-4])\s*(\d{4})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_TERM = re.compile(r"^(autumn|spring|summer)(?:\s+term)?\s+(\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its label as people write it, and the dates it covers (inclusive)."""

    start: date
    end: date
    label: str


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def _span(label: str, year: int, first_month: int, last_month: int, end_year: int | None = None) -> Period:
    return Period(date(year, first_month, 1), _month_end(end_year or year, last_month), label)


def _year_pair(match: re.Match[str]) -> Period:
    first, second = int(match[1]), match[2]
    following = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if following != first + 1:
        raise ValueError("the second year must follow the first, like 2024-25")
    return _span(f"{first}-{following % 100:02d}", first, 9, 8, first + 1)


def parse_period(text: str) -> Period:
    """Read a period label. ``2024-25`` (or 2024/25) is an academic year, 1 September to 31 August;
    ``2025`` a calendar year; ``2025 Q3`` a calendar quarter; ``2026-03`` a month; ``Autumn 2025`` a term
    (autumn September–December, spring January–March, summer April–August)."""
    label = " ".join((text or "").split())
    pair = _YEAR_PAIR.match(label)
    # "2025-26" is a year pair and "2026-03" a month: the second number following the first decides.
    if pair and (len(pair[2]) == 4 or int(pair[2]) == (int(pair[1]) + 1) % 100 or "/" in label):
        return _year_pair(pair)
    if match := _MONTH.match(label):
        month = int(match[2])
        if not 1 <= month <= 12:
            raise ValueError("use a year pair like 2024-25 (one year after the other) or a month like 2026-03")
        return _span(f"{match[1]}-{month:02d}", int(match[1]), month, month)
    if match := _QUARTER.match(label):
        year, quarter = int(match[1] or match[4]), int(match[2] or match[3])
        return _span(f"{year} Q{quarter}", year, quarter * 3 - 2, quarter * 3)
    if match := _TERM.match(label):
        term, year = match[1].lower(), int(match[2])
        return _span(f"{term.capitalize()} {year}", year, *TERMS[term])
    if match := _YEAR.match(label):
        return _span(label, int(label), 1, 12)
    raise ValueError("use a period like 2024-25, 2025, 2025 Q3, 2026-03 or Autumn 2025")


def period_containing(day: date, frequency: str) -> Period:
    """The period of the given frequency that ``day`` falls in."""
    if frequency == "monthly":
        return parse_period(f"{day.year}-{day.month:02d}")
    if frequency == "quarterly":
        return parse_period(f"{day.year} Q{(day.month - 1) // 3 + 1}")
    if frequency == "termly":
        term = next(name for name, (first, last) in TERMS.items() if first <= day.month <= last)
        return parse_period(f"{term} {day.year}")
    first = day.year if day.month >= 9 else day.year - 1
    return parse_period(f"{first}-{(first + 1) % 100:02d}")


def previous_period(period: Period, frequency: str) -> Period:
    return period_containing(period.start - timedelta(days=1), frequency)


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None


def latest_two(points: list[Point]) -> tuple[Point | None, Point | None]:
    """The latest two points that have a figure, latest first; periods with no data are skipped."""
    known = [point for point in points if point.value is not None]
    latest = known[-1] if known else None
    previous = known[-2] if len(known) > 1 else None
    return latest, previous


def is_done(value: float) -> bool:
    return value >= 1 - EPSILON


def direction_of_travel(latest: float | None, previous: float | None, direction: str) -> str | None:
    """``improving``, ``worsening`` or ``no change`` (milestones: ``complete`` or ``not complete``);
    None when there is not enough data to say."""
    if latest is None:
        return None
    if direction == "complete":
        return COMPLETE if is_done(latest) else NOT_COMPLETE
    if previous is None:
        return None
    change = latest - previous
    if abs(change) <= EPSILON:
        return NO_CHANGE
    rising_is_good = direction == "increase"
    return IMPROVING if (change > 0) == rising_is_good else WORSENING


def default_tolerance(unit: str, target: float) -> float:
    if unit in ("percent", "percentage_points"):
        return DEFAULT_POINTS_TOLERANCE
    return abs(target) * DEFAULT_RELATIVE_TOLERANCE


def rag(
    value: float | None, target: float | None, direction: str, unit: str, tolerance: float | None = None
) -> str | None:
    """Green when the target is met, amber when within the tolerance of it, red otherwise; None without a target."""
    if value is None or target is None:
        return None
    if direction == "complete":
        return GREEN if is_done(value) else RED
    shortfall = target - value if direction == "increase" else value - target
    if shortfall <= EPSILON:
        return GREEN
    allowed = default_tolerance(unit, target) if tolerance is None else tolerance
    return AMBER if shortfall <= allowed + EPSILON else RED


def compare(value: float | None, other: float | None, direction: str) -> str | None:
    """How our figure stands against a comparator's: ``better``, ``worse`` or ``same``."""
    if value is None or other is None:
        return None
    if abs(value - other) <= EPSILON:
        return SAME
    if direction == "complete":
        return BETTER if value > other else WORSE
    higher_is_better = direction == "increase"
    return BETTER if (value > other) == higher_is_better else WORSE


def format_number(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"


def format_value(value: float | None, unit: str) -> str:
    """A figure as people read it: 55%, £1,250, 140 days, 3.5 percentage points."""
    if value is None:
        return "No data"
    number = format_number(value)
    if unit == "percent":
        return f"{number}%"
    if unit == "pounds":
        return f"-£{format_number(-value)}" if value < 0 else f"£{number}"
    if unit == "days":
        return f"{number} {'day' if number == '1' else 'days'}"
    if unit == "percentage_points":
        return f"{number} {'percentage point' if number == '1' else 'percentage points'}"
    return number


def direction_sentence(
    latest: Point | None, previous: Point | None, direction: str, unit: str, target: float | None
) -> str:
    """Plain English for the report, like 'Improving: up from 48% to 55%; target 60%'."""
    if latest is None or latest.value is None:
        return "No data yet."
    if direction == "complete":
        return "Complete." if is_done(latest.value) else "Not complete yet."
    now = format_value(latest.value, unit)
    target_text = f"; target {format_value(target, unit)}" if target is not None else ""
    if previous is None or previous.value is None:
        return f"{now} in {latest.period}; no earlier figure to compare with{target_text}."
    travel = direction_of_travel(latest.value, previous.value, direction)
    before = format_value(previous.value, unit)
    if travel == NO_CHANGE:
        return f"No change: {now} in {previous.period} and {latest.period}{target_text}."
    movement = "up" if latest.value > previous.value else "down"
    return f"{str(travel).capitalize()}: {movement} from {before} to {now}{target_text}."
