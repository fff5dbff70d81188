"""The one-page journey for short consultations, with bad input, double submits and a database outage."""

from __future__ import annotations

import re

from flask import url_for
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError

from consultation.models import Answer, Response
from portal.core.extensions import db
from tests.consultation.conftest import question_ids, valid_answers

REFERENCE = re.compile(r"^SEND-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$")


def _token(page) -> str:
    return page.select_one("input[name=submission_token]")["value"]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def test_list_shows_open_and_closed_but_not_drafts(client_request, make_consultation):
    make_consultation("open-one", title="Open one")
    make_consultation("closed-one", title="Closed one", status="closed")
    make_consultation("draft-one", title="Draft one", status="draft")
    make_consultation("later-one", title="Later one", status="scheduled")
    page = client_request.get("consultation_public.index")
    assert "Open one" in page.select_one("#open-consultations").text
    assert "Closed one" in page.select_one("#closed-consultations").text
    assert "Draft one" not in page.text and "Later one" not in page.text
    client_request.get("consultation_public.consultation_page", slug="draft-one", _expected_status=404)
    client_request.get("consultation_public.consultation_page", slug="later-one", _expected_status=404)


def test_consultation_page_has_privacy_notice_and_start(client_request, make_consultation):
    make_consultation(retention_months=18, easy_read_summary="Tell us what you think.")
    page = client_request.get("consultation_public.consultation_page", slug="send-strategy")
    privacy = page.select_one("main").text
    assert "public task" in privacy and "18 months" in privacy and "anonymous unless you choose" in privacy
    assert "Tell us what you think." in page.select_one("#easy-read").find_next("div").text
    assert page.select_one("a.govuk-button--start")["href"].endswith("/send-strategy/respond")


def test_form_is_accessible_markup_and_works_without_javascript(client_request, make_consultation):
    consultation = make_consultation()
    page = client_request.get("consultation_public.respond", slug="send-strategy")
    who, agree, heard, used, change = question_ids(consultation)
    assert page.select_one(f"input[name=q{heard}][value=other]")["data-aria-controls"]
    # The "other, please say" box is in the HTML: with JavaScript off it is simply shown.
    assert page.select_one(f"input#q{heard}_other")
    assert page.select_one(f"#conditional-q{who}-2 legend").text.strip() == "How old are you?"
    for radio_name in (f"q{who}", f"q{agree}", f"q{heard}"):
        fieldset = page.select_one(f"input[name={radio_name}]").find_parent("fieldset")
        assert fieldset.legend.text.strip()
    assert page.select_one(f"label[for=q{change}]").text.strip().endswith("What should we change?")
    assert "50 characters" in page.select_one(f"#q{change}-info").text
    assert len(_token(page)) >= 20


def test_send_answers_saves_one_anonymous_response(client_request, client, make_consultation):
    consultation = make_consultation()
    page = client_request.get("consultation_public.respond", slug="send-strategy")
    data = valid_answers(consultation) | {"submission_token": _token(page)}
    page = client_request.post(
        "consultation_public.respond", data, slug="send-strategy", _follow=True, _expected_status=200
    )
    reference = page.select_one("#reference").text.strip()
    assert REFERENCE.match(reference)
    assert page.select_one(".govuk-panel__title").text.strip() == "Your answers have been sent"
    response = db.session.scalars(select(Response)).one()
    assert response.reference == reference and response.source == "online"
    assert (response.respondent_type, response.respondent_detail) == ("young_person", "16_18")
    who, agree, heard, used, change = question_ids(consultation)
    stored = {(a.question_id, a.option_value, a.text) for a in response.answers}
    assert stored == {
        (agree, "agree", None),
        (heard, "other", "A leaflet at the GP"),
        (used, "short_breaks", None),
        (used, "transport", None),
        (change, None, "More short breaks"),
    }
    assert all(a.respondent_type == "young_person" for a in response.answers)


def test_responses_hold_no_identifier_of_the_person(app_ctx):
    """The migrated table itself has nowhere to put an IP address, browser or session, and dates are days."""
    columns = {c["name"]: c for c in inspect(db.engine).get_columns("consultation_response")}
    assert not set(columns) & {"ip", "ip_address", "user_agent", "session_id", "created_at", "submitted_at"}
    assert set(columns) == {
        "id",
        "consultation_id",
        "reference",
        "submission_token",
        "submitted_on",
        "source",
        "respondent_type",
        "respondent_detail",
        "contact",
    }
    assert "DATE" in str(columns["submitted_on"]["type"]).upper()


def test_missing_answers_are_reported_and_nothing_saved(client_request, make_consultation):
    consultation = make_consultation()
    who, agree, heard, used, change = question_ids(consultation)
    page = client_request.post(
        "consultation_public.respond", {"submission_token": "t" * 32}, slug="send-strategy", _expected_status=200
    )
    summary = page.select_one(".govuk-error-summary").text
    assert "Select who you are responding as" in summary
    assert "Select an answer to question 2" in summary
    assert "Enter your answer to question 5" in summary
    assert "question 3" not in summary  # optional
    assert page.title.text.startswith("Error: ")
    assert page.select_one(f".govuk-error-summary a[href='#q{agree}']")
    assert _count() == 0


