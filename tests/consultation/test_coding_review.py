"""Coding all answers as a job, reviewing suggestions, the least-certain queue, bulk accept, retraining, agreement."""

from __future__ import annotations

from sqlalchemy import select

from consultation.coding import items
from consultation.coding.models import FIRST, MANUAL, SECOND, CodingItem, CodingSetup
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from portal.core.jobs import Job
from tests.consultation.coding_helpers import MANY, coding_consultation


def _ids(consultation, question) -> dict:
    return {"consultation_id": consultation.id, "question_id": question.id}


def _code_all(client_request, consultation, question):
    client_request.post("coding_staff.code_all", **_ids(consultation, question))
    job = db.session.scalar(select(Job).order_by(Job.created_at.desc()))
    assert job.status == "done", job.error
    return job


def _items(question) -> list[CodingItem]:
    return list(db.session.scalars(select(CodingItem).where(CodingItem.question_id == question.id).order_by("id")))


def test_coding_all_answers_runs_as_a_job_with_progress(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation)
    job = _code_all(client_request, consultation, question)
    assert (job.done, job.total) == (5, 5)
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert "5 answers have suggestions" in page.text
    suggested = {i.answer_id: [s["theme"] for s in i.suggestions] for i in _items(question)}
    assert list(suggested.values())[0][:1] == ["transport"]
    assert "coding.bulk_code" in db.session.scalars(select(AuditEvent.action)).all()


def test_progress_page_shows_how_far_the_job_has_got_without_refreshing_itself(
    client, client_request, lead, make_consultation
):
    consultation, question = coding_consultation(make_consultation)
    job = Job(kind="coding.code", target=f"question:{question.id}", status="running", done=2, total=5)
    db.session.add(job)
    db.session.commit()
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert page.select_one("progress")["value"] == "40"
    assert "40% done (2 of 5)" in page.select_one("#job-status[role=status]").text
    # A page that reloads itself every few seconds fails WCAG 2.2.1; the lead reloads it, or the script polls.
    assert page.select_one("meta[http-equiv=refresh]") is None
    assert page.select_one("#job-refresh a")["href"] == f"/staff/consultations/{consultation.id}/coding/jobs/{job.id}"
    status = client.get(page.select_one("#job")["data-job-status-url"]).get_json()
    assert status == {
        "status": "running",
        "finished": False,
        "percent": 40,
        "done": 2,
        "total": 5,
        "text": "Coding answers: 40% done (2 of 5).",
    }


def test_review_shows_evidence_and_saves_accept_reject_and_add(client_request, lead, make_consultation):
    consultation, question = coding_consultation(
        make_consultation, texts=[("The <b>taxi</b> is late & the plan review too", "parent_carer")]
    )
    _code_all(client_request, consultation, question)
    page = client_request.get("coding_staff.review", **_ids(consultation, question))
    answer = page.select_one("#answer")
    assert "taxi" in [m.text for m in answer.select("mark")]
    assert answer.select_one("b") is None and "<b>" in answer.text  # the answer's own markup is escaped
    offered = [box["value"] for box in page.select("input[name=themes]")]
    assert "transport" in offered and "ehcp" in offered
    assert "% confidence" in page.text
    client_request.post(
        "coding_staff.review",
        {"themes": ["transport"], "add": "respite", "order": "uncertain"},
        **_ids(consultation, question),
    )
    item = _items(question)[0]
    assert item.themes(FIRST) == {"transport", "respite"}  # ehcp rejected, respite added
    assert item.review_method == MANUAL
    page = client_request.get("coding_staff.review", **_ids(consultation, question))
    assert page.select_one("#all-done")


def test_least_certain_answers_come_first(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation)
    _code_all(client_request, consultation, question)
    certainties = []
    for _ in range(5):
        item = items.next_item(question.id, items.LEAST_CERTAIN)
        certainties.append(item.certainty)
        items.set_codes(item, set(), FIRST, "lead@example.gov.uk")
    assert certainties == sorted(certainties) and certainties[0] == 0.0
    in_order = _items(question)
    assert in_order[0].id < in_order[-1].id


def _review_like_a_person(question, count: int, who: str = "lead@example.gov.uk") -> None:
    """Keep every suggestion except on bus answers, where the reviewer rejects transport."""
    for item in _items(question)[:count]:
        text = items.answer_text(item)
        keep = item.suggested() - ({"transport"} if "bus" in text else set())
        items.set_codes(item, keep, FIRST, who)
    db.session.commit()


