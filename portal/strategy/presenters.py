"""What the pages and the API show for an indicator, worked out once from its loaded values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.core.indicator_sources import computed_source
from portal.strategy import rules
from portal.strategy.charts import Chart, line_chart
from portal.strategy.models import Indicator, IndicatorValue
from portal.strategy.queries import OutcomeIndicators

TRAVEL_TAGS = {
    rules.IMPROVING: ("Improving", "govuk-tag--green"),
    rules.WORSENING: ("Worsening", "govuk-tag--red"),
    rules.NO_CHANGE: ("No change", "govuk-tag--grey"),
    rules.COMPLETE: ("Complete", "govuk-tag--green"),
    rules.NOT_COMPLETE: ("Not complete", "govuk-tag--yellow"),
    None: ("Not enough data", "govuk-tag--grey"),
}
RAG_TAGS = {
    rules.GREEN: ("Green: target met", "govuk-tag--green"),
    rules.AMBER: ("Amber: close to target", "govuk-tag--yellow"),
    rules.RED: ("Red: short of target", "govuk-tag--red"),
    None: ("No target", "govuk-tag--grey"),
}


@dataclass(frozen=True)
class Comparison:
    """Our figure against a comparator's, in the latest period both have (comparators often lag a year)."""

    name: str
    period: str
    ours: float
    value: float
    text: str
    result: str | None


@dataclass
class IndicatorView:
    indicator: Indicator
    points: list[rules.Point]
    latest: rules.Point | None
    previous: rules.Point | None
    target: float | None
    travel: str | None
    rag: str | None
    comparisons: list[Comparison]
    comparator_names: list[str]
    chart: Chart | None
    sentence: str
    rows: list[IndicatorValue] = field(default_factory=list)

    def format(self, value: float | None) -> str:
        return rules.format_value(value, self.indicator.unit)

    def comparison_detail(self, c: Comparison) -> str:
        """Like '47.2% in 2024-25, against our 55%: we are better'."""
        verdict = {rules.BETTER: "we are better", rules.WORSE: "we are worse", rules.SAME: "the same"}[c.result]
        return f"{c.text} in {c.period}, against our {self.format(c.ours)}: {verdict}"

    def comparison_text(self, c: Comparison) -> str:
        return f"{c.name}: {self.comparison_detail(c)}"

    @property
    def travel_tag(self) -> tuple[str, str]:
        return TRAVEL_TAGS[self.travel]

    @property
    def rag_tag(self) -> tuple[str, str]:
        return RAG_TAGS[self.rag]

    @property
    def unit_text(self) -> str:
        return rules.UNITS.get(self.indicator.unit, self.indicator.unit)

    @property
    def direction_text(self) -> str:
        return rules.DIRECTIONS.get(self.indicator.direction, self.indicator.direction)

    @property
    def source_text(self) -> str:
        source = computed_source(self.indicator.computed_key) if self.indicator.source == "computed" else None
        return f"Computed by the portal: {source.title}" if source else self.indicator.source.capitalize()


def _comparisons(indicator: Indicator, values: list[IndicatorValue]) -> list[Comparison]:
    latest: dict[str, tuple[IndicatorValue, float]] = {}
    for row in values:
        if row.value is None:
            continue
        for other in row.comparators:
            latest[other.comparator] = (row, other.value)
    return [
        Comparison(name, row.period, row.value, value, rules.format_value(value, indicator.unit),
                   rules.compare(row.value, value, indicator.direction))
        for name, (row, value) in sorted(latest.items())
    ]  # fmt: skip


def present(indicator: Indicator) -> IndicatorView:
    values = sorted(indicator.values, key=lambda v: v.period_start)
    points = [rules.Point(v.period, v.value) for v in values]
    latest, previous = rules.latest_two(points)
    latest_row = next((v for v in values if latest and v.period == latest.period), None)
    target = latest_row.target if latest_row and latest_row.target is not None else indicator.target
    travel = rules.direction_of_travel(latest and latest.value, previous and previous.value, indicator.direction)
    return IndicatorView(
        indicator=indicator,
        points=points,
        latest=latest,
        previous=previous,
        target=target,
        travel=travel,
        rag=rules.rag(latest and latest.value, target, indicator.direction, indicator.unit, indicator.amber_tolerance),
        comparisons=_comparisons(indicator, values),
        comparator_names=sorted({c.comparator for v in values for c in v.comparators}),
        chart=line_chart(indicator.name, points, target, indicator.unit),
        sentence=rules.direction_sentence(latest, previous, indicator.direction, indicator.unit, target),
        rows=values,
    )


@dataclass
class OutcomeView:
    title: str
    description: str
    indicators: list[IndicatorView]


def present_groups(groups: list[OutcomeIndicators]) -> list[OutcomeView]:
    return [
        OutcomeView(g.title, g.outcome.description if g.outcome else "", [present(i) for i in g.indicators])
        for g in groups
    ]


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def indicator_json(view: IndicatorView) -> dict[str, Any]:
    """The API shape of one published indicator."""
    indicator = view.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "expected_direction": indicator.direction,
        "frequency": indicator.frequency,
        "source": indicator.source,
        "outcome": indicator.outcome.title if indicator.outcome else None,
        "target": _number(view.target),
        "baseline": _number(indicator.baseline),
        "baseline_period": indicator.baseline_period,
        "values": [
            {"period": v.period, "period_start": v.period_start.isoformat(), "value": _number(v.value),
             "target": _number(v.target), "note": v.note or None, "record_count": v.record_count,
             "comparators": {c.comparator: _number(c.value) for c in v.comparators}}
            for v in view.rows
        ],
        "latest_period": view.latest.period if view.latest else None,
        "latest_value": _number(view.latest.value) if view.latest else None,
        "previous_period": view.previous.period if view.previous else None,
        "previous_value": _number(view.previous.value) if view.previous else None,
        "direction_of_travel": view.travel,
        "rag": view.rag,
        "comparators": [
            {"name": c.name, "period": c.period, "value": _number(c.value), "comparison": c.result}
            for c in view.comparisons
        ],
    }  # fmt: skip
