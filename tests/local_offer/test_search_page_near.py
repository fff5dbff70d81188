"""The search page near a postcode and by when: the fields, distances, errors and the data licence."""

from __future__ import annotations

import pytest

from local_offer.models import Schedule
from local_offer.postcodes import ATTRIBUTION
from tests.factories import make_service
from tests.local_offer.test_search_near import at


@pytest.fixture()
def services(app_ctx):
    make_service(
        "Nuneaton After School Club",
        "Games after school.",
        locations=at("Nuneaton"),
        schedules=[Schedule(byday="TH", opens_at="15:30", closes_at="17:30")],
    )
    make_service("Rugby Saturday Swim", "Swimming.", locations=at("Rugby"), schedules=[Schedule(byday="SA",
                 opens_at="10:00", closes_at="12:00")])  # fmt: skip
    make_service("Phone Advice Line", "Advice by phone.", delivery=("phone",))


def _results(page) -> list[tuple[str, str | None]]:
    rows = []
    for item in page.select("#results li.app-result"):
        distance = item.select_one(".app-distance")
        rows.append((item.h3.get_text(strip=True), distance.get_text(" ", strip=True) if distance else None))
    return rows


def test_results_near_a_postcode_show_how_far_each_is(client_request, services):
    page = client_request.get("local_offer_public.search", q="", near="cv11 4ab")
    rows = _results(page)
    assert rows[0][0] == "Nuneaton After School Club" and rows[0][1].endswith("miles away")
    assert rows[1][0] == "Rugby Saturday Swim" and rows[1][1].startswith("13.")
    assert rows[2] == ("Phone Advice Line", "No fixed place: online, by phone or across the county")
    assert page.select_one("#near")["value"] == "CV11 4AB"  # shown normalised
    assert "nearest to CV11 4AB first" in page.select_one("#results").get_text(" ", strip=True)
    assert page.select_one("footer #postcode-attribution").get_text(strip=True) == ATTRIBUTION + "."


def test_an_outward_code_is_enough(client_request, services):
    rows = _results(client_request.get("local_offer_public.search", q="", near="CV21"))
    assert rows[0][0] == "Rugby Saturday Swim"


def test_an_unknown_postcode_gets_a_clear_error_and_the_search_still_runs(client_request, services):
    page = client_request.get("local_offer_public.search", q="swim", near="XX1 1XX")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "We could not find the postcode ‘XX1 1XX’. Check it and try again" in summary
    assert page.select_one("#near-error") is not None
    assert [h.get_text(strip=True) for h in page.select("#results h3")] == ["Rugby Saturday Swim"]
    assert not page.select(".app-distance") and page.select_one("#postcode-attribution") is None


@pytest.mark.parametrize("typed", ["not a postcode", "CV11 4AB CV11 4AB", "<b>CV11</b>"])
def test_malformed_postcodes_are_errors_not_crashes(client_request, services, typed):
    page = client_request.get("local_offer_public.search", q="", near=typed)
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert f"We could not find the postcode ‘{typed}’. Check it and try again" in summary
    assert len(_results(page)) == 3  # the search still runs, without distances


def test_without_a_postcode_there_are_no_distances_or_attribution(client_request, services):
    page = client_request.get("local_offer_public.search", q="swimming")
    assert not page.select(".app-distance") and page.select_one("#postcode-attribution") is None


def test_when_checkboxes_filter_and_can_be_removed(client_request, services):
    page = client_request.get("local_offer_public.search", q="", when=["after_school"])
    assert [h.get_text(strip=True) for h in page.select("#results li.app-result h3")] == ["Nuneaton After School Club"]
    assert "running after school" in page.select_one("#results").get_text(" ", strip=True)
    labels = [label.get_text(strip=True) for label in page.select("input[name=when] + label")]
    assert labels == ["After school", "Evenings", "Weekends", "School holidays", "Term time"]
    assert page.select_one("input[name=when][value=after_school]").has_attr("checked")
    both = client_request.get("local_offer_public.search", q="", when=["after_school", "weekend"], near="CV11 4AB")
    assert [row[0] for row in _results(both)] == ["Nuneaton After School Club", "Rugby Saturday Swim"]


def test_the_privacy_notice_credits_the_postcode_data(client_request):
    page = client_request.get("main_public.privacy")
    assert ATTRIBUTION in page.select_one("#postcode-privacy").get_text(" ", strip=True)
