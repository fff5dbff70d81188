"""Every place a person types is assessed when saved: help on the confirmation page, a flag for staff,
and the person's words saved even when the check fails."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

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


def _send_one_page(client, consultation, text: str):
    who, change = (q.id for q in consultation.visible_questions)
    page = client.get(f"/have-your-say/{consultation.slug}/respond").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {f"q{who}": "parent_carer", f"q{change}": text, "submission_token": token}
    return client.post(f"/have-your-say/{consultation.slug}/respond", data=data)


def test_one_page_consultation_flags_a_disclosure_and_shows_help(client, make_consultation):
    consultation = make_consultation(questions=_questions())
    sent = _send_one_page(client, consultation, DISCLOSURE)
    assert sent.status_code == 302
    page = client.get(sent.location).get_data(as_text=True)
    assert "Your answers have been sent" in page and 'id="safety-help"' in page
    assert "Get help now" in page and page.index("999") < page.index("Samaritans")
    flag = _flags()[0]
    answer = db.session.get(Answer, flag.answer_id)
    assert (flag.source_kind, flag.level, flag.status) == ("answer", "emergency", "new")
    assert answer.text == DISCLOSURE and flag.source_ref == db.session.get(Response, answer.response_id).reference
    assert flag.evidence and flag.evidence in DISCLOSURE


def test_an_ordinary_answer_shows_no_help_and_is_not_flagged(client, make_consultation):
    consultation = make_consultation(questions=_questions())
    page = client.get(_send_one_page(client, consultation, ORDINARY).location).get_data(as_text=True)
    assert "Your answers have been sent" in page and "safety-help" not in page
    assert _flags() == []


def test_one_question_per_page_consultation_flags_at_check_answers(client, make_consultation):
    consultation = make_consultation(questions=_questions(), one_question_per_page=True)
    who, change = (q.id for q in consultation.visible_questions)
    client.get(f"/have-your-say/{consultation.slug}/respond")
    client.post(f"/have-your-say/{consultation.slug}/questions/1", data={f"q{who}": "parent_carer"})
    concern = "I am at the end of my tether with my son, I can't cope and I have no one to help me"
    client.post(f"/have-your-say/{consultation.slug}/questions/2", data={f"q{change}": concern})
    check = client.get(f"/have-your-say/{consultation.slug}/check-answers").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', check).group(1)
    sent = client.post(f"/have-your-say/{consultation.slug}/check-answers", data={"submission_token": token})
    page = client.get(sent.location).get_data(as_text=True)
    flag = _flags()[0]
    assert flag.level in {"concern", "emergency"} and 'id="safety-help"' in page
    again = client.post(f"/have-your-say/{consultation.slug}/check-answers", data={"submission_token": token})
    assert again.status_code == 302 and len(_flags()) == 1  # sent twice: one response, one flag


def _plan_survey_link() -> tuple:
    survey = create_survey(
        SURVEY_KINDS[YOUNG_PERSON_PLAN_FEEDBACK.key], slug="plan", opens_on=date.today() - timedelta(days=1),
        published=True,
    )  # fmt: skip
    _, tokens = create_batch(survey, 1, date.today(), "EHC plan issued")
    db.session.commit()
    return survey, tokens[0]


def answer_plan_survey(client, survey, token: str, worry: str):
    client.get(f"/have-your-say/link/{token}")
    client.get("/have-your-say/plan/respond")
    for number, question in enumerate(survey.visible_questions, start=1):
        data = {f"q{question.id}": worry} if question.text.startswith("Sometimes I worry") else {}
        client.post(f"/have-your-say/plan/questions/{number}", data=data)
    check = client.get("/have-your-say/plan/check-answers").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', check).group(1)
    return client.post("/have-your-say/plan/check-answers", data={"submission_token": token})


def test_young_persons_plan_survey_shows_easy_read_help(client, app_ctx):
    survey, token = _plan_survey_link()
    sent = answer_plan_survey(client, survey, token, DISCLOSURE)
    page = client.get(sent.location).get_data(as_text=True)
    assert "We have your answers" in page
    assert "Childline" in page and "0800 1111" in page and "Tell an adult you trust" in page
    assert "If you are in danger now, call 999." in page and "Samaritans" not in page
    flag = _flags()[0]
    assert (flag.source_kind, flag.level) == ("young_person_answer", "emergency")


def test_young_persons_plan_survey_on_one_page_is_flagged_too(client, app_ctx):
    survey, token = _plan_survey_link()
    survey.one_question_per_page = False
    db.session.commit()
    client.get(f"/have-your-say/link/{token}")
    form = client.get("/have-your-say/plan/respond").get_data(as_text=True)
    submission = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', form).group(1)
    worry = next(q for q in survey.visible_questions if q.text.startswith("Sometimes I worry"))
    sent = client.post("/have-your-say/plan/respond", data={"submission_token": submission, f"q{worry.id}": DISCLOSURE})
    page = client.get(sent.location).get_data(as_text=True)
    assert "Tell an adult you trust" in page
    assert _flags()[0].source_kind == "young_person_answer"


def test_page_feedback_is_stored_redacted_flagged_and_thanked_with_help(client, app_ctx):
    service = make_service("Rugby Youth Club")
    comment = "My name is Jack Smith and my dad hits me when I get home, please help"
    sent = client.post(f"/services/{service.id}/helpful", data={"helpful": "no", "comment": comment})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 200 and "Thank you for your feedback" in page and 'id="safety-help"' in page
    stored = db.session.scalars(select(PageFeedback)).one()
    assert "Jack Smith" not in stored.comment and "hits me" in stored.comment
    flag = _flags()[0]
    assert (flag.source_kind, flag.page_feedback_id, flag.source_ref) == ("page_feedback", stored.id, stored.path)


def test_ordinary_page_feedback_still_goes_back_to_the_service(client, app_ctx):
    service = make_service("Rugby Youth Club")
    sent = client.post(f"/services/{service.id}/helpful", data={"helpful": "yes", "comment": "Clear, thank you"})
    assert sent.status_code == 302 and _flags() == []


def test_problem_report_is_stored_redacted_and_flagged(client, app_ctx):
    service = make_service("Short Breaks Leamington")
    details = "A volunteer called Sarah Jones keeps messaging my 13 year old and asked her to keep it a secret"
    page = client.post(
        f"/services/{service.id}/report-a-problem", data={"kind": "something_else", "details": details}
    ).get_data(as_text=True)
    assert "Thank you for reporting a problem" in page and 'id="safety-help"' in page
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


def test_site_feedback_is_flagged_and_thanked_with_help(client, app_ctx):
    comment = "nobody feeds my little brother and he is always hungry and dirty"
    sent = client.post("/feedback", data={"helpful": "no", "comment": comment, "path": "/"})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 200 and 'id="safety-help"' in page and "Go to the home page" in page
    assert _flags()[0].source_kind == "site_feedback"


def test_a_failing_check_never_loses_the_answer(client, make_consultation, monkeypatch, caplog):
    import portal.core.safeguarding.flags as flags

    def broken(text):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(flags, "_assess", broken)
    monkeypatch.setattr(flags.log, "disabled", False)  # the migrations' logging set-up turns existing loggers off
    consultation = make_consultation(questions=_questions())
    sent = _send_one_page(client, consultation, DISCLOSURE)
    assert sent.status_code == 302 and "Your answers have been sent" in client.get(sent.location).get_data(True)
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
