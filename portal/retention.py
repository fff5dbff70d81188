"""Retention periods and erasure: ``flask retention apply``, ``flask retention erase-response`` and the
administrators' page in ``portal.admin``.

Each kind of personal data is kept for its own period, then deleted:
consultation responses for the consultation's ``retention_months`` after it closes; chat logs for
CHAT_LOG_RETENTION_DAYS; page feedback and problem reports for 24 months; survey invitation links
once they have expired; uploaded response files as soon as an import has saved them, or 7 days after
upload when no import finished; job records (whose results can quote a file's cells) 7 days after the
job finished or, for a job that never finished, 7 days after it started. Every run is audited with the
counts only, and running twice deletes nothing new. Safeguarding flags are deleted by the database with the
answer, comment or report they were raised on (their foreign keys cascade), here and on erasure alike.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import ColumnElement, and_, delete, func, or_, select

from portal import audit
from portal.audit import utcnow
from portal.cli_options import DRY_RUN_NOTE, dry_run_option, progress_bar, progress_option
from portal.extensions import db
from portal.jobs import DONE, Job

FEEDBACK_RETENTION_MONTHS = 24
UPLOAD_RETENTION_DAYS = 7
JOB_RETENTION_DAYS = 7
# An import job still queued or running after this long has died (RQ gives a job an hour at most),
# so it no longer protects its uploaded file.
JOB_ALIVE_FOR = timedelta(days=1)
# The shape of the reference a person who answered online was given, once spaces and dashes are taken out.
REFERENCE_PATTERN = re.compile(r"SEND([A-Z0-9]{4})([A-Z0-9]{4})")

retention_cli = AppGroup("retention", help="Delete personal data that is past its retention period.")


@dataclass(frozen=True)
class Kind:
    """One kind of personal data: what it is, how long it is kept, and which of its rows are due."""

    name: str
    period: str
    model: type
    due: Callable[[date], ColumnElement[bool]]

    def count_due(self, today: date) -> int:
        return db.session.scalar(select(func.count()).select_from(self.model).where(self.due(today))) or 0

    def purge(self, today: date) -> int:
        return db.session.execute(delete(self.model).where(self.due(today))).rowcount or 0


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def closed_on(consultation) -> date:
    """When a consultation closed: early by hand, or at its close date."""
    if consultation.closed_at is not None:
        return min(consultation.closed_at.date(), consultation.closes_on)
    return consultation.closes_on


def _now(today: date) -> datetime:
    """The moment periods are measured from: now, or this time of day on a pretend ``today``."""
    return datetime.combine(today, utcnow().time())


def _months_before(today: date, months: int) -> datetime:
    return datetime.combine(add_months(today, -months), time.min)


def expired_responses(today: date) -> ColumnElement[bool]:
    from consultation.models import Consultation, Response

    expired = [
        consultation.id
        for consultation in db.session.scalars(select(Consultation).where(Consultation.published_at.is_not(None)))
        if consultation.status(today) == "closed"
        and add_months(closed_on(consultation), consultation.retention_months) <= today
    ]
    # Deleting a response, the database cascades to its answers, coding items and quotes drawn from them.
    return Response.consultation_id.in_(expired)


def expired_chat_logs(today: date) -> ColumnElement[bool]:
    from portal.chat.models import ChatLog

    return ChatLog.created_at < _now(today) - timedelta(days=current_app.config["CHAT_LOG_RETENTION_DAYS"])


def expired_page_feedback(today: date) -> ColumnElement[bool]:
    from portal.feedback import PageFeedback

    return PageFeedback.created_at < _months_before(today, FEEDBACK_RETENTION_MONTHS)


def expired_problem_reports(today: date) -> ColumnElement[bool]:
    from local_offer.models import ProblemReport

    return ProblemReport.created_at < _months_before(today, FEEDBACK_RETENTION_MONTHS)


def expired_invitations(today: date) -> ColumnElement[bool]:
    from consultation.surveys.models import Invitation, InvitationBatch

    return Invitation.batch_id.in_(select(InvitationBatch.id).where(InvitationBatch.expires_on < today))


def expired_uploads(today: date) -> ColumnElement[bool]:
    """Files whose responses an import has saved, and files left more than 7 days with no import running."""
    from consultation.import_jobs import JOB_KIND
    from consultation.models import ResponseUpload

    now = _now(today)
    jobs = db.session.execute(
        select(Job.target, Job.status, Job.result, Job.created_at, Job.finished_at).where(Job.kind == JOB_KIND)
    ).all()
    due = []
    uploads = select(ResponseUpload.id, ResponseUpload.consultation_id, ResponseUpload.created_at)
    for upload_id, consultation_id, uploaded_at in db.session.execute(uploads):
        # A consultation holds one upload at a time, so its import jobs started since came from this file.
        target = f"consultation:{consultation_id}"
        later = [job for job in jobs if job.target == target and job.created_at >= uploaded_at]
        imported = any(job.status == DONE and (job.result or {}).get("saved") for job in later)
        running = any(job.finished_at is None and job.created_at > now - JOB_ALIVE_FOR for job in later)
        if imported or (not running and uploaded_at < now - timedelta(days=UPLOAD_RETENTION_DAYS)):
            due.append(upload_id)
    return ResponseUpload.id.in_(due)


def expired_jobs(today: date) -> ColumnElement[bool]:
    cutoff = _now(today) - timedelta(days=JOB_RETENTION_DAYS)
    return or_(
        and_(Job.finished_at.is_not(None), Job.finished_at < cutoff),
        and_(Job.finished_at.is_(None), Job.created_at < cutoff),
    )


def kinds() -> list[Kind]:
    """Every kind of personal data the portal deletes on a schedule, in the order they are reported."""
    from consultation.models import Response, ResponseUpload
    from consultation.surveys.models import Invitation
    from local_offer.models import ProblemReport
    from portal.chat.models import ChatLog
    from portal.feedback import PageFeedback

    chat_days = current_app.config["CHAT_LOG_RETENTION_DAYS"]
    feedback = f"{FEEDBACK_RETENTION_MONTHS} months after it was sent"
    return [
        Kind("consultation responses", "24 months after the consultation closes, or the period its lead chose",
             Response, expired_responses),
        Kind("chat log entries", f"{chat_days} days", ChatLog, expired_chat_logs),
        Kind("page feedback", feedback, PageFeedback, expired_page_feedback),
        Kind("problem reports", feedback, ProblemReport, expired_problem_reports),
        Kind("survey invitations", "Until the invitation link expires", Invitation, expired_invitations),
        Kind("uploaded response files", "Until the import saves the responses, or "
             f"{UPLOAD_RETENTION_DAYS} days after upload if it does not", ResponseUpload, expired_uploads),
        Kind("job records", f"{JOB_RETENTION_DAYS} days after the import or coding job finished", Job, expired_jobs),
    ]  # fmt: skip


def due_by_kind(today: date | None = None) -> list[tuple[Kind, int]]:
    """Each kind with how many of its records ``apply_retention`` would delete now."""
    today = today or utcnow().date()
    return [(kind, kind.count_due(today)) for kind in kinds()]


def due_counts(today: date | None = None) -> dict[str, int]:
    return {kind.name: count for kind, count in due_by_kind(today)}


def apply_retention(
    today: date | None = None, dry_run: bool = False, advance: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Delete everything past its retention period in one transaction; returns how many of each kind.

    With ``dry_run`` the deletions are made and then rolled back, and nothing is audited. ``advance(1)`` is
    called after each kind.
    """
    today = today or utcnow().date()
    try:
        deleted = {}
        for kind in kinds():
            deleted[kind.name] = kind.purge(today)
            if advance:
                advance(1)
        if dry_run:
            db.session.rollback()
            return deleted
        audit.record("retention.apply", as_of=today.isoformat(), **_audit_counts(deleted))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return deleted


