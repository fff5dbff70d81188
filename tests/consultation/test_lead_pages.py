"""Consultation leads: create, edit, questions, preview, publish and close, with the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from consultation.models import Consultation, Question
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.consultation.conftest import question_ids, valid_answers


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _details(**overrides) -> dict:
    today = date.today()
    opens, closes = today - timedelta(days=1), today + timedelta(days=20)
    return {
        "title": "Short breaks review",
        "slug": "",
        "kind": "consultation",
        "summary": "We are reviewing short breaks.",
        "audience": "Families",
        "opens_on": [str(opens.day), str(opens.month), str(opens.year)],
        "closes_on": [str(closes.day), str(closes.month), str(closes.year)],
        "retention_months": "24",
        "layout": "auto",
    } | overrides


def test_staff_pages_need_the_consultation_lead_role(client_request, sign_in, make_consultation):
    consultation = make_consultation()
    client_request.get("consultation_staff.home", _expected_status=302)
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.get("consultation_staff.home", _expected_status=403)
    client_request.get("consultation_staff.results", consultation_id=consultation.id, _expected_status=403)


def test_admin_can_use_consultations(client_request, sign_in):
    sign_in(Role.ADMIN)
    client_request.get("consultation_staff.home")


def test_staff_home_and_navigation_offer_consultations(client_request, lead):
    page = client_request.get("auth_staff.staff_home")
    assert page.select_one("a[href='/staff/consultations/']").text == "Consultations"
    home = client_request.get("main_public.home")
    assert "Have your say" in [a.text.strip() for a in home.select(".govuk-service-navigation a")]
    assert home.select_one("main a[href='/have-your-say/']").text == "Have your say"


@pytest.mark.parametrize("opens_on", [["1", "2"], ["1"], ["1", "2", "2026", "4"], ["", "2", "2026"]])
def test_a_date_with_a_part_missing_is_a_form_error(client_request, lead, opens_on):
    """Probe finding 11: a date with a box left out of the request gave a 500."""
    page = client_request.post("consultation_staff.new", _details(opens_on=opens_on), _expected_status=200)
    assert "The date it opens must be a real date" in page.select_one(".govuk-error-summary").text
    assert len(page.select("input[name=opens_on]")) == 3


def test_create_validates_and_saves(client_request, lead):
    page = client_request.post(
        "consultation_staff.new", _details(title="", opens_on=["31", "2", "2026"]), _expected_status=200
    )
    summary = page.select_one(".govuk-error-summary").text
    assert "Enter a title" in summary and "The date it opens must be a real date" in summary
    page = client_request.post("consultation_staff.new", _details(slug="Bad Slug!"), _expected_status=200)
    assert "Web address must only include lowercase letters" in page.text
    later = date.today() - timedelta(days=5)
    page = client_request.post(
        "consultation_staff.new",
        _details(closes_on=[str(later.day), str(later.month), str(later.year)]),
        _expected_status=200,
    )
    assert "The date it closes must be the same as or after the date it opens" in page.text
    client_request.post("consultation_staff.new", _details())
    consultation = db.session.scalars(select(Consultation)).one()
    assert consultation.slug == "short-breaks-review" and consultation.status() == "draft"
    page = client_request.post("consultation_staff.new", _details(slug="short-breaks-review"), _expected_status=200)
    assert "already used" in page.text


def test_edit_details(client_request, lead, make_consultation):
    consultation = make_consultation()
    page = client_request.get("consultation_staff.edit", consultation_id=consultation.id)
    assert page.select_one("input[name=title]")["value"] == "Our SEND strategy"
    client_request.post(
        "consultation_staff.edit",
        _details(title="New title", layout="one", retention_months="6"),
        consultation_id=consultation.id,
    )
    db.session.refresh(consultation)
    assert consultation.title == "New title" and consultation.one_question_per_page is True
    assert consultation.retention_months == 6 and consultation.slug == "send-strategy"


def test_questions_add_edit_move_hide_delete(client_request, lead, make_consultation):
    consultation = make_consultation(questions=[], status="draft")
    cid = consultation.id
    page = client_request.post(
        "consultation_staff.new_question",
        {"kind": "single", "text": "Pick one", "options": "Yes"},
        consultation_id=cid,
        _expected_status=200,
    )
    assert "Enter at least 2 options" in page.select_one(".govuk-error-summary").text
    client_request.post(
        "consultation_staff.new_question",
        {"kind": "single", "text": "Pick one", "options": "Yes\nNo\n\nyes", "add_other": "y"},
        consultation_id=cid,
    )
    client_request.post(
        "consultation_staff.new_question",
        {"kind": "text", "text": "Tell us more", "max_length": "300", "required": "y"},
        consultation_id=cid,
    )
    page = client_request.post(
        "consultation_staff.new_question",
        {"kind": "text", "text": "X", "max_length": "9"},
        consultation_id=cid,
        _expected_status=200,
    )
    assert "Character limit must be between 50 and 5,000" in page.text
    db.session.expire_all()
    pick, more = consultation.questions
    assert [(o.value, o.label, o.asks_for_text) for o in pick.options] == [
        ("yes", "Yes", False),
        ("no", "No", False),
        ("other", "Other", True),
    ]
    assert more.required and more.max_length == 300
    client_request.post(
        "consultation_staff.edit_question",
        {"kind": "single", "text": "Pick one", "options": "No\nMaybe"},
        consultation_id=cid,
        question_id=pick.id,
    )
    db.session.expire_all()
    assert [o.label for o in pick.options] == ["No", "Maybe"]
    client_request.post("consultation_staff.question_action", consultation_id=cid, question_id=more.id, action="up")
    db.session.expire_all()
    assert [q.text for q in consultation.questions] == ["Tell us more", "Pick one"]
    client_request.post("consultation_staff.question_action", consultation_id=cid, question_id=more.id, action="hide")
    db.session.expire_all()
    assert [q.text for q in consultation.visible_questions] == ["Pick one"]
    client_request.post("consultation_staff.question_action", consultation_id=cid, question_id=more.id, action="delete")
    db.session.expire_all()
    assert [q.text for q in consultation.questions] == ["Pick one"]


def test_questions_with_responses_can_be_hidden_not_deleted(client_request, lead, make_consultation):
    consultation = make_consultation()
    client_request.post(
        "consultation_public.respond",
        valid_answers(consultation) | {"submission_token": "t" * 30},
        slug="send-strategy",
    )
    heard = question_ids(consultation)[2]
    page = client_request.get("consultation_staff.overview", consultation_id=consultation.id)
    assert "can be hidden but not deleted" in page.text
    assert not [b for b in page.select("#question-list button") if b.text.strip() == "Delete"]
    page = client_request.post(
        "consultation_staff.question_action",
        consultation_id=consultation.id,
        question_id=heard,
        action="delete",
        _follow=True,
        _expected_status=200,
    )
    assert "cannot be deleted" in page.text
    assert db.session.get(Question, heard) is not None
    # Removing an answered option hides it, so old answers keep their meaning.
    client_request.post(
        "consultation_staff.edit_question",
        {"kind": "single", "text": "How did you hear?", "options": "School\nSocial media"},
        consultation_id=consultation.id,
        question_id=heard,
    )
    db.session.expire_all()
    other = next(o for o in db.session.get(Question, heard).options if o.value == "other")
    assert other.hidden
    page = client_request.post(
        "consultation_staff.edit_question",
        {"kind": "text", "text": "How did you hear?"},
        consultation_id=consultation.id,
        question_id=heard,
        _expected_status=200,
    )
    assert "cannot change the type of a question that has answers" in page.text


def test_about_you_question_is_optional(client_request, lead, make_consultation):
    consultation = make_consultation(questions=[], status="draft")
    client_request.post("consultation_staff.add_about_you", {"preset": "district"}, consultation_id=consultation.id)
    question = db.session.scalars(select(Question)).one()
    assert question.demographic and not question.required and len(question.options) == 7


def test_preview_publish_and_close(client_request, lead, make_consultation):
    consultation = make_consultation(status="draft")
    page = client_request.get("consultation_staff.preview", consultation_id=consultation.id)
    assert "This is a preview" in page.text and not page.select("form button")
    client_request.get("consultation_public.consultation_page", slug="send-strategy", _expected_status=404)
    client_request.post("consultation_staff.publish", consultation_id=consultation.id)
    client_request.get("consultation_public.consultation_page", slug="send-strategy")
    client_request.post("consultation_staff.close", consultation_id=consultation.id)
    db.session.refresh(consultation)
    assert consultation.status() == "closed"
    assert _actions()[-2:] == ["consultation.publish", "consultation.close"]


def test_publishing_needs_a_question(client_request, lead, make_consultation):
    consultation = make_consultation(questions=[], status="draft")
    page = client_request.post(
        "consultation_staff.publish", consultation_id=consultation.id, _follow=True, _expected_status=200
    )
    assert "Add at least one question before publishing" in page.text
    assert "consultation.publish" not in _actions()


def test_status_closes_itself_at_the_close_date(make_consultation):
    consultation = make_consultation()
    assert consultation.status() == "open"
    assert consultation.status(consultation.closes_on + timedelta(days=1)) == "closed"
    assert consultation.status(consultation.opens_on - timedelta(days=1)) == "scheduled"


def test_lead_home_lists_status_and_counts(client_request, lead, make_consultation):
    make_consultation()
    make_consultation("old-one", status="closed", title="Old one")
    page = client_request.get("consultation_staff.home")
    rows = [r.text for r in page.select("#consultations tbody tr")]
    assert any("Old one" in r and "Closed" in r for r in rows)
    assert any("Our SEND strategy" in r and "Open" in r for r in rows)
