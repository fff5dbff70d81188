"""When a service runs, derived from its Open Referral schedules (local_offer/when.py)."""

from __future__ import annotations

from datetime import date

import pytest

from local_offer.models import Schedule
from local_offer.when import derived_when, schedule_when


def when(byday=None, opens=None, closes=None, description=None, valid=(None, None)) -> set[str]:
    schedule = Schedule(
        freq="WEEKLY" if byday else None,
        byday=byday,
        opens_at=opens,
        closes_at=closes,
        description=description,
        valid_from=valid[0],
        valid_to=valid[1],
    )
    return schedule_when(schedule)


@pytest.mark.parametrize(
    ("byday", "opens", "closes", "expected"),
    [
        ("WE", "15:45", "16:30", {"after_school"}),  # a club straight after school
        ("MO,TU,WE,TH,FR", "12:00", "22:00", {"after_school", "evening"}),  # a youth centre
        ("MO,TU,WE,TH,FR", "08:00", "18:00", {"after_school"}),  # a nursery open until six
        ("MO,TU,WE,TH,FR", "09:00", "17:00", set()),  # office hours are not after school
        ("MO,TU,WE,TH,FR", "08:30", "17:30", set()),
        ("TU", "09:30", "11:00", set()),
        ("TH", "18:30", "20:00", {"evening"}),
        ("TU", "18:00", "20:00", {"evening"}),  # starting at six, it does not overlap 3:30pm to 6pm
        ("SA", "10:00", "12:00", {"weekend"}),
        ("1SA", "10:00", "10:45", {"weekend"}),  # first Saturday of the month
        ("SA,SU", "18:00", "22:00", {"weekend", "evening"}),
        ("-1TU", "19:00", "20:30", {"evening"}),
        ("MO,TU,WE,TH,FR", "09:00", "18:00", {"after_school"}),
    ],
)
def test_times_and_days(byday, opens, closes, expected):
    assert when(byday, opens, closes) == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Tuesdays 10am to midday, term time only", {"term_time"}),
        ("Monday to Friday, 10am to 3pm, school holidays only", {"school_holidays"}),
        ("Every day, 8am to 8pm, including bank holidays", set()),  # bank holidays are not school holidays
        ("Monday to Friday, 9am to 5pm, all year round", {"school_holidays"}),
        ("Half term and summer playschemes", {"school_holidays"}),
    ],
)
def test_the_season_comes_from_the_description(description, expected):
    assert when("MO", "10:00", "12:00", description) == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("By arrangement, including some evenings and weekends", {"evening", "weekend"}),
        ("Overnight stays on weekdays and weekends, all year round", {"evening", "weekend", "school_holidays"}),
        ("Every day, 24 hours", {"weekend", "evening"}),
        ("Regular breaks agreed with each family", set()),
        ("Saturday mornings", {"weekend"}),
    ],
)
def test_a_description_with_no_times_is_read_for_every_value(description, expected):
    assert when(description=description) == expected


def test_times_decide_over_words_when_both_are_given():
    # "evening" in the words of a morning session does not make it an evening one.
    assert when("MO", "09:00", "11:00", "Morning session (the evening group is listed separately)") == set()


@pytest.mark.parametrize(
    ("valid", "holidays"),
    [
        ((date(2026, 7, 27), date(2026, 8, 21)), True),  # a summer scheme
        ((date(2026, 12, 21), date(2027, 1, 3)), True),  # over Christmas
        ((date(2026, 9, 7), date(2026, 10, 16)), False),  # the autumn term
        ((date(2026, 1, 1), date(2026, 12, 31)), False),  # a whole year says nothing
        ((date(2026, 7, 27), None), False),
    ],
)
def test_valid_dates_inside_the_summer_or_christmas_holidays(valid, holidays):
    assert ("school_holidays" in when("MO,TU,WE", "10:00", "15:00", valid=valid)) is holidays


def test_a_service_has_every_value_its_schedules_give():
    schedules = [
        Schedule(byday="WE", opens_at="15:45", closes_at="16:30", description="term time only"),
        Schedule(byday="SA", opens_at="10:00", closes_at="12:00"),
    ]
    assert derived_when(schedules) == {"after_school", "term_time", "weekend"}
