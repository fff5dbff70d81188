"""One question per page: answers in the session, check your answers, change links, one response."""

from __future__ import annotations

import random
import string

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from consultation.builders import free_text
from consultation.models import Response
from portal.core.extensions import db
from tests.consultation.conftest import question_ids, short_questions

SLUG = "send-strategy"


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def _answer_all(client_request, consultation):
    who, agree, heard, used, change = question_ids(consultation)
    steps = [
        {f"q{who}": "education_staff", f"q{who}_education_staff": "senco"},
        {f"q{agree}": "disagree"},
        {f"q{heard}": "school"},
        {f"q{used}": ["speech_therapy"]},
        {f"q{change}": "Faster assessments"},
    ]
    for number, data in enumerate(steps, start=1):
        expected = (
            url_for("consultation_public.question", slug=SLUG, number=number + 1)
            if number < len(steps)
            else url_for("consultation_public.check_answers", slug=SLUG)
        )
        client_request.post("consultation_public.question", data, slug=SLUG, number=number, _expected_redirect=expected)


def _start(client_request) -> None:
    client_request.get("consultation_public.respond", slug=SLUG, _expected_redirect=_question(1))


def _question(number: int) -> str:
    return url_for("consultation_public.question", slug=SLUG, number=number)


def test_long_consultations_ask_one_question_per_page(client_request, make_consultation):
    questions = short_questions() + [free_text(f"Anything else {n}?") for n in range(2)]
    make_consultation(questions=questions)  # 7 questions: more than 6
    _start(client_request)


def test_questions_need_a_started_journey(client_request, make_consultation):
    make_consultation(one_question_per_page=True)
    client_request.get(
        "consultation_public.question",
        slug=SLUG,
        number=1,
        _expected_redirect=url_for("consultation_public.consultation_page", slug=SLUG),
    )


def test_journey_check_answers_change_and_send(client_request, make_consultation):
    consultation = make_consultation(one_question_per_page=True)
    _start(client_request)
    page = client_request.get("consultation_public.question", slug="send-strategy", number=1)
    assert page.select_one("legend h1") and "Question 1 of 5" in page.select_one("#progress").text
    bad = client_request.post("consultation_public.question", {}, slug=SLUG, number=2, _expected_status=200)
    assert "Select an answer to question 2" in bad.text
    _answer_all(client_request, consultation)
    assert _count() == 0  # nothing reaches the database before the person sends it
    page = client_request.get("consultation_public.check_answers", slug="send-strategy")
    rows = page.select("#answers .govuk-summary-list__row")
    assert len(rows) == 5
    assert "Education staff (SENCo)" in rows[0].text and "Disagree" in rows[1].text
    change_link = rows[1].select_one("a")["href"]
    assert change_link == url_for("consultation_public.question", slug=SLUG, number=2, change=1)
    agree = question_ids(consultation)[1]
    client_request.post(
        "consultation_public.question",
        {f"q{agree}": "strongly_agree"},
        slug=SLUG,
        number=2,
        change=1,
        _expected_redirect=url_for("consultation_public.check_answers", slug=SLUG),
    )
    page = client_request.get("consultation_public.check_answers", slug="send-strategy")
    assert "Strongly agree" in page.select("#answers .govuk-summary-list__row")[1].text
    token = page.select_one("input[name=submission_token]")["value"]
    page = client_request.post(
        "consultation_public.check_answers",
        {"submission_token": token},
        slug="send-strategy",
        _follow=True,
        _expected_status=200,
    )
    reference = page.select_one("#reference").text.strip()
    response = db.session.scalars(select(Response)).one()
    assert response.reference == reference
    assert (response.respondent_type, response.respondent_detail) == ("education_staff", "senco")
    assert {a.option_value for a in response.answers if a.question_id == agree} == {"strongly_agree"}
    # Sending the same page again shows the same confirmation and saves nothing more.
    again = client_request.post(
        "consultation_public.check_answers", {"submission_token": token}, slug=SLUG, _follow=True, _expected_status=200
    )
    assert reference in again.text and _count() == 1


def test_check_answers_sends_back_to_an_unanswered_question(client_request, make_consultation):
    make_consultation(one_question_per_page=True)
    _start(client_request)
    client_request.post("consultation_public.check_answers", {}, slug=SLUG, _expected_redirect=_question(1))
    assert _count() == 0


def test_outage_on_send_keeps_answers_in_the_session(client, client_request, make_consultation, monkeypatch):
    import consultation.public_routes as routes

    consultation = make_consultation(one_question_per_page=True)
    _start(client_request)
    _answer_all(client_request, consultation)
    page = client_request.get("consultation_public.check_answers", slug=SLUG)
    token = page.select_one("input[name=submission_token][type=hidden]")["value"]

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(routes, "save_response", broken)
    page = client_request.post(
        "consultation_public.check_answers", {"submission_token": token}, slug=SLUG, _expected_status=503
    )
    assert "Your answers have not been saved" in page.text
    assert page.select_one("input[name=submission_token]")["value"] == token
    monkeypatch.undo()
    retry = client_request.post(
        "consultation_public.check_answers", {"submission_token": token}, slug=SLUG, _follow=True, _expected_status=200
    )
    assert "Your answers have been sent" in retry.text
    assert _count() == 1


def test_answers_too_long_for_the_session_are_refused_clearly(client, client_request, make_consultation):
    questions = [free_text(f"Question {n}", max_length=5000) for n in range(4)]
    consultation = make_consultation(questions=questions, one_question_per_page=True)
    _start(client_request)
    rng = random.Random(3)
    ids = question_ids(consultation)
    statuses = []
    for number, question_id in enumerate(ids, start=1):
        text = "".join(rng.choice(string.ascii_letters) for _ in range(1500))
        response = client.post(_question(number), data={f"q{question_id}": text})
        statuses.append(response.status_code)
        if response.status_code == 200:
            assert "too long for us to keep between pages" in response.get_data(as_text=True)
            break
    assert statuses[0] == 302 and statuses[-1] == 200