def test_bulk_accept_shows_expected_accuracy_only_with_enough_reviewed_answers(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation, texts=MANY)
    _code_all(client_request, consultation, question)
    page = client_request.get("coding_staff.bulk_accept", threshold="0.5", **_ids(consultation, question))
    assert "not enough reviewed answers" in page.select_one("#expected-accuracy").text
    _review_like_a_person(question, 40)
    page = client_request.get("coding_staff.bulk_accept", threshold="0.5", **_ids(consultation, question))
    accuracy = page.select_one("#expected-accuracy").text
    assert "not enough" not in accuracy and "%" in accuracy
    waiting = [i for i in _items(question) if i.reviewed_at is None and i.certainty >= 0.5]
    assert f"{len(waiting)} answers would be accepted" in page.select_one("#candidates").text
    client_request.post("coding_staff.bulk_accept", {"threshold": "0.5"}, **_ids(consultation, question))
    for item in waiting:
        db.session.refresh(item)
        assert item.review_method == "bulk" and item.themes(FIRST) == item.suggested(0.5)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "coding.bulk_accept"))
    assert event.detail["accepted"] == len(waiting) and event.detail["expected_precision"] is not None


def test_retraining_stores_a_model_from_reviewed_answers(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation, texts=MANY)
    _code_all(client_request, consultation, question)
    _review_like_a_person(question, 30)
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    job = db.session.scalar(select(Job).where(Job.kind == "coding.retrain"))
    assert job.status == "done", job.error
    setup = db.session.get(CodingSetup, question.id)
    db.session.refresh(setup)
    assert setup.model and setup.model_examples == 30
    job = _code_all(client_request, consultation, question)
    assert job.result["source"] == "model"
    assert "coding.retrain" in db.session.scalars(select(AuditEvent.action)).all()


def test_retraining_with_too_few_reviewed_answers_fails_clearly(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation)
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    job = db.session.scalar(select(Job).where(Job.kind == "coding.retrain"))
    assert job.status == "failed"
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert "Review at least 20 answers" in page.select_one("#job-error").text


def test_second_coding_is_blind_and_agreement_is_shown(client_request, lead, make_staff, make_consultation):
    consultation, question = coding_consultation(make_consultation, texts=MANY)
    _code_all(client_request, consultation, question)
    _review_like_a_person(question, len(MANY), lead.email)
    client_request.post("coding_staff.sample", {"size": "6"}, **_ids(consultation, question))
    assert sum(i.in_sample for i in _items(question)) == 6
    page = client_request.get("coding_staff.second_coding", **_ids(consultation, question))
    assert page.select_one("#all-done")  # the first coder cannot second-code their own answers
    second = make_staff(Role.CONSULTATION_LEAD, email="second@example.gov.uk")
    client_request.post("auth_staff.sign_out")
    client_request.post("auth_staff.sign_in", {"email": second.email, "password": "correct horse battery staple"})
    for _ in range(6):
        page = client_request.get("coding_staff.second_coding", **_ids(consultation, question))
        assert not page.select("mark") and not page.select("input[checked]")  # nothing of the others' codes
        item = db.session.get(CodingItem, int(page.select_one("input[name=item]")["value"]))
        themes = sorted(item.themes(FIRST))
        client_request.post(
            "coding_staff.second_coding", {"item": item.id, "themes": themes}, **_ids(consultation, question)
        )
    assert all(i.themes(SECOND) == i.themes(FIRST) for i in _items(question) if i.in_sample)
    page = client_request.get("coding_staff.agreement", **_ids(consultation, question))
    assert "6 answers were coded by both" in page.select_one("#coder-answers").text
    assert "1.00" in page.select_one("#alpha").text
    assert page.select("#kappas tbody tr")
    machine = page.select_one("#machine").text
    assert "95% interval" in machine and "0.75" in machine


def test_machine_agreement_needs_thirty_reviewed_answers(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation)
    _code_all(client_request, consultation, question)
    _review_like_a_person(question, 5)
    page = client_request.get("coding_staff.agreement", **_ids(consultation, question))
    assert "Not enough reviewed answers" in page.select_one("#machine").text
