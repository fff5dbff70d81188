"""A consultation lead's results page, as read on a phone: wide tables scroll inside their own region."""

from __future__ import annotations

from sqlalchemy import func, select

from consultation.models import Consultation, Response
from portal.core.extensions import db
from tests.browser.conftest import axe_violations

PHONE = {"width": 375, "height": 812}


def _busiest_closed(browser_app) -> int:
    with browser_app.app_context():
        counts = dict(
            db.session.execute(select(Response.consultation_id, func.count()).group_by(Response.consultation_id)).all()
        )
        closed = [c for c in db.session.scalars(select(Consultation)) if c.status() == "closed"]
        return max(closed, key=lambda c: counts.get(c.id, 0)).id


def test_results_page_fits_a_phone_and_has_no_wcag_violations(staff_page, live_server, browser_app):
    consultation_id = _busiest_closed(browser_app)
    staff_page.set_viewport_size(PHONE)
    staff_page.goto(f"{live_server}/staff/consultations/{consultation_id}/results")
    regions = staff_page.locator(".app-table-scroll")
    assert regions.count() > 0
    # The page itself never scrolls sideways; a wide table scrolls within its region, which a keyboard can reach.
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert regions.first.get_attribute("tabindex") == "0"
    assert axe_violations(staff_page) == []