def _audit_counts(deleted: dict[str, int]) -> dict[str, int]:
    return {kind.replace(" ", "_"): count for kind, count in deleted.items()}


def reference_hash(reference: str) -> str:
    """An HMAC-SHA-256 of the reference keyed with SECRET_KEY: the audit log can show that a given reference was
    erased, but a reference (about 40 bits) cannot be found again from it by trying them all without the key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, reference.strip().upper().encode(), hashlib.sha256).hexdigest()


class NoSuchResponse(LookupError):
    pass


def normalise_reference(text: str) -> str | None:
    """'send 7kq4 m2xd' or 'SEND7KQ4M2XD' as 'SEND-7KQ4-M2XD'; None when it cannot be a reference."""
    match = REFERENCE_PATTERN.fullmatch(re.sub(r"[\s-]+", "", text or "").upper())
    return f"SEND-{match[1]}-{match[2]}" if match else None


def find_response(reference: str):
    from consultation.models import Response

    wanted = normalise_reference(reference) or reference.strip().upper()
    found = db.session.scalar(select(Response).where(Response.reference == wanted))
    if found is None:
        raise NoSuchResponse(reference)
    return found


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing a response deletes, described without any of the person's words."""

    reference: str
    consultation: str
    submitted_on: date
    source: str
    answers: int
    written_answers: int
    coded_answers: int
    quotes: int
    has_contact: bool


