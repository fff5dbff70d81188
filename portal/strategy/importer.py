"""``flask indicators import`` and the upload screen: a CSV of indicator values, upserted in one transaction.

Columns: ``indicator_code, indicator_name, unit, expected_direction, period, value`` and optionally
``target, comparator, comparator_value, outcome, definition, note``. Indicators match by code, values by
indicator and period, comparator values by indicator, period and comparator name, so importing the same
file again changes nothing. Every row is checked first: if any is wrong, nothing is saved and each problem
is reported with its row number (the header is row 1, as in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core.extensions import db
from portal.strategy import rules
from portal.strategy.models import Indicator, IndicatorValue, StrategyOutcome
from portal.strategy.services import set_comparator

REQUIRED = ("indicator_code", "indicator_name", "unit", "expected_direction", "period", "value")
OPTIONAL = ("target", "comparator", "comparator_value", "outcome", "definition", "note")
UNIT_ALIASES = {
    "percent": "percent", "%": "percent", "percentage": "percent", "count": "count", "number": "count",
    "days": "days", "pounds": "pounds", "£": "pounds", "gbp": "pounds", "percentage points": "percentage_points",
    "percentage_points": "percentage_points", "pp": "percentage_points",
}  # fmt: skip
DIRECTION_ALIASES = {
    "increase": "increase", "up": "increase", "higher is better": "increase",
    "decrease": "decrease", "down": "decrease", "lower is better": "decrease",
    "complete": "complete", "milestone": "complete",
}  # fmt: skip
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MAX_REPORTED = 100


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class ParsedRow:
    row: int
    code: str
    name: str
    unit: str
    direction: str
    period: rules.Period
    value: float
    target: float | None
    comparator: str | None
    comparator_value: float | None
    outcome: str | None
    definition: str | None
    note: str | None


@dataclass
class ImportSummary:
    rows: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("outcomes created", "indicators created", "indicators updated", "values created", "values updated",
             "comparator values set"), 0)
    )  # fmt: skip

    def add(self, what: str, number: int = 1) -> None:
        self.counts[what] += number

    def lines(self) -> list[str]:
        return [f"{self.rows} rows read."] + [f"{what.capitalize()}: {number}" for what, number in self.counts.items()]


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark) only: other encodings garble names silently."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([RowError(0, "The file must be saved as CSV UTF-8. In Excel choose "
                                         "'Save as' then 'CSV UTF-8 (comma delimited)'.")]) from None  # fmt: skip


def parse_number(text: str) -> float:
    """55, 55.5, 55%, 1,234 or £1,234 as a number; raises ValueError otherwise."""
    cleaned = text.strip().replace(",", "").removeprefix("£").removesuffix("%").strip()
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _header(first_row: list[str]) -> list[str]:
    names = [name.strip().lower().replace(" ", "_") for name in first_row]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise ImportRefused([RowError(1, f"the file is missing the {'column' if len(missing) == 1 else 'columns'} "
                                         f"{', '.join(missing)}")])  # fmt: skip
    return names


def _optional_number(cells: dict[str, str], column: str, problems: list[str]) -> float | None:
    text = cells.get(column, "")
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError:
        problems.append(f"{column} must be a number, like 55 or 55.5 (not '{text[:40]}')")
        return None


def _check_identity(cells: dict[str, str], problems: list[str]) -> tuple[str, str, str]:
    code, name = cells.get("indicator_code", ""), cells.get("indicator_name", "")
    if not code:
        problems.append("indicator_code is missing")
    elif not CODE.match(code):
        problems.append("indicator_code must be up to 40 letters, numbers, hyphens, dots or underscores")
    if not name:
        problems.append("indicator_name is missing")
    elif len(name) > 200:
        problems.append("indicator_name must be 200 characters or fewer")
    unit = UNIT_ALIASES.get(cells.get("unit", "").lower())
    if unit is None:
        problems.append(f"unit '{cells.get('unit', '')[:40]}' is not known: use percent, count, days, pounds "
                        "or percentage points")  # fmt: skip
    return code, name, unit or ""


def _check_row(cells: dict[str, str], problems: list[str]) -> ParsedRow | None:
    code, name, unit = _check_identity(cells, problems)
    direction = DIRECTION_ALIASES.get(cells.get("expected_direction", "").lower())
    if direction is None:
        problems.append(f"expected_direction '{cells.get('expected_direction', '')[:40]}' is not known: "
                        "use increase, decrease or complete")  # fmt: skip
    period = None
    try:
        period = rules.parse_period(cells.get("period", ""))
    except ValueError as error:
        problems.append(f"period '{cells.get('period', '')[:40]}' is not a period: {error}")
    value = None
    if not cells.get("value"):
        problems.append("value is missing")
    else:
        value = _optional_number(cells, "value", problems)
    target = _optional_number(cells, "target", problems)
    comparator = cells.get("comparator") or None
    comparator_value = _optional_number(cells, "comparator_value", problems)
    if bool(comparator) != bool(cells.get("comparator_value")):
        problems.append("give both comparator and comparator_value, or neither")
    if problems:
        return None
    optional = {column: cells.get(column) or None for column in ("outcome", "definition", "note")}
    return ParsedRow(0, code, name, unit, direction, period, value, target, comparator, comparator_value, **optional)


def _check_consistency(parsed: list[ParsedRow]) -> list[RowError]:
    """The same indicator must have one name, unit and direction; the same period one value."""
    errors, first_of_code, first_of_period = [], {}, {}
    for row in parsed:
        first = first_of_code.setdefault(row.code, row)
        for attribute in ("name", "unit", "direction"):
            if getattr(row, attribute) != getattr(first, attribute):
                errors.append(RowError(row.row, f"{attribute} differs from row {first.row} for {row.code}"))
        same_period = first_of_period.setdefault((row.code, row.period.label), row)
        if same_period.value != row.value:
            errors.append(RowError(row.row, f"value differs from row {same_period.row} for {row.code} "
                                            f"{row.period.label}"))  # fmt: skip
    return errors


def parse_rows(text: str) -> list[ParsedRow]:
    """Every row checked; raises ImportRefused with all the problems found."""
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        names = _header(next(reader, []))
    except csv.Error:
        raise ImportRefused([RowError(1, "the file is not a CSV file that can be read")]) from None
    parsed, errors = [], []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(cell.strip() for cell in values):
                continue
            cells = {name: value.strip() for name, value in zip(names, values, strict=False)}
            problems: list[str] = []
            row = _check_row(cells, problems)
            errors.extend(RowError(number, problem) for problem in problems)
            if row:
                row.row = number
                parsed.append(row)
    except csv.Error as error:
        problem = RowError(reader.line_num, f"the file is not a CSV file that can be read ({error})")
        raise ImportRefused([problem]) from None
    errors.extend(_check_consistency(parsed))
    if not parsed and not errors:
        errors.append(RowError(0, "The file has no rows of values"))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row)[:MAX_REPORTED])
    return parsed


def _outcomes(parsed: list[ParsedRow], summary: ImportSummary) -> dict[str, StrategyOutcome]:
    titles = {row.outcome for row in parsed if row.outcome}
    query = select(StrategyOutcome).where(StrategyOutcome.title.in_(titles))
    existing = {outcome.title: outcome for outcome in db.session.scalars(query)}
    for title in sorted(titles - set(existing)):
        existing[title] = StrategyOutcome(title=title, description="", position=len(existing) + 1)
        db.session.add(existing[title])
        summary.add("outcomes created")
    return existing


def _wanted_fields(rows: list[ParsedRow], outcomes: dict[str, StrategyOutcome]) -> dict[str, object]:
    """An indicator's fields from its rows: name, unit and direction agree; the last definition and outcome win."""
    wanted: dict[str, object] = {"name": rows[0].name, "unit": rows[0].unit, "direction": rows[0].direction}
    for row in rows:
        if row.definition:
            wanted["definition"] = row.definition
        if row.outcome:
            wanted["outcome"] = outcomes[row.outcome]
    targets = [row for row in rows if row.target is not None]
    if targets:
        wanted["target"] = max(targets, key=lambda row: row.period.start).target
    return wanted


