"""The 'How we are doing' pages, the annual report and the strategy dashboard in Chromium, with axe-core."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations


@pytest.fixture(scope="module", autouse=True)
def demo_indicators(browser_app):
    from portal.core.extensions import db
    from portal.strategy.demo import load_indicator_demo

    with browser_app.app_context():
        list(load_indicator_demo())
        db.session.commit()


@pytest.mark.parametrize("path", ["/how-we-are-doing/", "/how-we-are-doing/annual-report"])
def test_public_pages_have_no_wcag_violations_on_a_phone(page, live_server, path):
    page.goto(live_server + path)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_public_page_without_javascript(page_without_js, live_server):
    page_without_js.goto(live_server + "/")
    page_without_js.get_by_role("link", name="How we are doing").first.click()
    assert page_without_js.locator("h1").inner_text() == "How we are doing"
    chart = page_without_js.get_by_role("img", name="Line chart of % of new EHC plans issued within 20 weeks")
    assert chart.count() == 1
    table = page_without_js.get_by_role("table", name="% of new EHC plans issued within 20 weeks (excluding")
    assert table.get_by_role("row").count() == 8


def test_annual_report_prints_without_navigation(page, live_server):
    page.goto(live_server + "/how-we-are-doing/annual-report")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert page.get_by_role("heading", name="1. Needs are identified early and met quickly").is_visible()


def test_staff_dashboard_has_no_wcag_violations(staff_page, live_server):
    staff_page.goto(live_server + "/staff/strategy/")
    assert staff_page.locator("h1").inner_text() == "Strategy indicators"
    assert axe_violations(staff_page) == []


def test_staff_pages_have_no_wcag_violations(staff_page, live_server):
    staff_page.goto(live_server + "/staff/strategy/")
    staff_page.get_by_role("link", name="% of new EHC plans issued within 20 weeks (excluding exceptions)").click()
    assert axe_violations(staff_page) == []
    staff_page.get_by_role("button", name="Add a value").click()
    staff_page.get_by_role("button", name="Save value").click()
    assert staff_page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(staff_page) == []
    for path in ["/staff/strategy/indicators/new", "/staff/strategy/import", "/staff/strategy/outcomes/new"]:
        staff_page.goto(live_server + path)
        assert axe_violations(staff_page) == [], path
