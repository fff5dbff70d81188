"""Directory editors' pages in the browser: accessible, and an editor can add a service."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations


@pytest.mark.parametrize(
    "path",
    [
        "/staff/",
        "/staff/directory/",
        "/staff/directory/services/new",
        "/staff/directory/review",
        "/staff/directory/problems",
        "/staff/directory/services/browser-autism",
    ],
)
def test_editor_pages_have_no_wcag_violations(staff_page, live_server, path):
    response = staff_page.goto(live_server + path)
    assert response.status == 200, path
    assert axe_violations(staff_page) == []


def test_editor_form_errors_are_accessible(staff_page, live_server):
    staff_page.goto(live_server + "/staff/directory/services/new")
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name="Add service").click()
    assert staff_page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(staff_page) == []
