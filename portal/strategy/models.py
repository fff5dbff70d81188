"""Strategy indicators: outcomes, indicators, their values per period and comparator values."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit import utcnow
from portal.core.extensions import db

SOURCES = {"entered": "Entered by staff", "imported": "Imported from a file", "computed": "Computed by the portal"}


class StrategyOutcome(db.Model):
    """An outcome or priority of the SEND strategy; indicators are the evidence for it."""

    __tablename__ = "strategy_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    indicators: Mapped[list[Indicator]] = relationship(back_populates="outcome", order_by="Indicator.position")


class Indicator(db.Model):
    __tablename__ = "strategy_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    target: Mapped[float | None] = mapped_column(Float)
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_period: Mapped[str | None] = mapped_column(String(30))
    # How far short of target still counts as amber, in the indicator's own unit; None uses the default rule.
    amber_tolerance: Mapped[float | None] = mapped_column(Float)
    frequency: Mapped[str] = mapped_column(String(20), default="annual")
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("strategy_outcome.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(default=False, index=True)
    source: Mapped[str] = mapped_column(String(20), default="entered")
    computed_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    outcome: Mapped[StrategyOutcome | None] = relationship(back_populates="indicators")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="IndicatorValue.period_start"
    )


class IndicatorValue(db.Model):
    """One period's figure. ``value`` is None when the period had no data (not zero)."""

    __tablename__ = "strategy_indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period", name="uq_strategy_indicator_value_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("strategy_indicator.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(30))
    period_start: Mapped[date] = mapped_column(Date, index=True)
    value: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    # How many responses or records a computed value rests on.
    record_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    comparators: Mapped[list[ComparatorValue]] = relationship(
        back_populates="indicator_value", cascade="all, delete-orphan", order_by="ComparatorValue.comparator"
    )


class ComparatorValue(db.Model):
    """The same measure somewhere else for the same period: England, statistical neighbours, the region."""

    __tablename__ = "strategy_comparator_value"
    __table_args__ = (UniqueConstraint("value_id", "comparator", name="uq_strategy_comparator_value_comparator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("strategy_indicator_value.id", ondelete="CASCADE"), index=True)
    comparator: Mapped[str] = mapped_column(String(80))
    value: Mapped[float] = mapped_column(Float)

    indicator_value: Mapped[IndicatorValue] = relationship(back_populates="comparators")
