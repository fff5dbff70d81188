"""People answering consultations in headless Chromium: JavaScript on and off, and axe-core checks
on every public consultation page (the demo consultations are loaded by the browser fixtures)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations

TRANSPORT = "/have-your-say/home-to-school-transport-2026"
SURVEY = "/have-your-say/ehc-assessment-satisfaction"
STRATEGY = "/have-your-say/send-strategy-2026"
REFERENCE = re.compile(r"SEND-[A-Z0-9]{4}-[A-Z0-9]{4}")


def _answer_transport(page, base: str) -> None:
    page.goto(base + TRANSPORT)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("group", name=re.compile("Which of these best describes you")).get_by_label(
        "Parent or carer"
    ).check()
    page.get_by_role("group", name=re.compile("independent travel training")).get_by_label("Strongly agree").check()
    page.get_by_role("group", name=re.compile("personal transport budget")).get_by_label("Disagree", exact=True).check()
    page.get_by_label(re.compile("anything else you want to tell us")).fill("The taxi is often late for school.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send your answers").click()


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_parent_completes_a_one_page_consultation(request, live_server, fixture_name):
    page = request.getfixturevalue(fixture_name)
    _answer_transport(page, live_server)
    panel = page.locator(".govuk-panel").inner_text()
    assert REFERENCE.search(panel), panel


def test_missing_answers_show_the_error_summary(page, live_server):
    page.goto(live_server + TRANSPORT + "/respond")
    with page.expect_navigation():
        page.get_by_role("button", name="Send your answers").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert axe_violations(page) == []


def _fill_question(page) -> None:
    """Choose the first option of each radio group and tick one box; write in any text box."""
    for group in page.locator(".govuk-radios").all():
        first = group.locator("input[type=radio]").first
        if first.is_visible():
            first.check()
    boxes = page.locator(".govuk-checkboxes input[type=checkbox]")
    if boxes.count():
        boxes.first.check()
    for box in page.locator("textarea").all():
        if box.is_visible():
            box.fill("The assessment took too long and nobody rang us back.")


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_parent_completes_a_question_per_page_survey(request, live_server, fixture_name):
    page = request.getfixturevalue(fixture_name)
    page.goto(live_server + SURVEY)
    page.get_by_role("button", name="Start now").click()
    for _ in range(30):
        if "check-answers" in page.url:
            break
        _fill_question(page)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^(Continue|Save and continue)$")).click()
    assert "check-answers" in page.url
    if fixture_name == "page":  # axe-core needs JavaScript to run
        assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Send")).click()
    assert REFERENCE.search(page.locator(".govuk-panel").inner_text())


@pytest.mark.parametrize(
    "path",
    [
        "/have-your-say/",
        TRANSPORT,
        TRANSPORT + "/respond",
        SURVEY,
        SURVEY + "/questions/1",
        SURVEY + "/questions/2",
        STRATEGY,
    ],
)
def test_no_wcag_violations_on_consultation_pages(page, live_server, path):
    page.goto(live_server + (SURVEY + "/respond" if path.startswith(SURVEY + "/questions") else path))
    if path.startswith(SURVEY + "/questions"):
        page.goto(live_server + path)
    assert axe_violations(page) == []


def test_confirmation_page_has_no_wcag_violations(page, live_server):
    _answer_transport(page, live_server)
    assert axe_violations(page) == []