def preview_erasure(reference: str) -> ErasurePreview:
    from consultation.coding.models import CodingItem, CodingQuote
    from consultation.models import SOURCES, Answer, Consultation

    found = find_response(reference)
    answer_ids = select(Answer.id).where(Answer.response_id == found.id)

    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return ErasurePreview(
        reference=found.reference,
        consultation=db.session.scalar(select(Consultation.title).where(Consultation.id == found.consultation_id)),
        submitted_on=found.submitted_on,
        source=SOURCES.get(found.source, found.source),
        answers=count(Answer, Answer.response_id == found.id),
        written_answers=count(Answer, Answer.response_id == found.id, func.coalesce(Answer.text, "") != ""),
        coded_answers=count(CodingItem, CodingItem.answer_id.in_(answer_ids)),
        quotes=count(CodingQuote, CodingQuote.answer_id.in_(answer_ids)),
        has_contact=bool(found.contact),
    )


def erase_response(reference: str) -> None:
    """Delete one response, found by the reference the person was given, and audit only its hash."""
    from consultation.models import Response

    found = find_response(reference)
    consultation_id = found.consultation_id
    db.session.execute(delete(Response).where(Response.id == found.id))
    audit.record(
        "retention.erase_response", "consultation", consultation_id, reference_hmac=reference_hash(found.reference)
    )
    db.session.commit()


@retention_cli.command("apply")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pretend today is this date.")
@dry_run_option
@progress_option
def apply_command(today: datetime | None, dry_run: bool, progress: bool | None) -> None:
    """Delete every kind of personal data that is past its retention period (with --dry-run, only count it)."""
    with progress_bar(len(kinds()), "Deleting what is past its retention period", progress) as advance:
        deleted = apply_retention(today.date() if today else None, dry_run=dry_run, advance=advance)
    verb = "would be deleted" if dry_run else "deleted"
    for kind, count in deleted.items():
        click.echo(f"{kind}: {count:,} {verb}")
    if dry_run:
        click.echo(DRY_RUN_NOTE)


@retention_cli.command("erase-response")
@click.argument("reference")
def erase_command(reference: str) -> None:
    """Erase one consultation response, found by its reference number."""
    try:
        erase_response(reference)
    except NoSuchResponse as error:
        raise click.ClickException(f"There is no response with the reference ‘{reference}’.") from error
    click.echo("Erased the response.")


def init_app(app: Flask) -> None:
    app.cli.add_command(retention_cli)
