"""The editors' inbox of parents' feedback: open and done, the safeguarding marker, mark as done, the count."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from portal.core.safeguarding.models import SafeguardingFlag
from tests.factories import make_service

EDITOR = "local_offer_staff"


def _feedback(path: str, helpful: bool | None, comment: str | None, service_id: str | None = None) -> PageFeedback:
    row = PageFeedback(path=path, helpful=helpful, comment=comment, service_id=service_id)
    db.session.add(row)
    db.session.commit()
    return row


def test_inbox_lists_comments_and_unhelpful_pages_with_a_safeguarding_marker(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Otter play scheme")
    commented = _feedback(f"/services/{service.id}", True, "The times are wrong, it is Fridays now", service.id)
    flagged = _feedback("/", False, "I can't cope any more [name]")
    _feedback("/", None, None)  # a page's 'yes' with nothing to act on stays out of the inbox
    _feedback("/services", True, None)
    db.session.add(SafeguardingFlag(source_kind="site_feedback", page_feedback_id=flagged.id, level="concern"))
    db.session.commit()

    page = client_request.get(f"{EDITOR}.feedback_inbox")
    rows = page.select("#feedback .app-feedback-item")
    assert len(rows) == 2
    assert "Open (2)" in page.text and "Done (0)" in page.text
    by_text = {row.select(".govuk-summary-list__value")[1].text.strip(): row for row in rows}
    assert "Safeguarding" in by_text["No"].text and "I can't cope any more [name]" in by_text["No"].text
    assert "Safeguarding" not in by_text["Yes"].text
    edit_url = url_for(f"{EDITOR}.edit_service", service_id=service.id)
    assert by_text["Yes"].select_one(".govuk-summary-list a")["href"] == edit_url
    assert commented.comment in by_text["Yes"].text


def test_mark_as_done_moves_feedback_to_done(client_request, sign_in):
    user = sign_in(Role.DIRECTORY_EDITOR)
    row = _feedback("/", False, "Hard to find the search")
    client_request.post(f"{EDITOR}.feedback_done", {}, feedback_id=row.id)
    db.session.expire_all()
    assert row.done_at is not None and row.done_by == user.email
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "page_feedback.done")).one()
    assert event.target_id == str(row.id)

    open_page = client_request.get(f"{EDITOR}.feedback_inbox")
    assert "There is no open feedback." in open_page.text
    done_page = client_request.get(f"{EDITOR}.feedback_inbox", show="done")
    assert "Hard to find the search" in done_page.text and user.email in done_page.text
    # Done twice is still done once.
    client_request.post(f"{EDITOR}.feedback_done", {}, feedback_id=row.id)
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "page_feedback.done")).all()) == 1


def test_unknown_feedback_is_not_found(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.feedback_done", {}, feedback_id=99999, _expected_status=404)


def test_the_inbox_is_a_staff_tool_with_a_count(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    _feedback("/", False, None)
    _feedback("/", True, "Thanks")
    page = client_request.get("auth_staff.staff_home")
    assert "Parents' feedback (2 waiting)" in page.text


def test_inbox_access(client, client_request, sign_in):
    urls = [("get", url_for(f"{EDITOR}.feedback_inbox")), ("post", url_for(f"{EDITOR}.feedback_done", feedback_id=1))]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302
    sign_in(Role.CONSULTATION_LEAD)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403


def test_a_bad_page_number_shows_the_first_page(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    _feedback("/", False, "Where is the map?")
    assert "Where is the map?" in client_request.get(f"{EDITOR}.feedback_inbox", page="lots").text
