"""The demonstration directory near a postcode and by when: venues at their postcodes, a spread of times."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask

from local_offer.demo_data import build_services, towns
from local_offer.geo import LatLon, miles_between
from local_offer.models import Schedule
from local_offer.postcodes import lookup
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.when import derived_when
from portal.demo import load_demo_data


def test_every_venue_is_at_its_postcode_in_warwickshire():
    venues = [venue for place in towns().values() for venue in place.venues]
    assert len(venues) > 50
    for venue in venues:
        point = lookup(venue.postcode)
        assert point is not None, venue.postcode
        assert miles_between(point.latlon, LatLon(venue.latitude, venue.longitude)) < 0.01
        # Inside a box around Warwickshire (and its border postcodes, such as OX15 for Shipston).
        assert 51.95 < venue.latitude < 52.70 and -1.95 < venue.longitude < -1.15


def test_schedules_give_a_realistic_spread_of_times():
    counts: Counter[str] = Counter()
    for service in build_services():
        rows = [Schedule(freq=s.freq, byday=s.byday, opens_at=s.opens_at, closes_at=s.closes_at,
                         description=s.description) for s in service.schedules]  # fmt: skip
        counts.update(derived_when(rows))
    total = len(build_services())
    # Every value is common enough to filter by, and none is so common that filtering means nothing.
    for value in ("after_school", "evening", "weekend", "school_holidays", "term_time"):
        assert 0.04 * total < counts[value] < 0.5 * total, (value, counts)


@pytest.fixture()
def loaded(app_ctx: Flask) -> Flask:
    list(load_demo_data())
    return app_ctx


def test_demo_search_near_a_postcode_for_after_school(loaded):
    result = search_services(SearchRequest("", SearchFilters(near="CV11 4AB", when=("after_school",)), per_page=20))
    assert result.total > 5
    distances = [result.distances[s.id] for s in result.services]
    located = [d for d in distances if d is not None]
    assert located == sorted(located) and located[0] < 3  # something after school within a few miles of Nuneaton
