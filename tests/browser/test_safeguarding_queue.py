"""A young person's disclosure in the plan survey shows easy-read help, and a safeguarding lead finds it in the
Needs attention queue and records a referral; axe-core on every new page at desktop and phone widths."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import STAFF_PASSWORD, _page, axe_violations, plan_survey_links

SLUG = "browser-plan-disclosure"
LEAD_EMAIL = "safeguarding.lead@example.gov.uk"
WAITING = re.compile(r"Needs attention \((\d+)\)")
DISCLOSURE = "an adult at home hits me and sometimes I want to die"


@pytest.fixture(scope="module")
def links(browser_app):
    from nlp.safeguarding import assess
    from portal.auth.services import create_staff_user, find_by_email
    from portal.core.extensions import db

    tokens = plan_survey_links(browser_app, SLUG, 2)
    with browser_app.app_context():
        if find_by_email(LEAD_EMAIL) is None:
            create_staff_user(LEAD_EMAIL, "Sam Lead", STAFF_PASSWORD, ["safeguarding_lead"])
        db.session.commit()
    assess("warm up")  # the first assessment in a process trains the model, longer than a click waits
    return tokens


def _answer_with_a_disclosure(page, live_server, token):
    page.goto(f"{live_server}/have-your-say/link/{token}")
    page.get_by_role("button", name="Start").click()
    for _ in range(3):
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Sometimes I worry about").fill(DISCLOSURE)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check-answers")
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/confirmation")


def _sign_in(page, live_server):
    page.goto(live_server + "/staff/sign-in")
    page.get_by_label("Email address").fill(LEAD_EMAIL)
    page.get_by_role("textbox", name="Password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_disclosure_shows_easy_read_help_and_the_lead_refers_it(chromium, live_server, links):
    phone, young_person = _page(chromium, javascript=True, width=390)
    try:
        _answer_with_a_disclosure(young_person, live_server, links[0])
        help_text = young_person.locator("#safety-help").inner_text()
        assert "Childline" in help_text and "0800 1111" in help_text
        assert "Tell an adult you trust" in help_text and "If you are in danger now, call 999." in help_text
        assert axe_violations(young_person) == []
    finally:
        phone.close()

    desktop, lead = _page(chromium, javascript=True, width=1280)
    try:
        _sign_in(lead, live_server)
        navigation = lead.locator(".govuk-service-navigation").get_by_role("link", name=WAITING)
        waiting = int(WAITING.search(navigation.inner_text()).group(1))
        assert waiting >= 1
        navigation.click()
        lead.wait_for_url("**/staff/safeguarding/")
        row = lead.locator("#flags tbody tr", has_text="Young person's survey answer").first
        assert "Emergency" in row.inner_text() and "Young person's survey answer" in row.inner_text()
        assert axe_violations(lead) == []
        row.get_by_role("link").click()
        assert lead.locator("#flagged-text").inner_text().strip() == DISCLOSURE
        assert axe_violations(lead) == []
        lead.get_by_role("button", name="Save").click()
        assert "Select whether you reviewed or referred this item" in lead.locator(".govuk-error-summary").inner_text()
        assert axe_violations(lead) == []
        lead.get_by_label("Referred").check()
        lead.get_by_label("Note").fill("Called the children's front door; referral made.")
        lead.get_by_role("button", name="Save").click()
        lead.wait_for_url("**/staff/safeguarding/")
        assert "marked as referred" in lead.locator(".govuk-notification-banner").inner_text()
        after = lead.locator(".govuk-service-navigation").get_by_role("link", name=WAITING).inner_text()
        assert int(WAITING.search(after).group(1)) == waiting - 1
    finally:
        desktop.close()


def test_queue_pages_fit_a_phone_with_no_wcag_violations(chromium, live_server, links):
    context, page = _page(chromium, javascript=True, width=390)
    try:
        _answer_with_a_disclosure(page, live_server, links[1])
        _sign_in(page, live_server)
        for address in ("/staff/safeguarding/?show=done", "/staff/safeguarding/"):
            page.goto(live_server + address)
            assert axe_violations(page) == [], address
        page.locator("#flags tbody tr a").first.click()
        assert page.locator("#flagged-text").is_visible()
        assert axe_violations(page) == []
    finally:
        context.close()
