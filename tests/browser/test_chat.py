"""The front-door chat in headless Chromium: with JavaScript on and off, keyboard only, and axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

NUNEATON = "my son is 7 and autistic, we live in Nuneaton, what help is there?"


@pytest.fixture(scope="module", autouse=True)
def warm_models():
    """Load the language models before the first message, as a production worker does at start."""
    from portal.chat.understanding import warm_up

    warm_up()


def _latest_reply(page):
    return page.locator("#chat-log > li.app-chat-turn--bot").last


def _ask(page, message: str) -> None:
    page.get_by_label("Your message").fill(message)
    page.get_by_label("Your message").press("Enter")


def test_with_javascript_the_reply_appears_in_place_and_is_announced(page, live_server):
    page.goto(live_server + "/")
    _ask(page, NUNEATON)
    reply = _latest_reply(page)
    reply.get_by_role("link", name="Nuneaton Autism Family Group").wait_for()
    assert page.url == live_server + "/", "no page load with JavaScript on"
    assert "services for autism, age 7, in Nuneaton and Bedworth" in reply.inner_text()
    assert reply.get_by_role("link", name=re.compile("full search")).get_attribute("href") == (
        "/services/?need=ASD&age=7&area=nuneaton-and-bedworth"
    )
    assert reply.get_by_role("link", name="Talk to a person").is_visible()
    status = page.locator("#chat-status")
    assert status.get_attribute("aria-live") == "polite"
    assert "Nuneaton Autism Family Group" in status.inner_text()
    assert page.get_by_label("Your message").input_value() == ""
    page.get_by_role("link", name="Nuneaton Autism Family Group").click()
    assert page.locator("h1").inner_text() == "Nuneaton Autism Family Group"


def test_without_javascript_the_form_posts_and_shows_the_conversation(page_without_js, live_server):
    page = page_without_js
    page.goto(live_server + "/")
    _ask(page, NUNEATON)
    page.wait_for_url(re.compile(r"/#chat-latest$"))
    reply = page.locator("#chat-latest")
    assert "services for autism, age 7, in Nuneaton and Bedworth" in reply.inner_text()
    assert reply.get_by_role("link", name="Nuneaton Autism Family Group").is_visible()
    assert NUNEATON in page.locator("#chat-log").inner_text()
    _ask(page, "what is an EHC plan?")
    expect(page.locator("#chat-latest")).to_contain_text("What an EHC plan is")
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#chat-log > li")).to_have_count(0)


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_keyboard_only_with_a_follow_up_question(request, live_server, fixture_name):
    page = request.getfixturevalue(fixture_name)
    page.goto(live_server + "/")
    for _ in range(60):
        if page.evaluate("document.activeElement && document.activeElement.id") == "message":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "message", "the chat box can be reached with Tab"
    page.keyboard.type("autism groups in Nuneaton")
    page.keyboard.press("Enter")
    _latest_reply(page).get_by_text("How old is your child").wait_for()
    if fixture_name == "page":
        assert page.evaluate("document.activeElement.id") == "message", "focus stays in the chat box"
    else:
        page.get_by_label("Your message").focus()
    page.keyboard.type("he is 7")
    page.keyboard.press("Enter")
    _latest_reply(page).get_by_role("link", name="Nuneaton Autism Family Group").wait_for()


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_the_home_page_with_a_conversation_has_no_wcag_violations(request, live_server, fixture_name):
    page = request.getfixturevalue(fixture_name)
    page.goto(live_server + "/")
    for message in (NUNEATON, "purple monkey dishwasher"):
        count = page.locator("#chat-log > li").count()
        _ask(page, message)
        page.locator("#chat-log > li").nth(count + 1).wait_for()
    if fixture_name == "page_without_js":
        # axe needs JavaScript: open the conversation the server rendered in a page that has it.
        cookies = page.context.cookies()
        page = request.getfixturevalue("page")
        page.context.add_cookies(cookies)
        page.goto(live_server + "/")
        assert page.locator("#chat-log > li").count() == 4
    assert page.locator("#chat-log .govuk-button--secondary").count() >= 4, "choices are showing"
    assert axe_violations(page) == []


def test_safeguarding_is_a_warning_with_emergency_numbers_and_passes_axe(page, live_server):
    page.goto(live_server + "/")
    _ask(page, "my dad hits me and I am scared to go home")
    banner = _latest_reply(page).locator(".govuk-notification-banner")
    banner.wait_for()
    text = banner.inner_text()
    assert "Get help now" in text and "999" in text and "0800 1111" in text and "116 123" in text
    assert banner.get_by_role("link", name=re.compile("Childline")).get_attribute("href") == "tel:08001111"
    assert "Get help now" in page.locator("#chat-status").inner_text()
    assert axe_violations(page) == []


def test_a_concern_shows_the_answer_and_the_route_with_javascript_and_passes_axe(page, live_server):
    page.goto(live_server + "/")
    _ask(page, "I'm at breaking point with his meltdowns and I have nothing left, what is an EHC plan?")
    panel = _latest_reply(page).locator(".govuk-notification-banner")
    panel.wait_for()
    assert "If you are worried someone is at risk" in panel.inner_text()
    assert _latest_reply(page).locator(".govuk-inset-text").count() == 1, "the answer is shown too"
    assert "If you are worried someone is at risk" in page.locator("#chat-status").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe_violations(page) == []


def test_choices_can_be_pressed(page, live_server):
    page.goto(live_server + "/")
    _ask(page, "purple monkey dishwasher")
    _latest_reply(page).get_by_role("button", name="EHC plans").click()
    _latest_reply(page).get_by_role("heading", name="What an EHC plan is").wait_for()
    assert page.locator("#chat-log .govuk-button--secondary").count() == 0, "old choices are removed"


def test_the_conversation_survives_a_reload_with_javascript(page, live_server):
    page.goto(live_server + "/")
    _ask(page, "what is an EHC plan?")
    _latest_reply(page).get_by_role("heading", name="What an EHC plan is").wait_for()
    page.reload()
    _latest_reply(page).get_by_role("heading", name="What an EHC plan is").wait_for()
    assert "what is an EHC plan?" in page.locator("#chat-log").inner_text()
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#chat-log > li")).to_have_count(0)


@pytest.mark.parametrize("fixture_name", ["page", "page_without_js"])
def test_a_three_turn_conversation_keeps_the_search_and_passes_axe(request, live_server, fixture_name):
    page = request.getfixturevalue(fixture_name)
    page.goto(live_server + "/")
    _ask(page, "any autism services in Nuneaton?")
    expect(_latest_reply(page)).to_contain_text("How old is your child")
    _ask(page, "they are 7")
    _latest_reply(page).get_by_role("link", name="Nuneaton Autism Family Group").wait_for()
    expect(_latest_reply(page)).to_contain_text("services for autism, age 7, in Nuneaton and Bedworth")
    _ask(page, "he also has speech delay")
    expect(_latest_reply(page)).to_contain_text(
        "services for autism or speech, language and communication, age 7, in Nuneaton and Bedworth"
    )
    link = _latest_reply(page).get_by_role("link", name=re.compile("full search"))
    assert link.get_attribute("href") == "/services/?need=ASD&need=SLCN&age=7&area=nuneaton-and-bedworth"
    if fixture_name == "page_without_js":
        # axe needs JavaScript: open the conversation the server rendered in a page that has it.
        cookies = page.context.cookies()
        page = request.getfixturevalue("page")
        page.context.add_cookies(cookies)
        page.goto(live_server + "/")
        assert page.locator("#chat-log > li").count() == 6
    assert axe_violations(page) == []
