"""A young person gives plan feedback through an invitation link on a phone, JavaScript off; axe-core on each page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, axe_violations, plan_survey_links  # noqa: F401

SLUG = "browser-plan-feedback"


@pytest.fixture(scope="module")
def links(browser_app):
    return plan_survey_links(browser_app, SLUG, 3)


def _phone(chromium, javascript: bool):
    context = chromium.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    return context, context.new_page()


def _walk(page, live_server, token, check=None):
    page.goto(f"{live_server}/have-your-say/link/{token}")
    if check:
        check(page)
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/questions/1")
    if check:
        check(page)
    page.get_by_label("Happy").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/questions/2")
    if check:
        check(page)
    page.get_by_label("Okay").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("It's a good day at school when").fill("We do art.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check-answers")
    if check:
        check(page)
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/confirmation")
    if check:
        check(page)
    assert "Thank you" in page.locator("h1").inner_text()


def test_young_person_answers_on_a_phone_without_javascript(chromium, live_server, links):
    context, page = _phone(chromium, javascript=False)
    try:
        _walk(page, live_server, links[0])
        box = page.goto(f"{live_server}/have-your-say/link/{links[0]}")
        assert box.status == 410
        assert "This link has already been used" in page.content()
    finally:
        context.close()


def test_survey_pages_have_no_wcag_violations_and_big_targets(chromium, live_server, links):
    context, page = _phone(chromium, javascript=True)

    def check(current):
        assert axe_violations(current) == [], current.url
        for label in current.locator(".app-picture-scale .govuk-radios__label").all():
            assert label.bounding_box()["height"] >= 44

    try:
        _walk(page, live_server, links[1], check)
    finally:
        context.close()
