"""The administrators' retention page in the browser: accessible in every state, and usable on a phone."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest

from tests.browser.conftest import axe_violations

PAGE = "/staff/admin/retention"
PHONE = {"width": 390, "height": 900}
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _seed_due_feedback(app, count: int = 3) -> None:
    from portal.core.audit import utcnow
    from portal.core.extensions import db
    from portal.core.page_feedback import PageFeedback

    with app.app_context():
        old = utcnow() - timedelta(days=800)
        db.session.add_all([PageFeedback(path="/", comment="Old comment", created_at=old) for _ in range(count)])
        db.session.commit()


def _new_response(app) -> str:
    from consultation.builders import create_consultation
    from consultation.models import Consultation
    from consultation.responses import save_response
    from portal.core.extensions import db
    from tests.consultation.conftest import short_questions, valid_answers

    with app.app_context():
        consultation = db.session.scalar(db.select(Consultation).where(Consultation.slug == "retention-browser"))
        if consultation is None:
            consultation = create_consultation("retention-browser", "Short breaks review", short_questions(),
                                               opens_on=date.today() - timedelta(days=7),
                                               closes_on=date.today() + timedelta(days=30), summary="Tell us.",
                                               audience="Parents", published=True)  # fmt: skip
            db.session.commit()
        return save_response(consultation, valid_answers(consultation), None).reference


def _screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"retention-{name}.png"), full_page=True)


def _fits_the_screen(page) -> bool:
    """Nothing is wider than a phone's screen, so nobody has to scroll sideways (WCAG 1.4.10 reflow)."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _find(page, reference: str) -> None:
    page.get_by_label("Reference number").fill(reference)
    with page.expect_navigation():
        page.get_by_role("button", name="Find the response").click()


def test_applying_retention_is_accessible_at_every_step(staff_page, live_server, browser_app):
    _seed_due_feedback(browser_app)
    staff_page.goto(live_server + "/staff/")
    with staff_page.expect_navigation():
        staff_page.get_by_role("link", name="Retention and erasure").click()
    assert staff_page.locator("#retention-due").inner_text().startswith("3 records")
    assert axe_violations(staff_page) == []

    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Delete records past their retention period").click()
    assert staff_page.locator("h1").inner_text() == "Are you sure you want to delete these records?"
    assert "Page feedback" in staff_page.locator("#due-records").inner_text()
    assert axe_violations(staff_page) == []
    staff_page.set_viewport_size(PHONE)
    assert _fits_the_screen(staff_page)
    _screenshot(staff_page, "apply-confirm-phone")

    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Yes, delete these records").click()
    banner = staff_page.locator(".govuk-notification-banner")
    assert "3 records past their retention period have been deleted" in banner.inner_text()
    assert staff_page.locator("#retention-due").inner_text() == "Nothing is past its retention period."
    assert axe_violations(staff_page) == []
    assert _fits_the_screen(staff_page)
    _screenshot(staff_page, "overview-phone")


@pytest.mark.parametrize(
    "typed,message",
    [
        ("", "Enter the reference number"),
        ("SEND-12", "Enter the reference number in the correct format"),
        ("SEND-2222-2222", "There is no response with the reference number SEND-2222-2222"),
    ],
)
def test_reference_errors_are_accessible(staff_page, live_server, typed, message):
    staff_page.set_viewport_size(PHONE)
    staff_page.goto(live_server + PAGE)
    _find(staff_page, typed)
    summary = staff_page.locator(".govuk-error-summary")
    assert summary.is_visible() and message in summary.inner_text()
    assert staff_page.title().startswith("Error:")
    assert axe_violations(staff_page) == []
    assert _fits_the_screen(staff_page)
    summary.get_by_role("link").click()
    assert staff_page.evaluate("document.activeElement.id") == "reference"
    _screenshot(staff_page, f"error-{len(typed)}-phone")


def test_erasing_a_response_is_accessible_and_shows_no_answers(staff_page, live_server, browser_app):
    reference = _new_response(browser_app)
    staff_page.set_viewport_size(PHONE)
    staff_page.goto(live_server + PAGE)
    _find(staff_page, reference.lower())
    assert staff_page.locator("h1").inner_text() == "Are you sure you want to erase this response?"
    details = staff_page.locator("#erasure").inner_text()
    assert reference in details and "Short breaks review" in details
    assert "More short breaks" not in staff_page.content() and "A leaflet at the GP" not in staff_page.content()
    assert axe_violations(staff_page) == []
    assert _fits_the_screen(staff_page)
    _screenshot(staff_page, "erase-confirm-phone")

    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Yes, erase this response").click()
    assert "The response has been erased" in staff_page.locator(".govuk-notification-banner").inner_text()
    assert axe_violations(staff_page) == []
    _find(staff_page, reference)
    assert "There is no response" in staff_page.locator(".govuk-error-summary").inner_text()
