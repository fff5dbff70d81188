"""``retention apply`` deletes uploaded response files an import has finished with or that were left,
and job records (whose results can quote a file's cells) a week after their job finished."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consultation.import_jobs import JOB_KIND, job_target
from consultation.models import ResponseUpload
from portal.core.access import Role
from portal.core.audit import AuditEvent, utcnow
from portal.core.extensions import db
from portal.core.jobs import DONE, FAILED, QUEUED, RUNNING, Job
from portal.core.retention import apply_retention, due_counts
from tests.consultation import conftest as consultation_fixtures
from tests.consultation.conftest import question_ids

UPLOADS, JOBS = "uploaded response files", "job records"
BAD_CELL = "Grandmother of Oliver Bennett"

make_consultation = consultation_fixtures.make_consultation  # the fixture, shared


def _ago(**delta):
    return utcnow() - timedelta(**delta)


def _upload(consultation, **delta) -> int:
    upload = ResponseUpload(consultation_id=consultation.id, filename="responses.csv", content=b"a,b\r\n1,2\r\n",
                            headers=["a", "b"], row_count=1, created_at=_ago(**delta))  # fmt: skip
    db.session.add(upload)
    db.session.commit()
    return upload.id


def _job(consultation=None, status=DONE, *, started, finished=None, kind=JOB_KIND, **result) -> str:
    job = Job(kind=kind, target=job_target(consultation) if consultation else None, status=status,
              result=result, created_at=started, finished_at=finished,
              error="IntegrityError: (Oliver Bennett)" if status == FAILED else None)  # fmt: skip
    db.session.add(job)
    db.session.commit()
    return job.id


def _left(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_uploads_are_kept_for_a_week_unless_an_import_is_running(app_ctx, make_consultation):
    left = _upload(make_consultation("left"), days=8)
    recent = _upload(make_consultation("recent"), days=2)
    importing_now = make_consultation("importing-now")
    in_use = _upload(importing_now, days=9)
    _job(importing_now, RUNNING, started=_ago(hours=1))
    died = make_consultation("died")
    stale = _upload(died, days=9)
    _job(died, QUEUED, started=_ago(days=3))
    assert due_counts()[UPLOADS] == 2

    assert apply_retention()[UPLOADS] == 2
    kept = db.session.scalars(select(ResponseUpload.id).order_by(ResponseUpload.id)).all()
    assert kept == [recent, in_use] and left not in kept and stale not in kept
    assert apply_retention()[UPLOADS] == 0


def test_a_file_goes_as_soon_as_an_import_has_saved_its_responses(app_ctx, make_consultation):
    imported, corrected = make_consultation("imported"), make_consultation("being-corrected")
    saved = _upload(imported, hours=3)
    _job(imported, started=_ago(hours=2), finished=_ago(hours=2), saved=12, errors=[], error_count=0)
    kept = _upload(corrected, hours=3)  # its import found mistakes: the lead may change the columns and try again
    _job(corrected, started=_ago(hours=2), finished=_ago(hours=2), saved=0, errors=["Row 2: ‘x’"], error_count=1)
    newer = _upload(imported, hours=1)  # uploaded after the earlier import finished
    assert apply_retention()[UPLOADS] == 1
    assert set(db.session.scalars(select(ResponseUpload.id))) == {kept, newer} and saved != newer


def test_job_records_are_deleted_a_week_after_they_finish(app_ctx, make_consultation):
    consultation = make_consultation()
    old_errors = _job(consultation, started=_ago(days=9), finished=_ago(days=8), saved=0,
                      errors=[f"Row 2: ‘{BAD_CELL}’ is not a respondent type"], error_count=1)  # fmt: skip
    old_failure = _job(consultation, FAILED, started=_ago(days=10), finished=_ago(days=10))
    never_finished = _job(None, RUNNING, started=_ago(days=8), kind="coding.code")
    recent = _job(consultation, started=_ago(days=6), finished=_ago(days=6), saved=3)
    running = _job(None, RUNNING, started=_ago(minutes=5), kind="coding.code")
    assert due_counts()[JOBS] == 3
    assert apply_retention()[JOBS] == 3
    assert set(db.session.scalars(select(Job.id))) == {recent, running}
    assert {old_errors, old_failure, never_finished}.isdisjoint(db.session.scalars(select(Job.id)))
    assert apply_retention()[JOBS] == 0


def _upload_through_the_page(client, consultation, rows: str) -> str:
    header = "Who are you?,Do you agree with our priorities"
    content = f"{header}\r\n{rows}\r\n".encode()
    response = client.post(f"/staff/consultations/{consultation.id}/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), "Letters.csv"), "source": "paper"})  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def test_an_abandoned_upload_and_its_failed_import_go_after_a_week(app_ctx, client, sign_in, make_consultation):
    sign_in(Role.CONSULTATION_LEAD)
    consultation = make_consultation()
    who, agree, *_ = question_ids(consultation)
    mapping_page = _upload_through_the_page(client, consultation, f"{BAD_CELL},Agree")
    body = client.post(mapping_page, data={"col_0": "respondent_type", "col_1": f"q{agree}"}, follow_redirects=True)
    assert "Nothing has been saved" in body.get_data(as_text=True)
    job = db.session.scalar(select(Job))
    assert BAD_CELL[:30] in str(job.result["errors"])  # the reason quotes the cell, so the record is personal data

    result = app_ctx.test_cli_runner().invoke(args=["retention", "apply"])
    assert f"{UPLOADS}: 0 deleted" in result.output and f"{JOBS}: 0 deleted" in result.output
    assert _left(ResponseUpload) == 1 and _left(Job) == 1

    a_week_on = (date.today() + timedelta(days=8)).isoformat()
    result = app_ctx.test_cli_runner().invoke(args=["retention", "apply", "--today", a_week_on])
    assert result.exit_code == 0, result.output
    assert f"{UPLOADS}: 1 deleted" in result.output and f"{JOBS}: 1 deleted" in result.output
    assert _left(ResponseUpload) == 0 and _left(Job) == 0
    again = app_ctx.test_cli_runner().invoke(args=["retention", "apply", "--today", a_week_on])
    assert f"{UPLOADS}: 0 deleted" in again.output and f"{JOBS}: 0 deleted" in again.output

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.apply")).all()
    assert [event.detail["uploaded_response_files"] for event in events] == [0, 1, 0]
    assert all(isinstance(value, int) for event in events for key, value in event.detail.items() if key != "as_of")
    assert BAD_CELL not in str([event.detail for event in events])


@pytest.mark.parametrize("kind", [UPLOADS, JOBS])
def test_the_new_kinds_are_reported_by_the_command(app_ctx, kind):
    result = app_ctx.test_cli_runner().invoke(args=["retention", "apply"])
    assert f"{kind}: 0 deleted" in result.output
