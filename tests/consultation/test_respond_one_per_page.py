"""One question per page: answers in the session, check your answers, change links, one response."""

from __future__ import annotations

import random
import string

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from consultation.builders import free_text
from consultation.models import Response
from portal.core.extensions import db
from tests.consultation.conftest import question_ids, short_questions

BASE = "/have-your-say/send-strategy"


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def _answer_all(client, consultation):
    who, agree, heard, used, change = question_ids(consultation)
    steps = [
        {f"q{who}": "education_staff", f"q{who}_education_staff": "senco"},
        {f"q{agree}": "disagree"},
        {f"q{heard}": "school"},
        {f"q{used}": ["speech_therapy"]},
        {f"q{change}": "Faster assessments"},
    ]
    for number, data in enumerate(steps, start=1):
        response = client.post(f"{BASE}/questions/{number}", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:1000]
        expected = f"{BASE}/questions/{number + 1}" if number < len(steps) else f"{BASE}/check-answers"
        assert response.headers["Location"].endswith(expected)


def test_long_consultations_ask_one_question_per_page(client, make_consultation):
    questions = short_questions() + [free_text(f"Anything else {n}?") for n in range(2)]
    make_consultation(questions=questions)  # 7 questions: more than 6
    response = client.get(f"{BASE}/respond")
    assert response.status_code == 302 and response.headers["Location"].endswith("/questions/1")


def test_questions_need_a_started_journey(client, make_consultation):
    make_consultation(one_question_per_page=True)
    response = client.get(f"{BASE}/questions/1")
    assert response.status_code == 302 and response.headers["Location"].endswith(BASE)


def test_journey_check_answers_change_and_send(client, client_request, make_consultation):
    consultation = make_consultation(one_question_per_page=True)
    client.get(f"{BASE}/respond")
    page = client_request.get("consultation.question", slug="send-strategy", number=1)
    assert page.select_one("legend h1") and "Question 1 of 5" in page.select_one("#progress").text
    bad = client.post(f"{BASE}/questions/2", data={})
    assert bad.status_code == 200 and "Select an answer to question 2" in bad.get_data(as_text=True)
    _answer_all(client, consultation)
    assert _count() == 0  # nothing reaches the database before the person sends it
    page = client_request.get("consultation.check_answers", slug="send-strategy")
    rows = page.select("#answers .govuk-summary-list__row")
    assert len(rows) == 5
    assert "Education staff (SENCo)" in rows[0].text and "Disagree" in rows[1].text
    change_link = rows[1].select_one("a")["href"]
    assert change_link.endswith("/questions/2?change=1")
    agree = question_ids(consultation)[1]
    response = client.post(change_link, data={f"q{agree}": "strongly_agree"})
    assert response.headers["Location"].endswith("/check-answers")
    page = client_request.get("consultation.check_answers", slug="send-strategy")
    assert "Strongly agree" in page.select("#answers .govuk-summary-list__row")[1].text
    token = page.select_one("input[name=submission_token]")["value"]
    page = client_request.post(
        "consultation.check_answers",
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
    again = client.post(f"{BASE}/check-answers", data={"submission_token": token}, follow_redirects=True)
    assert reference in again.get_data(as_text=True) and _count() == 1


def test_check_answers_sends_back_to_an_unanswered_question(client, make_consultation):
    make_consultation(one_question_per_page=True)
    client.get(f"{BASE}/respond")
    response = client.post(f"{BASE}/check-answers", data={})
    assert response.status_code == 302 and response.headers["Location"].endswith("/questions/1")
    assert _count() == 0


def test_outage_on_send_keeps_answers_in_the_session(client, make_consultation, monkeypatch):
    import consultation.public_routes as routes

    consultation = make_consultation(one_question_per_page=True)
    client.get(f"{BASE}/respond")
    _answer_all(client, consultation)
    page = client.get(f"{BASE}/check-answers").get_data(as_text=True)
    token = page.split('name="submission_token" type="hidden" value="')[1].split('"')[0]

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(routes, "save_response", broken)
    response = client.post(f"{BASE}/check-answers", data={"submission_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "Your answers have not been saved" in body
    assert f'value="{token}"' in body
    monkeypatch.undo()
    retry = client.post(f"{BASE}/check-answers", data={"submission_token": token}, follow_redirects=True)
    assert retry.status_code == 200 and "Your answers have been sent" in retry.get_data(as_text=True)
    assert _count() == 1


def test_answers_too_long_for_the_session_are_refused_clearly(client, make_consultation):
    questions = [free_text(f"Question {n}", max_length=5000) for n in range(4)]
    consultation = make_consultation(questions=questions, one_question_per_page=True)
    client.get(f"{BASE}/respond")
    rng = random.Random(3)
    ids = question_ids(consultation)
    statuses = []
    for number, question_id in enumerate(ids, start=1):
        text = "".join(rng.choice(string.ascii_letters) for _ in range(1500))
        response = client.post(f"{BASE}/questions/{number}", data={f"q{question_id}": text})
        statuses.append(response.status_code)
        if response.status_code == 200:
            assert "too long for us to keep between pages" in response.get_data(as_text=True)
            break
    assert statuses[0] == 302 and statuses[-1] == 200
