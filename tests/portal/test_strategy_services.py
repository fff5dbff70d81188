"""Saving indicators and values, recomputing computed ones; also the factories the other strategy tests use."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from portal.strategy import services
from portal.strategy.models import Indicator, IndicatorValue
from portal.strategy.services import IndicatorInput, ValueInput
from tests.factories import make_service


def make_outcome(title: str = "Needs are met early", position: int = 1):
    return services.save_outcome(None, title, "", position)


def make_indicator(code: str = "EHCP-20WK", values: dict | None = None, **fields) -> Indicator:
    """An indicator with {period: value or (value, {comparator: value})}; committed."""
    data = IndicatorInput(
        code=code, name=fields.pop("name", f"Indicator {code}"), definition=fields.pop("definition", ""),
        unit=fields.pop("unit", "percent"), direction=fields.pop("direction", "increase"),
        frequency=fields.pop("frequency", "annual"), outcome_id=fields.pop("outcome_id", None),
        target=fields.pop("target", None), baseline=None, baseline_period=None,
        amber_tolerance=fields.pop("amber_tolerance", None), source=fields.pop("source", "entered"),
        computed_key=fields.pop("computed_key", None), published=fields.pop("published", True),
    )  # fmt: skip
    assert not fields, fields
    indicator, _ = services.save_indicator(None, data)
    for period, value in (values or {}).items():
        number, comparators = value if isinstance(value, tuple) else (value, {})
        services.save_value(indicator, None, ValueInput(period, number, None, "", comparators))
    db.session.commit()
    return indicator


def test_save_indicator_reports_the_fields_that_changed(app_ctx):
    indicator = make_indicator(target=60.0)
    data = services.indicator_input(indicator)
    data.target, data.name = 65.0, "A clearer name"
    _, changed = services.save_indicator(indicator, data)
    assert sorted(changed) == ["name", "target"]
    _, changed = services.save_indicator(indicator, services.indicator_input(indicator))
    assert changed == []


def test_values_are_kept_in_period_order_with_comparators(app_ctx):
    indicator = make_indicator(values={"2024-25": (55.0, {"England": 47.2}), "2022-23": 44.0, "2023-24": 49.3})
    db.session.expire_all()
    assert [v.period for v in indicator.values] == ["2022-23", "2023-24", "2024-25"]
    assert indicator.values[-1].comparators[0].comparator == "England"


def test_changing_a_value_updates_and_removes_comparators(app_ctx):
    indicator = make_indicator(values={"2024-25": (55.0, {"England": 47.2, "Region": 50.0})})
    row = indicator.values[0]
    services.save_value(indicator, row, ValueInput("2024-25", 56.0, 60.0, "Revised", {"England": 47.5, "Region": None}))
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(IndicatorValue, row.id)
    assert (row.value, row.target, row.note) == (56.0, 60.0, "Revised")
    assert [(c.comparator, c.value) for c in row.comparators] == [("England", 47.5)]


def test_a_period_can_only_have_one_value(app_ctx):
    indicator = make_indicator(values={"2024-25": 55.0, "2023-24": 50.0})
    with pytest.raises(services.PeriodTaken):
        services.save_value(indicator, indicator.values[0], ValueInput("2024/25", 1.0, None, "", {}))


def test_recompute_stores_the_current_and_previous_periods(app_ctx):
    make_service("Checked", assured=date(2025, 10, 1))
    make_service("Not checked", assured=date(2023, 1, 1))
    indicator = make_indicator("DIR-FRESH", source="computed", computed_key="directory_freshness")
    rows = services.recompute(indicator, date(2026, 3, 5))
    db.session.commit()
    assert [(r.period, r.value, r.record_count) for r in rows] == [("2024-25", 0.0, 2), ("2025-26", 50.0, 2)]
    rows = services.recompute(indicator, date(2026, 3, 5))
    assert len(db.session.get(Indicator, indicator.id).values) == 2


def test_recompute_stores_no_data_as_none(app_ctx):
    indicator = make_indicator("DIR-HELP", source="computed", computed_key="directory_helpfulness")
    db.session.add(PageFeedback(path="/services/x", helpful=True, created_at=datetime(2026, 1, 10)))
    db.session.commit()
    rows = services.recompute(indicator, date(2026, 3, 5))
    assert [(r.period, r.value, r.record_count) for r in rows] == [("2024-25", None, 0), ("2025-26", 100.0, 1)]


def test_an_indicator_that_is_not_computed_cannot_be_recomputed(app_ctx):
    with pytest.raises(ValueError, match="not computed"):
        services.recompute(make_indicator(), date(2026, 3, 5))
