"""A consultation lead in Chromium: a codebook from the strategy priorities, themes found as a job, every
answer coded while the progress page shows how far it has got, review by keyboard alone, the
least-certain queue and bulk acceptance with its expected accuracy; JavaScript on and, where it
matters, off."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser import test_coding_pages as shared
from tests.browser.conftest import axe_violations
from tests.browser.test_coding_pages import click_and_wait, heading, in_app

coded_strategy, lead_page = shared.coded_strategy, shared.lead_page  # fixtures shared by the coding tests

# Codebook


def test_lead_starts_a_codebook_from_the_strategy_priorities(staff_page, live_server, coded_strategy):
    page = staff_page
    page.goto(live_server + coded_strategy["base"] + "/")
    click_and_wait(page, "button", "Start from the SEND strategy priorities")
    assert heading(page) == "Choose themes to keep"
    assert axe_violations(page) == []
    page.get_by_label("Funding and resources").uncheck()
    click_and_wait(page, "button", "Keep these themes")
    assert heading(page) == "SEND strategy priorities"
    assert "13 themes kept." in page.locator(".govuk-notification-banner").inner_text()
    assert "Funding and resources" not in page.locator("#themes").inner_text()
    assert axe_violations(page) == []
    click_and_wait(page, "button", "Add a theme")  # a link drawn as a button
    page.get_by_label("Theme name").fill("Dentists")
    page.get_by_label("Keywords").fill("dentist, teeth")
    click_and_wait(page, "button", "Save theme")
    assert "Keywords: dentist, teeth" in page.locator("#themes").inner_text()
    click_and_wait(page, "link", "Change the name")
    page.get_by_label("Codebook name").fill("")
    click_and_wait(page, "button", "Save")
    assert "Enter a name for the codebook" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []


# Bulk coding and its progress


@pytest.fixture()
def slow_background_jobs(browser_app, monkeypatch):
    """Jobs on a thread, as without Redis, and coding slow enough to watch: small chunks, a pause in each."""
    from consultation.coding import jobs

    monkeypatch.setitem(browser_app.config, "JOBS_SYNCHRONOUS", False)
    monkeypatch.setattr(jobs, "CHUNK", 30)
    suggest = jobs.suggestions_for

    def slowly(coder, rows):
        time.sleep(0.4)
        return suggest(coder, rows)

    monkeypatch.setattr(jobs, "suggestions_for", slowly)


def _wait_for_the_panel(page, javascript: bool) -> str:
    """With JavaScript the page polls and reloads itself when the job ends; without, the lead reloads it."""
    if javascript:
        page.locator(".govuk-panel").wait_for(timeout=90_000)
    else:
        for _ in range(180):
            if page.locator(".govuk-panel").count():
                break
            assert re.search(r"\d+% done", page.locator("#job-status").inner_text())
            time.sleep(0.5)
            click_and_wait(page, "link", "Refresh the page")
    return page.locator(".govuk-panel").inner_text()


def test_lead_codes_every_answer_and_watches_the_job_finish(
    lead_page, live_server, coded_strategy, slow_background_jobs
):
    page = lead_page
    page.goto(live_server + coded_strategy["base"] + f"/questions/{coded_strategy['other_question']}")
    page.get_by_label("Codebook for this question").select_option(str(coded_strategy["codebook"]))
    click_and_wait(page, "button", "Use this codebook")
    click_and_wait(page, "button", "Code all answers")
    assert heading(page) == "Coding answers"
    status = page.locator("#job-status").inner_text()
    assert re.search(r"\d+% done", status), status
    if page.javascript:
        page.evaluate("window.notReloaded = true")
        # the bar moves while the same page stays loaded
        page.wait_for_function(
            "window.notReloaded && document.getElementById('job-progress').value > 0", timeout=60_000
        )
        page.reload()  # and the progress survives a reload
        assert page.locator("#job-status, .govuk-panel").count() >= 1
    assert "answers have suggestions" in _wait_for_the_panel(page, page.javascript)
    if page.javascript:
        assert axe_violations(page) == []


def test_lead_finds_themes_in_the_answers_as_a_job(lead_page, live_server, coded_strategy, slow_background_jobs):
    page = lead_page
    page.goto(live_server + coded_strategy["base"] + "/")
    click_and_wait(page, "button", "Find themes in the answers")  # a link drawn as a button
    page.get_by_label("Free-text question").select_option(str(coded_strategy["other_question"]))
    click_and_wait(page, "button", "Find themes")
    assert "possible themes" in _wait_for_the_panel(page, page.javascript)
    if page.javascript:
        assert axe_violations(page) == []
    click_and_wait(page, "button", "Choose the themes to keep")
    assert heading(page) == "Choose themes to keep"
    assert page.locator("input[name=themes]").count() >= 3


# Review


def _focus_by_tab(page, selector: str, presses: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _item_to_review(browser_app, question_id: int):
    """An answer waiting for review with two or more suggestions, none of them short breaks."""
    from sqlalchemy import select

    from consultation.coding.models import CodingItem
    from portal.core.extensions import db

    def find():
        waiting = db.session.scalars(
            select(CodingItem)
            .where(CodingItem.question_id == question_id, CodingItem.reviewed_at.is_(None))
            .order_by(CodingItem.id)
        )
        item = next(i for i in waiting if len(i.suggestions or []) >= 2 and "short-breaks" not in i.suggested())
        return item.id, [s["theme"] for s in item.suggestions]

    return in_app(browser_app, find)


def _codes(browser_app, item_id: int):
    from consultation.coding.models import CodingItem
    from portal.core.extensions import db

    def read():
        item = db.session.get(CodingItem, item_id)
        return item.themes(), item.review_method

    return in_app(browser_app, read)


def test_lead_accepts_rejects_and_adds_a_theme_by_keyboard_only(lead_page, live_server, coded_strategy, browser_app):
    page = lead_page
    question = coded_strategy["question"]
    item_id, suggested = _item_to_review(browser_app, question)
    page.goto(live_server + coded_strategy["base"] + f"/questions/{question}/review?order=in_order&item={item_id}")
    assert page.locator("#answer mark").count() >= 1  # the evidence is marked
    _focus_by_tab(page, f"input[name=themes][value='{suggested[0]}']")
    page.keyboard.press("Space")  # reject the first suggestion
    _focus_by_tab(page, f"input[name=themes][value='{suggested[1]}']")  # keep the second as it is
    _focus_by_tab(page, "select#add")
    page.keyboard.type("Short breaks")  # add a theme the machine did not suggest
    assert page.locator("select#add").input_value() == "short-breaks"
    _focus_by_tab(page, "button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved. Here is the next answer." in page.locator(".govuk-notification-banner").inner_text()
    themes, method = _codes(browser_app, item_id)
    assert themes == set(suggested[1:]) | {"short-breaks"} and method == "manual"
    if page.javascript:
        assert axe_violations(page) == []


def test_the_least_certain_answers_come_first(staff_page, live_server, coded_strategy, browser_app):
    from consultation.coding import items

    question = coded_strategy["question"]
    page = staff_page
    page.goto(live_server + coded_strategy["base"] + f"/questions/{question}/review")
    assert page.get_by_text("Least certain first.").is_visible()
    certainties = []
    for _ in range(4):
        shown = int(page.locator("input[name=item]").get_attribute("value"))
        least = in_app(browser_app, lambda: items.next_item(question, items.LEAST_CERTAIN))
        assert shown == least.id
        certainties.append(least.certainty)
        click_and_wait(page, "button", "Save and next")
    assert certainties == sorted(certainties)
    click_and_wait(page, "link", "In the order they arrived instead")
    first = in_app(browser_app, lambda: items.next_item(question, items.IN_ORDER).id)
    assert int(page.locator("input[name=item]").get_attribute("value")) == first


# Bulk acceptance


def _threshold_to_accept(browser_app, question_id: int) -> tuple[float, int, int]:
    """The highest confidence with a measured accuracy and answers left to accept: (threshold, answers, per cent)."""
    from consultation.coding import accuracy

    def choose():
        for threshold in sorted(accuracy.THRESHOLDS, reverse=True):
            precision = accuracy.precision_at(question_id, threshold)
            waiting = accuracy.bulk_candidates(question_id, threshold)
            if precision.enough and waiting:
                return threshold, waiting, round(100 * precision.precision)
        raise AssertionError("nothing left to accept with a measured accuracy")

    return in_app(browser_app, choose)


def test_lead_accepts_confident_suggestions_in_bulk(
    lead_page, live_server, coded_strategy, browser_app, slow_background_jobs
):
    page = lead_page
    question = coded_strategy["question"]
    threshold, waiting, expected = _threshold_to_accept(browser_app, question)
    page.goto(live_server + coded_strategy["base"] + f"/questions/{question}/bulk-accept")
    page.get_by_label("Accept suggestions with a confidence of at least").select_option(str(threshold))
    click_and_wait(page, "button", "Check this confidence")
    assert (
        f"Expected accuracy: {expected}% of suggestions this confident"
        in page.locator("#expected-accuracy").inner_text()
    )
    assert page.locator("#candidates").inner_text() == f"{waiting:,} answers would be accepted."
    if page.javascript:
        assert axe_violations(page) == []
    click_and_wait(page, "button", f"Accept suggestions for {waiting:,} answers")
    assert f"{waiting:,} answers coded" in _wait_for_the_panel(page, page.javascript)
    assert f"Expected accuracy: {expected}%" in page.locator("#job-result").inner_text()
    if page.javascript:
        assert axe_violations(page) == []
