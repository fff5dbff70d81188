"""The Needs attention queue: the list, an item read in context, reviewed or referred with a note, who may see it,
the audit, the count in the navigation, and flags going with their source when it is deleted or erased."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consultation.builders import free_text, respondent_question
from consultation.models import Response
from portal.core.access import Role
from portal.core.audit import AuditEvent, utcnow
from portal.core.extensions import db
from portal.core.safeguarding.flags import Said, assess_and_flag
from portal.core.safeguarding.models import SafeguardingFlag
from tests.factories import make_response
from tests.safeguarding.conftest import DISCLOSURE

NEGLECT = "my little brother is left on his own all weekend and nobody feeds him"


def flagged_response(make_consultation, *texts: str) -> tuple:
    """A consultation with one response per text, each checked as the public pages check them."""
    consultation = make_consultation(questions=[respondent_question(), free_text("What should we change?")])
    change = consultation.visible_questions[-1].id
    for text in texts:
        response = make_response(consultation, {f"q{change}": text})
        answer = response.answers[0]
        assess_and_flag([Said("answer", answer.text, ref=response.reference, answer_id=answer.id)])
    return consultation, list(db.session.scalars(select(SafeguardingFlag).order_by(SafeguardingFlag.id)))


def test_queue_lists_emergencies_first_then_the_oldest(client_request, sign_in, make_consultation):
    _, (neglect, emergency) = flagged_response(make_consultation, NEGLECT, DISCLOSURE)
    neglect.created_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    sign_in(Role.SAFEGUARDING_LEAD)
    page = client_request.get("safeguarding_staff.queue")
    rows = page.select("#flags tbody tr")
    assert [row.select("td")[0].text.strip() for row in rows] == ["Emergency", "Concern"]
    first = [cell.text.strip() for cell in rows[0].select("td")]
    assert first[1] == "Consultation or survey answer" and first[2] == "Self-harm or suicide"
    assert emergency.evidence in first[3] and "hits me" not in first[3].replace(emergency.evidence, "")
    assert "waiting 3 hours" in rows[1].text
    assert "Needs attention (2)" in page.select_one(".govuk-service-navigation").text


def test_an_item_shows_the_text_in_context_and_is_referred_with_a_note(client_request, sign_in, make_consultation):
    consultation, (flag,) = flagged_response(make_consultation, DISCLOSURE)
    lead = sign_in(Role.SAFEGUARDING_LEAD)
    page = client_request.get("safeguarding_staff.item", flag_id=flag.id)
    assert page.select_one("#flagged-text").text.strip() == DISCLOSURE
    assert consultation.title in page.select_one("#context").text and "What should we change?" in page.text
    assert "may mean someone is in danger now" in page.text
    note = "Rang the children's front door at 10:05; referral 4471."
    client_request.post("safeguarding_staff.item", {"outcome": "referred", "note": note}, flag_id=flag.id)
    db.session.refresh(flag)
    assert (flag.status, flag.note, flag.reviewed_by) == ("referred", note, lead.email) and flag.reviewed_at
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "safeguarding.referred")).one()
    assert (event.target_type, event.target_id, event.actor) == ("safeguarding_flag", str(flag.id), lead.email)
    assert event.detail == {"level": "emergency", "category": flag.category}  # no note, no words
    done = client_request.get("safeguarding_staff.queue", show="done")
    assert "Referred" in done.select_one("#flags").text
    assert client_request.get("safeguarding_staff.queue").select_one("#flags") is None
    again = client_request.get("safeguarding_staff.item", flag_id=flag.id)
    assert again.select_one("form[method=post] textarea") is None and note in again.select_one("#flag").text


def test_marking_reviewed_needs_a_choice_and_a_note(client_request, sign_in, make_consultation):
    _, (flag,) = flagged_response(make_consultation, NEGLECT)
    sign_in(Role.SAFEGUARDING_LEAD)
    page = client_request.post("safeguarding_staff.item", {}, _expected_status=200, flag_id=flag.id)
    summary = page.select_one(".govuk-error-summary").text
    assert "Select whether you reviewed or referred this item" in summary and "Enter a note" in summary
    assert page.title.text.startswith("Error:")
    client_request.post("safeguarding_staff.item", {"outcome": "reviewed", "note": "Known to school."}, flag_id=flag.id)
    db.session.refresh(flag)
    assert flag.status == "reviewed"
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "safeguarding.reviewed")) == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.SAFEGUARDING_LEAD, 200), (Role.ADMIN, 200), (Role.CONSULTATION_LEAD, 403), (Role.DIRECTORY_EDITOR, 403)],
)
def test_only_safeguarding_leads_and_admins_see_the_queue(client_request, sign_in, make_consultation, role, status):
    _, (flag,) = flagged_response(make_consultation, DISCLOSURE)
    sign_in(role)
    client_request.get("safeguarding_staff.queue", _expected_status=status)
    client_request.get("safeguarding_staff.item", flag_id=flag.id, _expected_status=status)
    home = str(client_request.get("auth_staff.staff_home"))
    assert ("Needs attention (1" in home) is (status == 200)


def test_anonymous_people_are_sent_to_sign_in(client_request):
    client_request.get("safeguarding_staff.queue", _expected_redirect="/staff/sign-in?next=/staff/safeguarding/?")


def test_erasing_a_response_deletes_its_flag_and_the_retention_page_still_works(
    client_request, sign_in, make_consultation
):
    from consultation.retention import erase_response

    _, (flag,) = flagged_response(make_consultation, DISCLOSURE)
    reference = db.session.scalar(select(Response.reference))
    erase_response(reference)
    assert db.session.scalar(select(func.count()).select_from(SafeguardingFlag)) == 0
    sign_in(Role.ADMIN)
    page = client_request.get("admin_staff.retention_page")
    assert page.select_one("h1")


def test_retention_deletes_feedback_flags_with_the_feedback(app_ctx):
    from portal.core.page_feedback import PageFeedback, check_page_feedback, record_page_feedback
    from portal.core.retention import apply_retention

    feedback = record_page_feedback("/", False, NEGLECT)
    check_page_feedback(feedback, NEGLECT, "site_feedback")
    feedback.created_at = utcnow() - timedelta(days=800)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SafeguardingFlag)) == 1
    apply_retention()
    assert db.session.scalar(select(func.count()).select_from(PageFeedback)) == 0
    assert db.session.scalar(select(func.count()).select_from(SafeguardingFlag)) == 0
