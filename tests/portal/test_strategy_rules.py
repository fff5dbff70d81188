"""The pure rules: periods, direction of travel, RAG, comparisons and the words the report uses."""

from __future__ import annotations

from datetime import date

import pytest

from portal.strategy import rules
from portal.strategy.charts import line_chart
from portal.strategy.rules import Point


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2024-25", "2024-25", date(2024, 9, 1), date(2025, 8, 31)),
        ("2024/25", "2024-25", date(2024, 9, 1), date(2025, 8, 31)),
        ("2019-2020", "2019-20", date(2019, 9, 1), date(2020, 8, 31)),
        ("2025", "2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025 Q3", "2025 Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("q1 2026", "2026 Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-03", "2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("autumn term 2025", "Autumn 2025", date(2025, 9, 1), date(2025, 12, 31)),
        ("Summer 2026", "Summer 2026", date(2026, 4, 1), date(2026, 8, 31)),
    ],
)
def test_periods_are_read_with_their_dates(text, label, start, end):
    assert rules.parse_period(text) == rules.Period(start, end, label)


@pytest.mark.parametrize("text", ["", "last year", "2026-13", "2024-27", "2025 Q5", "Winter 2025"])
def test_unreadable_periods_are_refused(text):
    with pytest.raises(ValueError, match="like"):
        rules.parse_period(text)


def test_periods_sort_by_their_start_date():
    labels = ["2025 Q1", "2024 Q4", "2024-25", "2023-24"]
    assert [p.label for p in sorted(map(rules.parse_period, labels))] == ["2023-24", "2024-25", "2024 Q4", "2025 Q1"]


@pytest.mark.parametrize(
    ("day", "frequency", "label", "previous"),
    [
        (date(2026, 3, 5), "annual", "2025-26", "2024-25"),
        (date(2025, 9, 1), "annual", "2025-26", "2024-25"),
        (date(2026, 3, 5), "quarterly", "2026 Q1", "2025 Q4"),
        (date(2026, 1, 15), "monthly", "2026-01", "2025-12"),
        (date(2026, 1, 15), "termly", "Spring 2026", "Autumn 2025"),
    ],
)
def test_the_period_containing_a_day_and_the_one_before(day, frequency, label, previous):
    period = rules.period_containing(day, frequency)
    assert period.label == label
    assert rules.previous_period(period, frequency).label == previous


class TestDirectionOfTravel:
    def test_a_rise_is_improving_when_higher_is_better(self):
        assert rules.direction_of_travel(55, 48, "increase") == rules.IMPROVING
        assert rules.direction_of_travel(44, 48, "increase") == rules.WORSENING

    def test_a_fall_is_improving_when_lower_is_better(self):
        assert rules.direction_of_travel(9.1, 9.9, "decrease") == rules.IMPROVING
        assert rules.direction_of_travel(11.3, 10.9, "decrease") == rules.WORSENING

    def test_equal_values_are_no_change(self):
        assert rules.direction_of_travel(50.0, 50.0, "increase") == rules.NO_CHANGE
        assert rules.direction_of_travel(0.1 + 0.2, 0.3, "decrease") == rules.NO_CHANGE

    def test_missing_previous_value_gives_no_direction(self):
        assert rules.direction_of_travel(55, None, "increase") is None
        assert rules.direction_of_travel(None, 48, "increase") is None

    def test_a_milestone_is_complete_or_not(self):
        assert rules.direction_of_travel(1, 0, "complete") == rules.COMPLETE
        assert rules.direction_of_travel(0, None, "complete") == rules.NOT_COMPLETE
        assert rules.direction_of_travel(None, 1, "complete") is None

    def test_a_period_with_no_responses_is_skipped_not_read_as_zero(self):
        points = [Point("2023-24", 48.0), Point("2024-25", 52.0), Point("2025-26", None)]
        latest, previous = rules.latest_two(points)
        assert (latest.period, previous.period) == ("2024-25", "2023-24")
        assert rules.direction_of_travel(latest.value, previous.value, "increase") == rules.IMPROVING

    def test_latest_two_with_one_or_no_figures(self):
        assert rules.latest_two([Point("2024-25", 5.0)]) == (Point("2024-25", 5.0), None)
        assert rules.latest_two([Point("2024-25", None)]) == (None, None)
        assert rules.latest_two([]) == (None, None)


