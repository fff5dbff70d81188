"""Searching near a postcode (results by distance) and by when a service runs — on both engines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from local_offer.models import Location, Schedule, ServiceAtLocation
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.services import save_services, set_when_terms
from portal.core.extensions import db
from tests.factories import make_service

PLACES = {
    "Nuneaton": (52.5230, -1.4680),
    "Bedworth": (52.4790, -1.4690),
    "Rugby": (52.3709, -1.2650),
    "Stratford": (52.1917, -1.7073),
}


def at(*towns: str) -> list[ServiceAtLocation]:
    links = []
    for town in towns:
        lat, lon = PLACES[town]
        location = Location(name=f"{town} centre", latitude=Decimal(str(lat)), longitude=Decimal(str(lon)))
        links.append(ServiceAtLocation(location=location))
    return links


def search(text: str = "", per_page: int = 50, page: int = 1, **filters):
    return search_services(SearchRequest(text=text, filters=SearchFilters(**filters), per_page=per_page, page=page))


@pytest.fixture()
def directory(app_ctx):
    make_service("Rugby Swimming Club", "Swimming for disabled children.", locations=at("Rugby"))
    make_service("Online Autism Advice", "Advice by video call.", delivery=("online",))
    make_service("Nuneaton Swimming Sessions", "Swimming lessons in small groups.", locations=at("Nuneaton"))
    make_service("Stratford Youth Club", "A youth club for teenagers.", locations=at("Stratford"))
    make_service("Bedworth Play Scheme", "Play and swimming in the holidays.", locations=at("Bedworth"))
    make_service("County Helpline", "Advice by phone across the county.", delivery=("phone",))
    make_service("Two Towns Group", "Meets in Rugby and in Nuneaton.", locations=at("Rugby", "Nuneaton"))


def test_near_a_postcode_the_nearest_come_first_and_placeless_ones_after(directory):
    result = search(near="CV11 4AB")
    names = [s.name for s in result.services]
    assert set(names[:2]) == {"Nuneaton Swimming Sessions", "Two Towns Group"}  # the same place
    assert names[2:5] == ["Bedworth Play Scheme", "Rugby Swimming Club", "Stratford Youth Club"]
    assert names[3:5] == ["Rugby Swimming Club", "Stratford Youth Club"]
    assert names[5:] == ["County Helpline", "Online Autism Advice"]  # no place: after, by name
    assert result.total == 7 and result.near == "CV11 4AB"
    miles = {s.name: result.distances[s.id] for s in result.services}
    assert miles["Nuneaton Swimming Sessions"] < 0.5
    assert miles["Two Towns Group"] == miles["Nuneaton Swimming Sessions"]  # its nearest place counts
    assert 2 < miles["Bedworth Play Scheme"] < 4
    assert 12 < miles["Rugby Swimming Club"] < 15
    assert miles["Online Autism Advice"] is None and miles["County Helpline"] is None


def test_text_still_decides_what_matches(directory):
    result = search("swimming", near="CV21")  # Rugby
    assert [s.name for s in result.services] == [
        "Rugby Swimming Club",
        "Bedworth Play Scheme",
        "Nuneaton Swimming Sessions",
    ]
    assert result.total == 3


def test_pages_run_on_from_the_located_to_the_placeless(directory):
    pages = [search(near="CV11 4AB", per_page=3, page=p) for p in (1, 2, 3)]
    names = [s.name for page in pages for s in page.services]
    assert len(names) == 7 and len(set(names)) == 7
    assert names[-2:] == ["County Helpline", "Online Autism Advice"]
    assert all(page.total == 7 for page in pages)


def test_within_leaves_out_far_places_but_keeps_services_with_none(directory):
    result = search(near="CV11 4AB", within_metres=8000)
    names = [s.name for s in result.services]
    assert "Rugby Swimming Club" not in names and "Stratford Youth Club" not in names
    assert names[-2:] == ["County Helpline", "Online Autism Advice"]
    assert result.total == 5


def test_an_unknown_postcode_changes_nothing(directory):
    plain = search("swimming")
    result = search("swimming", near="XX1 1XX")
    assert [s.id for s in result.services] == [s.id for s in plain.services]
    assert result.distances == {} and result.near is None


def test_without_near_the_ranking_is_unchanged_and_no_distances(directory):
    result = search("swimming")
    assert result.distances == {}
    assert result.services[0].name in {"Rugby Swimming Club", "Nuneaton Swimming Sessions"}


def test_when_filters_by_schedules_and_stated_values(app_ctx):
    club = make_service("After School Club", schedules=[Schedule(byday="WE", opens_at="15:45", closes_at="17:00")])
    make_service("Saturday Swim", schedules=[Schedule(byday="SA", opens_at="10:00", closes_at="12:00")])
    make_service("Office", schedules=[Schedule(byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00")])
    stated = make_service("Holiday Scheme", "Games and trips.")
    set_when_terms(stated, ["school_holidays", "not-a-value"])
    save_services([stated])
    db.session.commit()

    def names(*when: str) -> set[str]:
        return {s.name for s in search(when=when).services}

    assert names("after_school") == {club.name}
    assert names("weekend") == {"Saturday Swim"}
    assert names("after_school", "weekend") == {club.name, "Saturday Swim"}  # any of them
    assert names("school_holidays") == {"Holiday Scheme"}
    assert names("evening") == set()
    assert search("club", when=("weekend",)).total == 0


def test_near_and_when_together(directory):
    make_service(
        "Rugby After School Swim",
        "Swimming after school.",
        locations=at("Rugby"),
        schedules=[Schedule(byday="TU", opens_at="16:00", closes_at="17:00")],
    )
    make_service(
        "Nuneaton After School Club",
        "Games after school.",
        locations=at("Nuneaton"),
        schedules=[Schedule(byday="TH", opens_at="15:30", closes_at="17:30")],
    )
    result = search(near="CV11 4AB", when=("after_school",))
    assert [s.name for s in result.services] == ["Nuneaton After School Club", "Rugby After School Swim"]
    assert result.distances[result.services[0].id] < 1
