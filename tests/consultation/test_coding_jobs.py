"""Bulk acceptance and theme discovery as jobs, retraining that re-codes the answers waiting for review,
and jobs killed half-way: they leave nothing behind and can be run again."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from flask import url_for
from sqlalchemy import func, null, select

from consultation.coding import accuracy, items, model_store
from consultation.coding import jobs as coding_jobs
from consultation.coding.models import BULK, FIRST, CodingCode, CodingCodebook, CodingItem, CodingSetup
from nlp.themes import ThemeCoder
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from portal.core.jobs import Job, run_job
from tests.consultation.coding_helpers import MANY, coding_consultation

KILLED_WITH_WRITES, KILLED = 86, 87
GROUPS = ["The school taxi was late again", "Speech therapy waiting list", "Short breaks helped", "Nice staff"]


def _ids(consultation, question) -> dict:
    return {"consultation_id": consultation.id, "question_id": question.id}


def _items(question) -> list[CodingItem]:
    return list(db.session.scalars(select(CodingItem).where(CodingItem.question_id == question.id).order_by("id")))


def _latest_job(kind: str) -> Job:
    return db.session.scalar(select(Job).where(Job.kind == kind).order_by(Job.created_at.desc(), Job.id))


def _code_all(client_request, consultation, question) -> None:
    client_request.post("coding_staff.code_all", **_ids(consultation, question))
    assert _latest_job("coding.code").status == "done"


def _review(question, count: int) -> None:
    """Review ``count`` answers one by one: keep the suggestions, but never transport on bus answers."""
    for item in _items(question)[:count]:
        keep = item.suggested() - ({"transport"} if "bus" in items.answer_text(item) else set())
        items.set_codes(item, keep, FIRST, "lead@example.gov.uk")
    db.session.commit()


def _coded_question(client_request, make_consultation, reviewed: int = 30):
    consultation, question = coding_consultation(make_consultation, texts=MANY)
    _code_all(client_request, consultation, question)
    _review(question, reviewed)
    return consultation, question


def _kill_half_way(job: Job, function: str, kwargs: dict, calls_before_kill: int, writes=None) -> int:
    """Run the job in a child process that is killed (``os._exit``) at a progress report, like a worker
    whose machine goes away. Returns the exit code: KILLED_WITH_WRITES when ``writes()`` showed the job's
    own transaction had already changed something, KILLED otherwise."""
    job_id = job.id
    db.session.commit()  # the child starts from what is committed, on connections of its own
    calls = 0

    def report_then_die(*_args, **_kwargs) -> None:
        nonlocal calls
        calls += 1
        if calls > calls_before_kill:
            os._exit(KILLED_WITH_WRITES if writes and writes() else KILLED)

    def child() -> None:
        db.engine.dispose(close=False)  # the parent's connections stay the parent's
        coding_jobs.report_progress = report_then_die
        run_job(job_id, function, kwargs)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(120)
    return process.exitcode


def _new_job(kind: str, question) -> Job:
    job = Job(kind=kind, target=coding_jobs.job_target(question.id), created_by="lead@example.gov.uk")
    db.session.add(job)
    db.session.commit()
    return job


def _bulk_accepted(question) -> int:
    query = select(func.count()).where(CodingItem.question_id == question.id, CodingItem.review_method == BULK)
    return db.session.scalar(query)


# Bulk acceptance


def test_bulk_accept_runs_as_a_job_and_shows_its_expected_accuracy(client_request, lead, make_consultation):
    consultation, question = _coded_question(client_request, make_consultation, reviewed=40)
    waiting = [i for i in _items(question) if i.reviewed_at is None and i.certainty >= 0.5]
    assert waiting
    response = client_request.client.post(
        f"/staff/consultations/{consultation.id}/coding/questions/{question.id}/bulk-accept", data={"threshold": "0.5"}
    )
    job = _latest_job("coding.bulk_accept")
    assert response.headers["Location"] == f"/staff/consultations/{consultation.id}/coding/jobs/{job.id}"
    assert job.status == "done", job.error
    assert (job.done, job.total) == (len(waiting), len(waiting))
    expected = accuracy.precision_at(question.id, 0.5).precision
    assert job.result == {"accepted": len(waiting), "threshold": 0.5, "expected_precision": expected}
    for item in waiting:
        db.session.refresh(item)
        assert item.review_method == BULK and item.reviewed_by == lead.email
        assert item.themes(FIRST) == item.suggested(0.5)
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert f"{len(waiting)} answers coded" in page.select_one(".govuk-panel").text
    assert f"Expected accuracy: {round(100 * expected)}%" in page.select_one("#job-result").text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "coding.bulk_accept"))
    assert event.detail["accepted"] == len(waiting) and event.detail["job"] == job.id


def test_bulk_accept_never_codes_an_answer_someone_reviewed_meanwhile(app_ctx, make_consultation, monkeypatch):
    consultation, question = coding_consultation(make_consultation, texts=MANY)
    coding_jobs.run_coding_job(_new_job("coding.code", question).id, question.id)
    waiting = [i for i in _items(question) if i.certainty >= 0.5]
    monkeypatch.setattr(accuracy, "CHUNK", 3)
    late = waiting[-1]

    def reviewer_saves_one(done: int, total: int) -> None:  # a reviewer saves an answer while the job runs
        if done == 3:
            items.set_codes(late, {"respite"}, FIRST, "reviewer@example.gov.uk")
            db.session.flush()

    accepted = accuracy.bulk_accept(question.id, 0.5, "lead@example.gov.uk", reviewer_saves_one)
    db.session.commit()
    db.session.refresh(late)
    assert accepted == len(waiting) - 1
    assert late.review_method == "manual" and late.themes(FIRST) == {"respite"}
    assert accuracy.bulk_accept(question.id, 0.5, "lead@example.gov.uk") == 0  # a second run finds nothing to do
    codes = db.session.execute(select(CodingCode.item_id, CodingCode.theme).where(CodingCode.coder == FIRST)).all()
    assert len(codes) == len(set(codes))


def test_a_bulk_accept_job_killed_half_way_leaves_nothing_and_can_run_again(
    client_request, lead, make_consultation, monkeypatch
):
    consultation, question = _coded_question(client_request, make_consultation)
    candidates = accuracy.bulk_candidates(question.id, 0.5)
    codes_before = db.session.scalar(select(func.count()).select_from(CodingCode))
    assert candidates > 6
    monkeypatch.setattr(accuracy, "CHUNK", 3)
    job = _new_job("coding.bulk_accept", question)
    code = _kill_half_way(
        job,
        coding_jobs.BULK_ACCEPT.function,
        {"question_id": question.id, "threshold": 0.5},
        calls_before_kill=1,  # the first report comes before any write, the second after the first chunk
        writes=lambda: _bulk_accepted(question) == 3,
    )
    assert code == KILLED_WITH_WRITES
    db.session.expire_all()
    assert _bulk_accepted(question) == 0
    assert db.session.scalar(select(func.count()).select_from(CodingCode)) == codes_before
    assert db.session.get(Job, job.id).status == "running"  # nobody was left to say otherwise
    client_request.post("coding_staff.bulk_accept", {"threshold": "0.5"}, **_ids(consultation, question))
    again = _latest_job("coding.bulk_accept")
    assert again.id != job.id and again.result["accepted"] == candidates
    assert _bulk_accepted(question) == candidates


def test_bulk_accept_checks_the_form_before_starting_a_job(client_request, lead, make_consultation):
    consultation, question = _coded_question(client_request, make_consultation)
    page = client_request.post("coding_staff.bulk_accept", {"threshold": "0.42"}, 200, **_ids(consultation, question))
    assert page.select_one(".govuk-error-summary")
    assert _latest_job("coding.bulk_accept") is None


# Finding themes


def test_finding_themes_runs_as_a_job_and_leads_to_choosing_them(client_request, lead, make_consultation):
    texts = [(f"{group} on day {i}", "parent_carer") for group in GROUPS for i in range(6)]
    consultation, question = coding_consultation(make_consultation, texts=texts, with_codebook=False)
    client_request.post("coding_staff.discover", {"question": question.id}, consultation_id=consultation.id)
    job = _latest_job("coding.discover")
    assert job.status == "done", job.error
    codebook = db.session.scalar(select(CodingCodebook))
    assert job.result == {"codebook": codebook.id, "themes": len(codebook.themes)}
    assert (job.done, job.total) == (1, 2)
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert "possible themes" in page.select_one(".govuk-panel").text
    choose = f"/staff/consultations/{consultation.id}/coding/codebooks/{codebook.id}/choose"
    assert page.select_one(f"a.govuk-button[href='{choose}']")
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "coding.discover" in actions and "coding.codebook_create" in actions


def test_finding_themes_in_too_few_answers_fails_clearly_and_saves_nothing(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation, texts=[("Fine", "parent_carer")])
    client_request.post("coding_staff.discover", {"question": question.id}, consultation_id=consultation.id)
    job = _latest_job("coding.discover")
    assert job.status == "failed"
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert "not enough answers" in page.select_one("#job-error").text
    assert db.session.scalar(select(func.count()).select_from(CodingCodebook)) == 1  # only the helper's own


def test_finding_themes_in_a_question_without_answers_is_refused_on_the_form(client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation, texts=[], with_codebook=False)
    page = client_request.post("coding_staff.discover", {"question": question.id}, 200, consultation_id=consultation.id)
    assert "There are no answers to this question yet" in page.select_one(".govuk-error-summary").text
    assert _latest_job("coding.discover") is None


def test_a_theme_finding_job_killed_half_way_leaves_no_codebook(client_request, lead, make_consultation):
    texts = [(f"{group} on day {i}", "parent_carer") for group in GROUPS for i in range(6)]
    consultation, question = coding_consultation(make_consultation, texts=texts, with_codebook=False)
    job = _new_job("coding.discover", question)
    assert _kill_half_way(job, coding_jobs.DISCOVER.function, {"question_id": question.id}, 1) == KILLED
    assert db.session.scalar(select(func.count()).select_from(CodingCodebook)) == 0
    client_request.post("coding_staff.discover", {"question": question.id}, consultation_id=consultation.id)
    assert db.session.scalar(select(func.count()).select_from(CodingCodebook)) == 1


# Retraining, then re-coding the answers waiting for review


def _suggestions(question) -> dict[int, list]:
    db.session.expire_all()
    return {item.id: item.suggestions for item in _items(question)}


def test_retraining_re_codes_waiting_answers_and_leaves_reviewed_ones_alone(
    client_request, lead, make_consultation, monkeypatch
):
    consultation, question = _coded_question(client_request, make_consultation)
    first = _items(question)[30]  # accepted in bulk: a person has coded it, so its suggestions stay
    items.set_codes(first, first.suggested(), FIRST, lead.email, method=BULK)
    db.session.commit()
    before = _suggestions(question)
    reports = []
    real_report = coding_jobs.report_progress
    monkeypatch.setattr(coding_jobs, "report_progress", lambda *args: reports.append(args[1:]) or real_report(*args))
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    job = _latest_job("coding.retrain")
    assert job.status == "done", job.error
    reviewed = {i.id for i in _items(question) if i.reviewed_at is not None}
    waiting = [i for i in _items(question) if i.reviewed_at is None]
    assert len(reviewed) == 31 and len(waiting) == len(MANY) - 31
    assert job.result["recoded"] == len(waiting) and job.result["examples"] == 30
    assert reports[-1] == (len(waiting), len(waiting), "Coding the answers waiting for review again")
    assert (job.done, job.total) == (len(waiting), len(waiting))
    after = _suggestions(question)
    assert all(after[item_id] == before[item_id] for item_id in reviewed)
    model = model_store.load(db.session.get(CodingSetup, question.id).model)
    expected = coding_jobs.suggestions_for(model, [(i.id, items.answer_text(i)) for i in waiting])
    assert [after[v["item_id"]] for v in expected] == [v["new_suggestions"] for v in expected]
    assert any(after[i.id] != before[i.id] for i in waiting)  # the model does not code like the codebook
    page = client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=job.id)
    assert f"{len(waiting)} answers waiting for review have new suggestions" in page.select_one("#job-result").text


def test_retraining_does_not_code_answers_the_machine_has_not_seen(client_request, lead, make_consultation):
    consultation, question = _coded_question(client_request, make_consultation)
    never = _items(question)[-1]
    never.suggestions, never.certainty = null(), 0.0  # SQL NULL, as for an answer that arrived after coding
    db.session.commit()
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    assert _latest_job("coding.retrain").result["recoded"] == len(MANY) - 31
    db.session.refresh(never)
    assert never.suggestions is None


def test_a_retraining_job_killed_half_way_keeps_the_old_model_and_suggestions(
    client_request, lead, make_consultation, monkeypatch
):
    consultation, question = _coded_question(client_request, make_consultation)
    before = _suggestions(question)
    monkeypatch.setattr(coding_jobs, "CHUNK", 5)
    job = _new_job("coding.retrain", question)
    code = _kill_half_way(job, coding_jobs.RETRAIN.function, {"question_id": question.id}, calls_before_kill=3)
    assert code == KILLED
    assert _suggestions(question) == before
    assert db.session.get(CodingSetup, question.id).model is None
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    assert _latest_job("coding.retrain").status == "done"
    assert db.session.get(CodingSetup, question.id).model is not None


def test_progress_is_shown_only_for_coding_jobs_of_the_consultation(client, client_request, lead, make_consultation):
    consultation, question = coding_consultation(make_consultation)
    other = make_consultation(slug="other-consultation")
    coding = _new_job("coding.bulk_accept", question)
    importing = Job(kind="consultation.import", target=f"consultation:{consultation.id}")
    db.session.add(importing)
    db.session.commit()
    client_request.get("coding_staff.job_progress", consultation_id=consultation.id, job_id=coding.id)
    status = url_for("coding_staff.job_status", consultation_id=consultation.id, job_id=coding.id)
    assert client.get(status).get_json()["finished"] is False
    for endpoint in ("coding_staff.job_progress", "coding_staff.job_status"):
        for consultation_id, job_id in [
            (consultation.id, importing.id),
            (consultation.id, "no-such-job"),
            (other.id, coding.id),
        ]:
            client_request.get(endpoint, consultation_id=consultation_id, job_id=job_id, _expected_status=404)


def test_a_model_saved_by_an_older_coder_codes_by_the_codebook_until_retrained(client_request, lead, make_consultation):
    consultation, question = _coded_question(client_request, make_consultation)
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    setup = db.session.get(CodingSetup, question.id)
    old = model_store.verified_payload(setup.model).replace(b"SEND-THEMECODER-3", b"SEND-THEMECODER-2", 1)
    setup.model = model_store.sign(old)
    db.session.commit()
    client_request.post("coding_staff.code_all", **_ids(consultation, question))
    job = _latest_job("coding.code")
    assert job.status == "done" and job.result["source"] == "codebook"
    page = client_request.get("coding_staff.question", **_ids(consultation, question))
    assert "Retrain to use your 30 reviewed answers again" in page.select_one("#status").text
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    client_request.post("coding_staff.code_all", **_ids(consultation, question))
    assert _latest_job("coding.code").result["source"] == "model"
    page = client_request.get("coding_staff.question", **_ids(consultation, question))
    assert "Trained on 30 reviewed answers" in page.select_one("#status").text


def test_a_stored_model_is_signed_and_a_signed_one_loads(client_request, lead, make_consultation):
    consultation, question = _coded_question(client_request, make_consultation)
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    stored_model = db.session.get(CodingSetup, question.id).model
    assert not stored_model.startswith(b"SEND-THEMECODER")  # the signature comes first
    assert model_store.state(stored_model) == "model"
    assert isinstance(model_store.load(stored_model), ThemeCoder)


def test_a_tampered_or_unsigned_stored_model_is_refused(client_request, lead, make_consultation, monkeypatch):
    consultation, question = _coded_question(client_request, make_consultation)
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    setup = db.session.get(CodingSetup, question.id)
    signed = setup.model
    loads = []
    monkeypatch.setattr(ThemeCoder, "from_bytes", classmethod(lambda cls, blob: loads.append(blob)))
    payload = model_store.verified_payload(signed)
    for refused in (signed[:-1] + bytes([signed[-1] ^ 1]), payload):  # one bit changed; no signature
        with pytest.raises(ValueError):
            model_store.load(refused)
        assert model_store.state(refused) == "unsigned"
    assert loads == []  # refused before anything was unpickled
    monkeypatch.undo()
    setup.model = signed[:-1] + bytes([signed[-1] ^ 1])
    db.session.commit()
    client_request.post("coding_staff.code_all", **_ids(consultation, question))
    assert _latest_job("coding.code").result["source"] == "codebook"
    page = client_request.get("coding_staff.question", **_ids(consultation, question))
    assert "refused because its signature does not match" in page.select_one("#status").text


def test_a_model_signed_with_another_secret_key_is_refused(app, client_request, lead, make_consultation, monkeypatch):
    consultation, question = _coded_question(client_request, make_consultation)
    client_request.post("coding_staff.retrain", **_ids(consultation, question))
    stored_model = db.session.get(CodingSetup, question.id).model
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key")
    assert model_store.state(stored_model) == "unsigned"