def _indicators(parsed: list[ParsedRow], summary: ImportSummary) -> dict[str, Indicator]:
    by_code: dict[str, list[ParsedRow]] = {}
    for row in parsed:
        by_code.setdefault(row.code, []).append(row)
    query = (
        select(Indicator).where(Indicator.code.in_(by_code))
        .options(selectinload(Indicator.values).selectinload(IndicatorValue.comparators))
    )  # fmt: skip
    indicators = {indicator.code: indicator for indicator in db.session.scalars(query)}
    outcomes = _outcomes(parsed, summary)
    for code, rows in by_code.items():
        wanted = _wanted_fields(rows, outcomes)
        indicator = indicators.get(code)
        if indicator is None:
            indicator = indicators[code] = Indicator(
                code=code, source="imported", published=False, definition="", frequency="annual", values=[]
            )
            db.session.add(indicator)
            summary.add("indicators created")
        elif any(getattr(indicator, key) is not value and getattr(indicator, key) != value
                 for key, value in wanted.items()):  # fmt: skip
            summary.add("indicators updated")
        for key, value in wanted.items():
            setattr(indicator, key, value)
    return indicators


def _apply_value(indicator: Indicator, row: ParsedRow, summary: ImportSummary) -> None:
    existing = next((v for v in indicator.values if v.period == row.period.label), None)
    wanted = {"value": row.value}
    if row.target is not None:
        wanted["target"] = row.target
    if row.note:
        wanted["note"] = row.note
    if existing is None:
        existing = IndicatorValue(period=row.period.label, period_start=row.period.start, note="", comparators=[])
        indicator.values.append(existing)
        summary.add("values created")
    elif any(getattr(existing, key) != value for key, value in wanted.items()):
        summary.add("values updated")
    for key, value in wanted.items():
        setattr(existing, key, value)
    if row.comparator and set_comparator(existing, row.comparator, row.comparator_value):
        summary.add("comparator values set")


def import_rows(parsed: list[ParsedRow]) -> ImportSummary:
    """Write checked rows; the caller commits (or rolls back) the one transaction."""
    summary = ImportSummary(rows=len(parsed))
    indicators = _indicators(parsed, summary)
    for row in parsed:
        _apply_value(indicators[row.code], row, summary)
    db.session.flush()
    return summary


def import_csv(data: bytes) -> ImportSummary:
    return import_rows(parse_rows(decode(data)))
