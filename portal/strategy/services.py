"""Changes to indicators, outcomes and values. The caller writes the audit entry and commits."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import func, select

from portal.core.extensions import db
from portal.core.indicator_sources import compute, computed_source
from portal.strategy import queries, rules
from portal.strategy.models import ComparatorValue, Indicator, IndicatorValue, StrategyOutcome

# The comparators the value form offers; imports may name others.
STANDARD_COMPARATORS = ("England", "Statistical neighbours", "Region")
RECOMPUTE_PERIODS = 2


@dataclass
class IndicatorInput:
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    frequency: str
    outcome_id: int | None
    target: float | None
    baseline: float | None
    baseline_period: str | None
    amber_tolerance: float | None
    source: str
    computed_key: str | None
    published: bool


@dataclass
class ValueInput:
    period: str
    value: float | None
    target: float | None
    note: str
    comparators: dict[str, float | None]


def indicator_input(indicator: Indicator) -> IndicatorInput:
    return IndicatorInput(**{f.name: getattr(indicator, f.name) for f in fields(IndicatorInput)})


def save_indicator(indicator: Indicator | None, data: IndicatorInput) -> tuple[Indicator, list[str]]:
    """Create or update an indicator; returns it and the names of the fields that changed."""
    if indicator is None:
        indicator = Indicator(position=_next_position(data.outcome_id))
        db.session.add(indicator)
    if data.source != "computed":
        data.computed_key = None
    changed = [f.name for f in fields(IndicatorInput) if getattr(indicator, f.name, None) != getattr(data, f.name)]
    for name in changed:
        setattr(indicator, name, getattr(data, name))
    db.session.flush()
    return indicator, changed


def _next_position(outcome_id: int | None) -> int:
    last = db.session.scalar(select(func.max(Indicator.position)).where(Indicator.outcome_id == outcome_id))
    return (last or 0) + 1


def save_outcome(outcome: StrategyOutcome | None, title: str, description: str, position: int) -> StrategyOutcome:
    outcome = outcome or StrategyOutcome()
    outcome.title, outcome.description, outcome.position = title, description, position
    db.session.add(outcome)
    db.session.flush()
    return outcome


def upsert_value(indicator: Indicator, period: rules.Period) -> tuple[IndicatorValue, bool]:
    """The indicator's row for the period, made if missing; True when new."""
    existing = queries.find_value(indicator, period.label)
    if existing:
        return existing, False
    row = IndicatorValue(indicator=indicator, period=period.label, period_start=period.start, note="")
    db.session.add(row)
    return row, True


def set_comparator(row: IndicatorValue, name: str, value: float | None) -> bool:
    """Set, change or (with None) remove a comparator value; True when something changed."""
    existing = next((c for c in row.comparators if c.comparator == name), None)
    if value is None:
        if existing:
            row.comparators.remove(existing)
        return existing is not None
    if existing:
        changed = existing.value != value
        existing.value = value
        return changed
    row.comparators.append(ComparatorValue(comparator=name, value=value))
    return True


class PeriodTaken(ValueError):
    """Another row already holds the period."""


def save_value(indicator: Indicator, row: IndicatorValue | None, data: ValueInput) -> IndicatorValue:
    """Add a period's figure (``row`` None) or change one, with its target, note and comparators."""
    period = rules.parse_period(data.period)
    other = queries.find_value(indicator, period.label)
    if other is not None and other is not row:
        raise PeriodTaken(f"There is already a value for {period.label}")
    if row is None:
        row = IndicatorValue(indicator=indicator, note="")
        db.session.add(row)
    row.period, row.period_start = period.label, period.start
    row.value, row.target, row.note = data.value, data.target, data.note
    for name, value in data.comparators.items():
        set_comparator(row, name, value)
    db.session.flush()
    return row


def delete_value(row: IndicatorValue) -> None:
    db.session.delete(row)
    db.session.flush()


def recompute(indicator: Indicator, today: date) -> list[IndicatorValue]:
    """Compute the current period (to date) and the one before, and store the figures."""
    source = computed_source(indicator.computed_key)
    if indicator.source != "computed" or source is None:
        raise ValueError(f"{indicator.name} is not computed by the portal")
    period = rules.period_containing(today, indicator.frequency)
    periods = [period]
    for _ in range(RECOMPUTE_PERIODS - 1):
        periods.append(rules.previous_period(periods[-1], indicator.frequency))
    stored = []
    for each in reversed(periods):
        result = compute(source.key, each.start, min(each.end, today))
        row, _ = upsert_value(indicator, each)
        # Records may since have been erased under the retention rules: never replace a figure with no data.
        if result.value is not None or row.value is None:
            row.value, row.record_count = result.value, result.count
        stored.append(row)
    db.session.flush()
    return stored
