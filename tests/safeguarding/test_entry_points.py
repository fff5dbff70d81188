"""Every place a person types is assessed when saved: help on the confirmation page, a flag for staff,
and the person's words saved even when the check fails."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import func, select

from consultation.builders import free_text, respondent_question
from consultation.models import Answer, Response
from consultation.surveys.catalogue import SURVEY_KINDS, YOUNG_PERSON_PLAN_FEEDBACK
from consultation.surveys.invitations import create_batch
from consultation.surveys.services import create_survey
from local_offer.models import ProblemReport
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from portal.core.safeguarding.models import SafeguardingFlag
from tests.factories import make_service
from tests.safeguarding.conftest import DISCLOSURE

ORDINARY = "The bus to school is often late and my son gets upset"


def _flags() -> list[SafeguardingFlag]:
    return list(db.session.scalars(select(SafeguardingFlag).order_by(SafeguardingFlag.id)))


def _questions():
    return [respondent_question(), free_text("What should we change?", max_length=1000)]


def _token(page) -> str:
    return page.select_one("input[name=submission_token][type=hidden]")["value"]


def _send_one_page(client_request, consultation, text: str):
    """Send the one-page form and return the confirmation page it redirects to."""
    who, change = (q.id for q in consultation.visible_questions)
    token = _token(client_request.get("consultation_public.respond", slug=consultation.slug))
    data = {f"q{who}": "parent_carer", f"q{change}": text, "submission_token": token}
    confirmation = url_for("consultation_public.confirmation", slug=consultation.slug)
    client_request.post("consultation_public.respond", data, slug=consultation.slug, _expected_redirect=confirmation)
    return client_request.get("consultation_public.confirmation", slug=consultation.slug)


def test_one_page_consultation_flags_a_disclosure_and_shows_help(client_request, make_consultation):
    consultation = make_consultation(questions=_questions())
    page = _send_one_page(client_request, consultation, DISCLOSURE)
    assert "Your answers have been sent" in page.text and page.select_one("#safety-help")
    html = str(page)
    assert "Get help now" in page.text and html.index("999") < html.index("Samaritans")
    flag = _flags()[0]
    answer = db.session.get(Answer, flag.answer_id)
    assert (flag.source_kind, flag.level, flag.status) == ("answer", "emergency", "new")
    assert answer.text == DISCLOSURE and flag.source_ref == db.session.get(Response, answer.response_id).reference
    assert flag.evidence and flag.evidence in DISCLOSURE


def test_an_ordinary_answer_shows_no_help_and_is_not_flagged(client_request, make_consultation):
    consultation = make_consultation(questions=_questions())
    page = _send_one_page(client_request, consultation, ORDINARY)
    assert "Your answers have been sent" in page.text and "safety-help" not in str(page)
    assert _flags() == []


def test_one_question_per_page_consultation_flags_at_check_answers(client, client_request, make_consultation):
    consultation = make_consultation(questions=_questions(), one_question_per_page=True)
    slug = consultation.slug
    who, change = (q.id for q in consultation.visible_questions)
    client.get(url_for("consultation_public.respond", slug=slug))
    client.post(url_for("consultation_public.question", slug=slug, number=1), data={f"q{who}": "parent_carer"})
    concern = "I am at the end of my tether with my son, I can't cope and I have no one to help me"
    client.post(url_for("consultation_public.question", slug=slug, number=2), data={f"q{change}": concern})
    token = _token(client_request.get("consultation_public.check_answers", slug=slug))
    confirmation = url_for("consultation_public.confirmation", slug=slug)
    sent = {"submission_token": token}
    client_request.post("consultation_public.check_answers", sent, slug=slug, _expected_redirect=confirmation)
    page = client_request.get("consultation_public.confirmation", slug=slug)
    flag = _flags()[0]
    assert flag.level in {"concern", "emergency"} and page.select_one("#safety-help")
    client_request.post("consultation_public.check_answers", sent, slug=slug)
    assert len(_flags()) == 1  # sent twice: one response, one flag


def _plan_survey_link() -> tuple:
    survey = create_survey(
        SURVEY_KINDS[YOUNG_PERSON_PLAN_FEEDBACK.key], slug="plan", opens_on=date.today() - timedelta(days=1),
        published=True,
    )  # fmt: skip
    _, tokens = create_batch(survey, 1, date.today(), "EHC plan issued")
    db.session.commit()
    return survey, tokens[0]


def answer_plan_survey(client_request, survey, token: str, worry: str):
    """Answer the plan survey through its link, one question a page, and return the confirmation page."""
    client_request.get("consultation_public.invitation_link", token=token, _expected_status=302)
    client_request.get("consultation_public.respond", slug="plan", _expected_status=302)
    for number, question in enumerate(survey.visible_questions, start=1):
        data = {f"q{question.id}": worry} if question.text.startswith("Sometimes I worry") else {}
        client_request.post("consultation_public.question", data, slug="plan", number=number)
    token = _token(client_request.get("consultation_public.check_answers", slug="plan"))
    confirmation = url_for("consultation_public.confirmation", slug="plan")
    client_request.post(
        "consultation_public.check_answers", {"submission_token": token}, slug="plan", _expected_redirect=confirmation
    )
    return client_request.get("consultation_public.confirmation", slug="plan")


def test_young_persons_plan_survey_shows_easy_read_help(client_request):
    survey, token = _plan_survey_link()
    page = answer_plan_survey(client_request, survey, token, DISCLOSURE)
    text = page.text
    assert "We have your answers" in text
    assert "Childline" in text and "0800 1111" in text and "Tell an adult you trust" in text
    assert "If you are in danger now, call 999." in text and "Samaritans" not in str(page)
    flag = _flags()[0]
    assert (flag.source_kind, flag.level) == ("young_person_answer", "emergency")


def test_young_persons_plan_survey_on_one_page_is_flagged_too(client_request):
    survey, token = _plan_survey_link()
    survey.one_question_per_page = False
    db.session.commit()
    client_request.get("consultation_public.invitation_link", token=token, _expected_status=302)
    submission = _token(client_request.get("consultation_public.respond", slug="plan"))
    worry = next(q for q in survey.visible_questions if q.text.startswith("Sometimes I worry"))
    client_request.post(
        "consultation_public.respond",
        {"submission_token": submission, f"q{worry.id}": DISCLOSURE},
        slug="plan",
        _expected_redirect=url_for("consultation_public.confirmation", slug="plan"),
    )
    page = client_request.get("consultation_public.confirmation", slug="plan")
    assert "Tell an adult you trust" in page.text
    assert _flags()[0].source_kind == "young_person_answer"


def test_page_feedback_is_stored_redacted_flagged_and_thanked_with_help(client_request):
    service = make_service("Rugby Youth Club")
    comment = "My name is Jack Smith and my dad hits me when I get home, please help"
    data = {"helpful": "no", "comment": comment}
    page = client_request.post("local_offer_public.helpful", data, service_id=service.id, _expected_status=200)
    assert "Thank you for your feedback" in page.text and page.select_one("#safety-help")
    stored = db.session.scalars(select(PageFeedback)).one()
    assert "Jack Smith" not in stored.comment and "hits me" in stored.comment
    flag = _flags()[0]
    assert (flag.source_kind, flag.page_feedback_id, flag.source_ref) == ("page_feedback", stored.id, stored.path)


def test_ordinary_page_feedback_still_goes_back_to_the_service(client_request):
    service = make_service("Rugby Youth Club")
    client_request.post(
        "local_offer_public.helpful", {"helpful": "yes", "comment": "Clear, thank you"}, service_id=service.id
    )
    assert _flags() == []


def test_problem_report_is_stored_redacted_and_flagged(client_request):
    service = make_service("Short Breaks Leamington")
    details = "A volunteer called Sarah Jones keeps messaging my 13 year old and asked her to keep it a secret"
    page = client_request.post(
        "local_offer_public.report_problem",
        {"kind": "something_else", "details": details},
        service_id=service.id,
        _expected_status=200,
    )
    assert "Thank you for reporting a problem" in page.text and page.select_one("#safety-help")
    report = db.session.scalars(select(ProblemReport)).one()
    assert "Sarah Jones" not in report.details
    flag = _flags()[0]
    assert (flag.source_kind, flag.problem_report_id, flag.source_ref) == ("problem_report", report.id, service.name)


def test_problem_report_keeps_the_new_contact_details_it_asks_for(client, app_ctx):
    service = make_service("Short Breaks Leamington")
    details = (
        "The number changed to 01926 412345, email breaks@example.org, and it meets at 14 Mill Lane now. "
        "Ask for Sarah Jones"
    )
    client.post(f"/services/{service.id}/report-a-problem", data={"kind": "out_of_date", "details": details})
    stored = db.session.scalars(select(ProblemReport)).one().details
    assert "01926 412345" in stored and "breaks@example.org" in stored and "14 Mill Lane" in stored
    assert "Sarah Jones" not in stored


def test_site_feedback_is_flagged_and_thanked_with_help(client_request):
    comment = "nobody feeds my little brother and he is always hungry and dirty"
    page = client_request.post(
        "main_public.feedback", {"helpful": "no", "comment": comment, "path": "/"}, _expected_status=200
    )
    assert page.select_one("#safety-help") and "Go to the home page" in page.text
    assert _flags()[0].source_kind == "site_feedback"


def test_a_failing_check_never_loses_the_answer(client_request, make_consultation, monkeypatch, caplog):
    import portal.core.safeguarding.flags as flags

    def broken(text):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(flags, "_assess", broken)
    monkeypatch.setattr(flags.log, "disabled", False)  # the migrations' logging set-up turns existing loggers off
    consultation = make_consultation(questions=_questions())
    assert "Your answers have been sent" in _send_one_page(client_request, consultation, DISCLOSURE).text
    assert db.session.scalar(select(Answer.text).where(Answer.text == DISCLOSURE)) == DISCLOSURE
    logged = [record.getMessage() for record in caplog.records]
    assert any("could not assess" in line for line in logged), logged
    assert not any(DISCLOSURE in line for line in logged)


def test_paper_import_flags_written_answers(client, lead, make_consultation):
    consultation = make_consultation(questions=_questions())
    who, change = (q.id for q in consultation.visible_questions)
    content = f"Who are you?,What should we change?\r\nParent or carer,{ORDINARY}\r\nYoung person,{DISCLOSURE}\r\n"
    upload = client.post(
        f"/staff/consultations/{consultation.id}/import",
        data={"file": (io.BytesIO(content.encode()), "paper.csv"), "source": "paper"},
        content_type="multipart/form-data",
    )
    done = client.post(upload.location, data={"col_0": "respondent_type", "col_1": f"q{change}"}, follow_redirects=True)
    body = done.get_data(as_text=True)
    assert "2 responses saved" in body and "1 written answer suggests someone may be at risk" in body
    flag = _flags()[0]
    assert flag.source_kind == "imported_answer" and flag.source_ref.startswith("paper response")
    assert db.session.get(Answer, flag.answer_id).text == DISCLOSURE
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2
