"""``flask retention apply`` deletes each kind of personal data after its period; ``erase-response`` erases one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from consultation.models import Answer, Response
from consultation.retention import reference_hash
from local_offer.models import ProblemReport
from portal.chat.models import ChatLog
from portal.core.audit import AuditEvent, utcnow
from portal.core.dates import add_months
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from tests.factories import make_response, make_service
from tests.snapshot import database_rows

TODAY = date.today()


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _respond(consultation, times: int = 2) -> list[Response]:
    return [make_response(consultation) for _ in range(times)]


def _close(consultation, closed_on: date, months: int = 24) -> None:
    consultation.opens_on, consultation.closes_on = closed_on - timedelta(days=30), closed_on
    consultation.retention_months = months
    db.session.commit()


def _ago(**delta) -> datetime:
    return utcnow() - timedelta(**delta)


@pytest.fixture()
def seeded(make_consultation):
    expired = make_consultation("expired")
    _respond(expired)
    _close(expired, add_months(TODAY, -25))
    short = make_consultation("short-retention")
    _respond(short)
    _close(short, add_months(TODAY, -4), months=3)
    recent = make_consultation("recent")
    _respond(recent)
    _close(recent, add_months(TODAY, -23))
    _respond(make_consultation("still-open"))
    service = make_service("Otter play scheme")
    db.session.add_all(
        [
            ChatLog(created_at=_ago(days=91), message="old"),
            ChatLog(created_at=_ago(days=10), message="new"),
            PageFeedback(created_at=_ago(days=750), path="/"),
            PageFeedback(created_at=_ago(days=700), path="/"),
            ProblemReport(service_id=service.id, kind="closed", created_at=_ago(days=750)),
            ProblemReport(service_id=service.id, kind="closed", created_at=_ago(days=30)),
        ]
    )
    db.session.commit()
    return {"expired": expired, "short": short, "recent": recent}


def test_retention_apply_deletes_what_is_due_and_is_idempotent(app_ctx, seeded):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "consultation responses: 4 deleted" in result.output
    assert "chat log entries: 1 deleted" in result.output
    assert "page feedback: 1 deleted" in result.output and "problem reports: 1 deleted" in result.output
    assert _count(Response) == 4 and _count(Response, Response.consultation_id == seeded["recent"].id) == 2
    assert _count(Answer, Answer.response_id.not_in(select(Response.id))) == 0
    assert _count(ChatLog) == 1 and _count(PageFeedback) == 1 and _count(ProblemReport) == 1
    again = runner.invoke(args=["retention", "apply"])
    assert again.exit_code == 0 and "1 deleted" not in again.output and "4 deleted" not in again.output
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.apply")).all()
    assert len(events) == 2 and events[0].detail["consultation_responses"] == 4


def test_erase_one_response_by_its_reference(app_ctx, make_consultation):
    consultation = make_consultation()
    keep, erase = _respond(consultation)
    result = app_ctx.test_cli_runner().invoke(args=["retention", "erase-response", erase.reference.lower()])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(Response.reference)).all() == [keep.reference]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.erase_response")).one()
    assert event.detail == {"reference_hmac": reference_hash(erase.reference)}
    assert erase.reference not in str(event.detail) and event.target_id == str(consultation.id)
    again = app_ctx.test_cli_runner().invoke(args=["retention", "erase-response", erase.reference])
    assert again.exit_code != 0 and "no response with the reference" in again.output


def test_expired_survey_invitations_are_deleted(app_ctx, make_consultation):
    models = pytest.importorskip("consultation.surveys.models")
    if not hasattr(models, "InvitationBatch"):
        pytest.skip("the surveys package has no invitation batches")
    consultation = make_consultation()
    for expires_on, token in ((TODAY - timedelta(days=1), "a" * 64), (TODAY + timedelta(days=30), "b" * 64)):
        batch = models.InvitationBatch(
            consultation_id=consultation.id, month=TODAY.replace(day=1), team="Team", size=1, expires_on=expires_on
        )
        batch.invitations.append(models.Invitation(token_hash=token))
        db.session.add(batch)
    db.session.commit()
    result = app_ctx.test_cli_runner().invoke(args=["retention", "apply"])
    assert "survey invitations: 1 deleted" in result.output, result.output
    assert db.session.scalars(select(models.Invitation.token_hash)).all() == ["b" * 64]


@pytest.mark.parametrize(
    "start,months,expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 11, 15), 3, date(2024, 2, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 1), -24, date(2022, 5, 1)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_the_erasure_audit_hash_needs_the_secret_key(app_ctx, monkeypatch):
    import hashlib

    reference = "SEND-7KQ4-M2XD"
    keyed = reference_hash(reference)
    assert keyed != hashlib.sha256(reference.encode()).hexdigest()  # not a plain hash anyone can recompute
    monkeypatch.setitem(app_ctx.config, "SECRET_KEY", "another-secret-key")
    assert reference_hash(reference) != keyed


def _deleted_lines(output: str) -> list[tuple[str, str]]:
    return [line.rsplit(": ", 1) for line in output.splitlines() if " deleted" in line]


def test_retention_apply_dry_run_changes_nothing_and_counts_as_a_real_run(app_ctx, seeded):
    runner = app_ctx.test_cli_runner()
    before = database_rows()
    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "consultation responses: 4 would be deleted" in dry.output
    assert "Dry run: nothing was changed" in dry.output
    assert database_rows() == before  # nothing deleted and no audit entry
    real = runner.invoke(args=["retention", "apply"])
    assert real.exit_code == 0, real.output
    would = [(kind, count.replace(" would be deleted", "")) for kind, count in _deleted_lines(dry.output)]
    assert would == [(kind, count.replace(" deleted", "")) for kind, count in _deleted_lines(real.output)]
    assert _count(Response) == 4
