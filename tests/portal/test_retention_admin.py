"""The administrators' retention page: periods and counts due, applying retention, erasing one response."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from consultation.models import Answer, Response
from consultation.retention import reference_hash
from portal.core.access import Role
from portal.core.audit import AuditEvent, utcnow
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from tests.consultation import conftest as consultation_fixtures
from tests.factories import make_response

PAGES = [("GET", "admin_staff.retention_page"), ("POST", "admin_staff.retention_page"),
         ("GET", "admin_staff.apply_retention"), ("POST", "admin_staff.apply_retention"),
         ("POST", "admin_staff.erase_response")]  # fmt: skip
FREE_TEXT = ("More short breaks", "A leaflet at the GP")

make_consultation = consultation_fixtures.make_consultation  # the fixture, shared


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


@pytest.fixture()
def admin(sign_in):
    return sign_in(Role.ADMIN)


@pytest.fixture()
def old_feedback(app_ctx):
    db.session.add_all([PageFeedback(path="/", comment="Old", created_at=utcnow() - timedelta(days=800)),
                        PageFeedback(path="/", comment="Old", created_at=utcnow() - timedelta(days=900)),
                        PageFeedback(path="/", comment="New")])  # fmt: skip
    db.session.commit()


@pytest.fixture()
def responses(make_consultation):
    consultation = make_consultation()
    return [make_response(consultation).reference for _ in range(2)]


def _url(endpoint: str) -> str:
    return url_for(endpoint)


@pytest.mark.parametrize("method,endpoint", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client_request, method, endpoint):
    response = client_request.client.open(_url(endpoint), method=method)
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN], ids=lambda r: r.value)
def test_only_administrators_may_use_the_page(client_request, sign_in, old_feedback, role):
    sign_in(role)
    for method, endpoint in PAGES:
        response = client_request.client.open(_url(endpoint), method=method, data={"confirmed": "yes"})
        assert response.status_code == 403, (method, endpoint)
    assert _count(PageFeedback) == 3
    staff_home = client_request.get("auth_staff.staff_home")
    assert "Retention and erasure" not in staff_home.text


def test_the_page_shows_each_kind_its_period_and_what_is_due(client_request, admin, old_feedback):
    assert "Retention and erasure" in client_request.get("auth_staff.staff_home").select_one("ul.govuk-list").text
    page = client_request.get("admin_staff.retention_page")
    rows = {row.th.text.strip(): [td.text.strip() for td in row.select("td")]
            for row in page.select("#retention-kinds tbody tr")}  # fmt: skip
    assert rows["Page feedback"] == ["24 months after it was sent", "2"]
    assert rows["Consultation responses"][1] == "0" and rows["Chat log entries"][0] == "90 days"
    assert {"Uploaded response files", "Job records", "Survey invitations", "Problem reports"} <= rows.keys()
    assert "2 records are past their retention period" in page.select_one("#retention-due").text
    assert page.select_one("a.govuk-button")["href"].endswith("/staff/admin/retention/apply")


def test_applying_retention_asks_first_then_deletes_and_audits(client_request, admin, old_feedback):
    page = client_request.get("admin_staff.apply_retention")
    assert "Are you sure" in page.h1.text and "Page feedback" in page.select_one("#due-records").text
    assert page.select_one("input[name=confirmed]")["value"] == "yes"
    client_request.post("admin_staff.apply_retention", {})  # not from the confirmation page: back to it
    assert _count(PageFeedback) == 3 and _events("retention.apply") == []

    page = client_request.post("admin_staff.apply_retention", {"confirmed": "yes"}, _follow=True, _expected_status=200)
    assert (
        "2 records past their retention period have been deleted" in page.select_one(".govuk-notification-banner").text
    )
    assert _count(PageFeedback) == 1
    (event,) = _events("retention.apply")
    assert event.actor == admin.email and event.detail["page_feedback"] == 2 and event.detail["job_records"] == 0
    assert "Nothing is past its retention period" in client_request.get("admin_staff.apply_retention").h1.text


@pytest.mark.parametrize(
    "typed,message",
    [
        ("", "Enter the reference number"),
        ("SEND-123", "Enter the reference number in the correct format, like SEND-7KQ4-M2XD"),
        ("my reference is lost", "Enter the reference number in the correct format"),
        ("SEND-2222-2222", "There is no response with the reference number SEND-2222-2222"),
    ],
)
def test_a_bad_reference_gets_a_clear_error(client_request, admin, responses, typed, message):
    page = client_request.post("admin_staff.retention_page", {"reference": typed}, _expected_status=200)
    summary = page.select_one(".govuk-error-summary")
    assert message in summary.text and summary.select_one("a")["href"] == "#reference"
    assert message in page.select_one("#reference-error").text
    assert page.title.text.startswith("Error:") and _count(Response) == 2


def test_erasing_a_response_shows_what_goes_without_its_words_then_audits_a_hash(client_request, admin, responses):
    erase, keep = responses
    typed = erase.lower().replace("-", " ")
    page = client_request.post("admin_staff.retention_page", {"reference": typed}, _expected_status=200)
    assert "Are you sure you want to erase this response?" in page.h1.text
    summary = {row.dt.text.strip(): row.dd.text.strip() for row in page.select("#erasure .govuk-summary-list__row")}
    assert summary["Reference number"] == erase and summary["Consultation"] == "Our SEND strategy"
    assert summary["How it was sent"] == "Online" and summary["Contact details"] == "None given"
    assert summary["Answers"] == "5 answers, 2 of them written" and summary["Approved quotes"] == "None"
    assert not any(text in page.text for text in FREE_TEXT)
    assert page.select_one("input[name=reference]")["value"] == erase and erase not in page.select_one("form")["action"]
    assert _count(Response) == 2  # nothing is deleted until the administrator confirms

    page = client_request.post("admin_staff.erase_response", {"reference": erase}, _follow=True, _expected_status=200)
    assert "The response has been erased" in page.select_one(".govuk-notification-banner").text
    assert db.session.scalars(select(Response.reference)).all() == [keep]
    assert _count(Answer, Answer.response_id.not_in(select(Response.id))) == 0
    (event,) = _events("retention.erase_response")
    assert event.actor == admin.email and event.detail == {"reference_hmac": reference_hash(erase)}

    again = client_request.post("admin_staff.erase_response", {"reference": erase}, _expected_status=200)
    assert f"There is no response with the reference number {erase}" in again.select_one(".govuk-error-summary").text
    assert len(_events("retention.erase_response")) == 1


def test_erasing_needs_a_well_formed_reference(client_request, admin, responses):
    page = client_request.post("admin_staff.erase_response", {"reference": "DROP TABLE"}, _expected_status=200)
    assert "correct format" in page.select_one(".govuk-error-summary").text and _count(Response) == 2
    page = client_request.post("admin_staff.erase_response", {}, _expected_status=200)
    assert "Enter the reference number" in page.select_one(".govuk-error-summary").text


def test_the_forms_need_a_csrf_token(app, client_request, admin, old_feedback, responses):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client_request.post("admin_staff.apply_retention", {"confirmed": "yes"}, _expected_status=400)
        client_request.post("admin_staff.erase_response", {"reference": responses[0]}, _expected_status=400)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _count(PageFeedback) == 3 and _count(Response) == 2 and _events("retention.apply") == []


def test_the_confirmation_counts_the_coding_and_quotes_that_go_with_it(client_request, admin, make_consultation):
    from consultation.coding import analysis, items
    from consultation.coding.models import FIRST, CodingItem, CodingQuote
    from tests.consultation.coding_helpers import coding_consultation

    _, question = coding_consultation(make_consultation)
    items.ensure_items(question.id)
    first = db.session.scalars(select(CodingItem).order_by(CodingItem.id)).first()
    items.set_codes(first, {"transport"}, FIRST, "lead@example.gov.uk")
    assert analysis.approve_quotes(question.id, "transport", [first.answer_id], "lead@example.gov.uk") == 1
    response = db.session.get(Response, db.session.get(Answer, first.answer_id).response_id)
    response.reference = "SEND-7KQ4-M2XD"
    db.session.commit()

    page = client_request.post("admin_staff.retention_page", {"reference": "send7kq4m2xd"}, _expected_status=200)
    summary = {row.dt.text.strip(): row.dd.text.strip() for row in page.select("#erasure .govuk-summary-list__row")}
    assert summary["Answers"] == "1 answer, 1 of them written" and summary["Coded into themes"] == "1 written answer"
    assert summary["Approved quotes"] == "1 quote" and "taxi" not in page.text.lower()
    client_request.post("admin_staff.erase_response", {"reference": "SEND-7KQ4-M2XD"})
    assert _count(CodingQuote) == 0 and _count(CodingItem) == 4 and _count(Response) == 4