class TestRag:
    def test_no_target_gives_no_rating(self):
        assert rules.rag(55, None, "increase", "percent") is None
        assert rules.rag(None, 60, "increase", "percent") is None

    def test_percentages_are_amber_within_two_points(self):
        assert rules.rag(60, 60, "increase", "percent") == rules.GREEN
        assert rules.rag(61, 60, "increase", "percent") == rules.GREEN
        assert rules.rag(58, 60, "increase", "percent") == rules.AMBER
        assert rules.rag(57.9, 60, "increase", "percent") == rules.RED

    def test_lower_is_better_measures_are_rated_the_other_way(self):
        assert rules.rag(5.5, 6, "decrease", "percent") == rules.GREEN
        assert rules.rag(7.5, 6, "decrease", "percent") == rules.AMBER
        assert rules.rag(9.1, 6, "decrease", "percent") == rules.RED

    def test_other_units_are_amber_within_five_percent_of_target(self):
        assert rules.rag(57, 60, "increase", "count") == rules.AMBER
        assert rules.rag(56.9, 60, "increase", "count") == rules.RED
        assert rules.rag(105, 100, "decrease", "days") == rules.AMBER
        assert rules.rag(106, 100, "decrease", "days") == rules.RED

    def test_an_indicator_can_set_its_own_tolerance(self):
        assert rules.rag(55, 60, "increase", "percent", tolerance=5) == rules.AMBER
        assert rules.rag(59, 60, "increase", "percent", tolerance=0) == rules.RED

    def test_a_milestone_is_green_when_complete_and_red_when_not(self):
        assert rules.rag(1, 1, "complete", "count") == rules.GREEN
        assert rules.rag(0, 1, "complete", "count") == rules.RED


class TestComparisons:
    def test_better_and_worse_depend_on_the_expected_direction(self):
        assert rules.compare(55, 47.2, "increase") == rules.BETTER
        assert rules.compare(44, 50.1, "increase") == rules.WORSE
        assert rules.compare(9.1, 7.1, "decrease") == rules.WORSE
        assert rules.compare(5.0, 7.1, "decrease") == rules.BETTER

    def test_equal_values_are_the_same(self):
        assert rules.compare(50, 50, "decrease") == rules.SAME

    def test_missing_values_cannot_be_compared(self):
        assert rules.compare(None, 50, "increase") is None
        assert rules.compare(50, None, "increase") is None


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (55.0, "percent", "55%"),
        (55.25, "percent", "55.2%"),
        (1250, "pounds", "£1,250"),
        (-20, "pounds", "-£20"),
        (140, "days", "140 days"),
        (1, "days", "1 day"),
        (3.5, "percentage_points", "3.5 percentage points"),
        (1234, "count", "1,234"),
        (None, "percent", "No data"),
    ],
)
def test_values_are_written_as_people_read_them(value, unit, text):
    assert rules.format_value(value, unit) == text


class TestSentences:
    def test_improving_with_a_target(self):
        sentence = rules.direction_sentence(Point("2025-26", 55), Point("2024-25", 48), "increase", "percent", 60)
        assert sentence == "Improving: up from 48% to 55%; target 60%."

    def test_a_fall_that_is_good(self):
        sentence = rules.direction_sentence(Point("2025-26", 9.1), Point("2024-25", 9.9), "decrease", "percent", None)
        assert sentence == "Improving: down from 9.9% to 9.1%."

    def test_worsening(self):
        sentence = rules.direction_sentence(Point("b", 36), Point("a", 37), "increase", "percent", 50)
        assert sentence == "Worsening: down from 37% to 36%; target 50%."

    def test_no_change_and_single_and_no_figures(self):
        assert rules.direction_sentence(Point("b", 5), Point("a", 5), "increase", "count", None) == (
            "No change: 5 in a and b."
        )
        assert rules.direction_sentence(Point("a", 5), None, "increase", "count", 6) == (
            "5 in a; no earlier figure to compare with; target 6."
        )
        assert rules.direction_sentence(None, None, "increase", "count", 6) == "No data yet."

    def test_milestones(self):
        assert rules.direction_sentence(Point("a", 1), None, "complete", "count", 1) == "Complete."
        assert rules.direction_sentence(Point("a", 0), None, "complete", "count", 1) == "Not complete yet."


class TestChart:
    def test_a_gap_in_the_data_breaks_the_line(self):
        points = [Point("2021-22", 40), Point("2022-23", None), Point("2023-24", 50), Point("2024-25", 55)]
        chart = line_chart("Example", points, 60, "percent")
        assert len(chart.lines) == 2
        assert len(chart.markers) == 3
        assert chart.target_y is not None and chart.top <= chart.target_y <= chart.bottom
        assert chart.x_ticks[-1].label == "2024-25"
        assert "target 60%" in chart.label

    def test_higher_values_are_drawn_higher(self):
        chart = line_chart("Example", [Point("a", 10), Point("b", 90)], None, "percent")
        assert chart.markers[1].y < chart.markers[0].y
        assert chart.target_y is None

    def test_nothing_to_draw(self):
        assert line_chart("Example", [], None, "count") is None
        assert line_chart("Example", [Point("a", None)], None, "count") is None
