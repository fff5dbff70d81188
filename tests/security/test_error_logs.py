"""Database errors never put personal data in a log line (probe finding 5).

SQLAlchemy's message for a failed statement ends with the statement's parameters: a respondent's email,
the free text of an answer. The 503 handler, the 500 handler and failed jobs log the error's class and a
short code instead, and a failed job records no more than that either.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from consultation import public_routes
from portal.core.extensions import db
from portal.core.jobs import FAILED, get_job, start_job
from tests.consultation.conftest import valid_answers

EMAIL = "parent.carer@example.org"
FREE_TEXT = "My son Alfie needs more help at Oakwood"


def _failing_insert(*args, **kwargs):
    """A statement that fails in the database, carrying personal data as its parameters."""
    db.session.execute(text("INSERT INTO no_such_table (email, answer) VALUES (:email, :answer)"),
                       {"email": EMAIL, "answer": FREE_TEXT})  # fmt: skip


def failing_job(job_id: str) -> None:  # noqa: ARG001  (a job function's signature)
    _failing_insert()


def _assert_nothing_personal(caplog) -> None:
    logged = caplog.text + " ".join(str(record.exc_info) for record in caplog.records)
    assert EMAIL not in logged and FREE_TEXT not in logged


def test_the_503_handler_logs_the_class_and_code_not_the_parameters(client, make_consultation, monkeypatch, caplog):
    consultation = make_consultation()
    monkeypatch.setattr(public_routes, "save_response", _failing_insert)
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"/have-your-say/{consultation.slug}/respond", data=valid_answers(consultation))
    assert response.status_code == 503 and "Your answers have not been saved" in response.get_data(as_text=True)
    assert any("database unavailable" in r.getMessage() and "Error" in r.getMessage() for r in caplog.records)
    _assert_nothing_personal(caplog)


def test_a_failed_job_logs_and_records_no_parameters(app_ctx, caplog):
    with caplog.at_level(logging.DEBUG):
        job = start_job("test.failing", "tests.security.test_error_logs:failing_job")
    stored = get_job(job.id)
    assert stored.status == FAILED and "Error" in stored.error
    assert EMAIL not in stored.error and FREE_TEXT not in stored.error
    _assert_nothing_personal(caplog)


@pytest.fixture()
def raising_page(app, monkeypatch):
    """A page whose database work fails with an error that is not a DBAPIError (so the 500 handler sees it)."""
    from sqlalchemy.exc import StatementError

    def fail(*args, **kwargs):
        raise StatementError(f"could not convert {EMAIL!r}", "SELECT :email", {"email": EMAIL}, ValueError(EMAIL))

    monkeypatch.setattr("local_offer.public_routes.render_template", fail)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def test_the_500_handler_logs_no_statement_parameters(client, raising_page, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get("/services/")
    assert response.status_code == 500
    _assert_nothing_personal(caplog)
