"""Database reads for the strategy pages. A whole dashboard is four queries, however many indicators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.core.extensions import db
from portal.strategy.models import Indicator, IndicatorValue, StrategyOutcome


@dataclass
class OutcomeIndicators:
    outcome: StrategyOutcome | None
    indicators: list[Indicator]

    @property
    def title(self) -> str:
        return self.outcome.title if self.outcome else "Other indicators"


def load_indicators(published_only: bool = False) -> list[Indicator]:
    """Indicators with their outcome, values and comparator values loaded, in outcome then indicator order."""
    query = (
        select(Indicator)
        .options(
            joinedload(Indicator.outcome),
            selectinload(Indicator.values).selectinload(IndicatorValue.comparators),
        )
        .outerjoin(StrategyOutcome, StrategyOutcome.id == Indicator.outcome_id)
        .order_by(StrategyOutcome.id.is_(None), StrategyOutcome.position, StrategyOutcome.title,
                  Indicator.position, Indicator.name)
    )  # fmt: skip
    if published_only:
        query = query.where(Indicator.published.is_(True))
    return list(db.session.scalars(query).unique())


def list_outcomes() -> list[StrategyOutcome]:
    return list(db.session.scalars(select(StrategyOutcome).order_by(StrategyOutcome.position, StrategyOutcome.title)))


def group_by_outcome(
    indicators: list[Indicator], outcomes: list[StrategyOutcome] | None = None
) -> list[OutcomeIndicators]:
    """Indicators under their outcomes, in order; with ``outcomes``, outcomes with no indicators are kept."""
    groups: dict[int | None, OutcomeIndicators] = {}
    for outcome in outcomes or []:
        groups[outcome.id] = OutcomeIndicators(outcome, [])
    for indicator in indicators:
        group = groups.setdefault(indicator.outcome_id, OutcomeIndicators(indicator.outcome, []))
        group.indicators.append(indicator)
    return sorted(groups.values(), key=lambda g: (g.outcome is None, *_outcome_order(g.outcome)))


def _outcome_order(outcome: StrategyOutcome | None) -> tuple[int, str]:
    return (0, "") if outcome is None else (outcome.position, outcome.title)


def find_indicator(indicator_id: int) -> Indicator | None:
    return db.session.get(Indicator, indicator_id)


def find_outcome(outcome_id: int) -> StrategyOutcome | None:
    return db.session.get(StrategyOutcome, outcome_id)


def indicator_by_code(code: str) -> Indicator | None:
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def outcome_by_title(title: str) -> StrategyOutcome | None:
    return db.session.scalar(select(StrategyOutcome).where(StrategyOutcome.title == title))


def find_value(indicator: Indicator, period: str) -> IndicatorValue | None:
    return db.session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id, IndicatorValue.period == period)
    )


def computed_indicators() -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.source == "computed").order_by(Indicator.code)))


def outcome_choices() -> list[tuple[str, str]]:
    return [("", "Not linked to an outcome")] + [(str(o.id), o.title) for o in list_outcomes()]
