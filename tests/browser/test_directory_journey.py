"""A parent's search journey in headless Chromium, with JavaScript on and off, and axe-core checks."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations


def _search_for_autism_in_nuneaton(page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Search for a service").fill("autsim")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/services/\?q=autsim"))
    page.get_by_role("group", name="Needs").get_by_label("Autism", exact=True).check()  # the Needs group starts open
    page.locator("#filter-area summary").click()
    page.get_by_label("Nuneaton and Bedworth").check()
    page.locator("#filter-age summary").click()
    page.get_by_label("Age of child or young person").fill("7")
    with page.expect_navigation():  # waiting for load alone can read the page before the new one arrives
        page.get_by_role("button", name="Search").click()


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_parent_finds_a_service_and_shortlists_it(request, live_server, fixture_name):
    page = request.getfixturevalue(fixture_name)
    _search_for_autism_in_nuneaton(page, live_server)
    assert "3 services found" in page.locator("#result-count").inner_text()
    assert "autism" in page.locator("#results").inner_text().lower()
    with page.expect_navigation():
        page.get_by_role("link", name="Nuneaton Autism Family Group").click()
    assert page.locator("h1").inner_text() == "Nuneaton Autism Family Group"
    assert "This information was last checked on 1 May 2026" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Add to shortlist").click()
    assert "has been added to your shortlist" in page.content()
    page.goto(live_server + "/services/shortlist")
    assert page.get_by_role("link", name="Nuneaton Autism Family Group").is_visible()


def test_parent_says_a_page_was_helpful_with_keyboard_only(page, live_server):
    page.goto(live_server + "/services/browser-autism")
    page.get_by_label("Yes").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Clear and useful")
    page.get_by_role("button", name="Send feedback").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Thank you for your feedback" in page.locator(".govuk-notification-banner").inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/services/",
        "/services/?q=autism&need=ASD&age=7",
        "/services/?q=zzzzqqq&area=rugby",
        "/services/browser-autism",
        "/services/browser-autism/report-a-problem",
        "/services/shortlist",
        "/services/shortlist/print",
        "/accessibility-statement",
        "/privacy",
        "/contact",
        "/feedback",
        "/staff/sign-in",
        "/no-such-page",
    ],
)
def test_no_wcag_violations(page, live_server, path):
    page.goto(live_server + path)
    assert axe_violations(page) == []


def test_error_summary_is_accessible(page, live_server):
    page.goto(live_server + "/services/browser-autism/report-a-problem")
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
