"""A parent searches near their postcode for something after school and sees how far away each service is."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask

from tests.browser.conftest import axe_violations

IDS = ("near-bedworth", "near-stratford", "near-rugby", "near-phone")


@pytest.fixture(scope="module")
def after_school_services(browser_app: Flask, live_server: str):
    from local_offer.models import Location, Schedule, Service, ServiceAtLocation
    from local_offer.search import remove_from_index
    from portal.core.extensions import db
    from tests.factories import make_service

    def place(name: str, lat: float, lon: float) -> list[ServiceAtLocation]:
        location = Location(name=name, latitude=Decimal(str(lat)), longitude=Decimal(str(lon)), postal_code="")
        return [ServiceAtLocation(location=location)]

    def weekly(byday: str, opens: str, closes: str) -> list[Schedule]:
        return [Schedule(freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes)]

    with browser_app.app_context():
        make_service(
            "Bedworth Games Club",
            "Board games and crafts.",
            id=IDS[0],
            locations=place("Bedworth Library", 52.4790, -1.4690),
            schedules=weekly("TH", "15:30", "17:30"),
        )
        make_service(
            "Stratford Drama Club",
            "Drama and stage skills.",
            id=IDS[1],
            locations=place("Stratford Hall", 52.1917, -1.7073),
            schedules=weekly("WE", "16:00", "17:30"),
        )
        make_service(
            "Rugby Saturday Tennis",
            "Tennis for beginners.",
            id=IDS[2],
            locations=place("Rugby Courts", 52.3709, -1.2650),
            schedules=weekly("SA", "10:00", "12:00"),
        )
        make_service("Homework Help Line", "Help with homework by phone.", id=IDS[3], delivery=("phone",),
                     schedules=weekly("MO,TU,WE,TH", "15:30", "19:00"))  # fmt: skip
    yield
    with browser_app.app_context():
        remove_from_index(IDS)
        for service in db.session.query(Service).filter(Service.id.in_(IDS)):
            db.session.delete(service)
        db.session.commit()


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_parent_finds_after_school_services_nearest_first(request, live_server, after_school_services, fixture_name):
    page = request.getfixturevalue(fixture_name)
    page.goto(live_server + "/services/")
    page.get_by_label("Near a postcode").fill("cv11 4ab")
    page.locator("#filter-when summary").click()  # the When filters are folded until opened
    page.get_by_role("group", name="When").get_by_label("After school").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    assert re.search(r"near=cv11\+4ab", page.url) and "when=after_school" in page.url

    results = page.locator("#results li.app-result")
    names = [results.nth(i).locator("h3").inner_text() for i in range(results.count())]
    assert names == ["Bedworth Games Club", "Stratford Drama Club", "Homework Help Line"]  # no Saturday tennis
    distances = [results.nth(i).locator(".app-distance").inner_text() for i in range(results.count())]
    assert re.fullmatch(r"[23]\.\d miles away", distances[0])
    assert re.fullmatch(r"2\d\.\d miles away", distances[1])
    assert distances[2] == "No fixed place: online, by phone or across the county"
    assert "nearest to CV11 4AB first" in page.locator("#results").inner_text()
    assert page.get_by_label("Near a postcode").input_value() == "CV11 4AB"
    assert "Contains OS data © Crown copyright" in page.locator("footer").inner_text()
    if fixture_name == "page":  # axe-core needs JavaScript
        assert axe_violations(page) == []


def test_a_mistyped_postcode_is_explained(page, live_server, after_school_services):
    page.goto(live_server + "/services/?q=&near=CV99+9ZZ")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "We could not find the postcode ‘CV99 9ZZ’. Check it and try again" in summary
    assert page.locator(".govuk-error-summary a").first.get_attribute("href") == "#near"  # links to the field
    assert axe_violations(page) == []