def test_bad_answers_are_refused(client_request, make_consultation):
    consultation = make_consultation()
    who, agree, heard, used, change = question_ids(consultation)
    data = valid_answers(consultation) | {
        "submission_token": "t" * 32,
        f"q{agree}": "sort_of",
        f"q{used}": ["short_breaks", "helicopter"],
        f"q{change}": "x" * 51,
        f"q{who}_young_person": "",
    }
    page = client_request.post("consultation_public.respond", data, slug="send-strategy", _expected_status=200)
    summary = page.select_one(".govuk-error-summary").text
    assert "Select one of the options for question 2" in summary
    assert "Select one of the options for question 4" in summary
    assert "Your answer to question 5 must be 50 characters or fewer" in summary
    assert "Select how old you are" in summary
    # What the person typed is still there to correct.
    assert page.select_one(f"textarea[name=q{change}]").text == "x" * 51
    assert _count() == 0


def test_tampered_question_ids_are_ignored(client_request, make_consultation):
    consultation = make_consultation()
    other = make_consultation("other-one")
    foreign = question_ids(other)[1]
    data = valid_answers(consultation) | {"submission_token": "t" * 32, f"q{foreign}": "agree", "q999999": "agree"}
    client_request.post("consultation_public.respond", data, slug="send-strategy")
    answered = set(db.session.scalars(select(Answer.question_id)))
    assert answered <= set(question_ids(consultation))


def test_double_submit_records_one_response(client_request, make_consultation):
    consultation = make_consultation()
    data = valid_answers(consultation) | {"submission_token": "same-token-" + "a" * 20}
    first, second = (
        client_request.post(
            "consultation_public.respond", data, slug="send-strategy", _follow=True, _expected_status=200
        )
        for _ in range(2)
    )
    assert _count() == 1
    reference = db.session.scalar(select(Response.reference))
    assert reference in str(first) and reference in str(second)


def test_double_submit_from_a_new_browser_shows_the_same_confirmation(app_ctx, make_consultation):
    consultation = make_consultation()
    data = valid_answers(consultation) | {"submission_token": "other-token-" + "b" * 20}
    app_ctx.test_client().post("/have-your-say/send-strategy/respond", data=data)
    response = app_ctx.test_client().post("/have-your-say/send-strategy/respond", data=data, follow_redirects=True)
    assert _count() == 1
    assert db.session.scalar(select(Response.reference)) in response.get_data(as_text=True)


def test_closed_consultation_refuses_answers(client_request, make_consultation):
    consultation = make_consultation(status="closed")
    page = client_request.get("consultation_public.respond", slug="send-strategy", _expected_status=410)
    assert "has closed" in page.text
    page = client_request.post(
        "consultation_public.respond", valid_answers(consultation), slug="send-strategy", _expected_status=410
    )
    assert "Your answers have not been sent" in page.text
    assert _count() == 0


def test_draft_cannot_be_answered(client_request, make_consultation):
    consultation = make_consultation(status="draft")
    client_request.post(
        "consultation_public.respond", valid_answers(consultation), slug="send-strategy", _expected_status=404
    )
    assert _count() == 0


def test_database_outage_shows_503_and_keeps_the_answers(client_request, make_consultation, monkeypatch):
    import consultation.public_routes as routes

    consultation = make_consultation()

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("could not connect to server"))

    monkeypatch.setattr(routes, "save_response", broken)
    data = valid_answers(consultation) | {"submission_token": "outage-token-" + "c" * 20}
    page = client_request.post("consultation_public.respond", data, slug="send-strategy", _expected_status=503)
    assert "Your answers have not been saved" in page.text
    assert page.find(value="More short breaks") and page.find(value="A leaflet at the GP")
    respond = url_for("consultation_public.respond", slug="send-strategy")
    assert page.find("form", action=lambda action: action and action.startswith(respond))
    monkeypatch.undo()
    client_request.post("consultation_public.respond", data, slug="send-strategy", _follow=True, _expected_status=200)
    assert _count() == 1


def test_confirmation_needs_a_sent_response(client_request, make_consultation):
    make_consultation()
    client_request.get(
        "consultation_public.confirmation",
        slug="send-strategy",
        _expected_redirect=url_for("consultation_public.consultation_page", slug="send-strategy"),
    )


def test_contact_details_are_optional_and_checked(client_request, make_consultation):
    consultation = make_consultation(allow_contact=True)
    data = valid_answers(consultation) | {"submission_token": "t" * 32, "contact": "not an email"}
    page = client_request.post("consultation_public.respond", data, slug="send-strategy", _expected_status=200)
    assert "Enter an email address in the correct format" in page.select_one(".govuk-error-summary").text
    data["contact"] = "parent@example.com"
    client_request.post("consultation_public.respond", data, slug="send-strategy")
    assert db.session.scalar(select(Response.contact)) == "parent@example.com"
