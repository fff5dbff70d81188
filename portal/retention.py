"""Retention periods and erasure: ``flask retention apply`` and ``flask retention erase-response``.

Each kind of personal data is kept for its own period, then deleted:
consultation responses for the consultation's ``retention_months`` after it closes; chat logs for
CHAT_LOG_RETENTION_DAYS; page feedback and problem reports for 24 months; survey invitation links
once they have expired. Every run is audited with the counts only, and running twice deletes nothing new.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable
from datetime import date, datetime
from importlib import import_module

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select

from portal import audit
from portal.audit import utcnow
from portal.extensions import db

FEEDBACK_RETENTION_MONTHS = 24

retention_cli = AppGroup("retention", help="Delete personal data that is past its retention period.")


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


def expired_responses(today: date) -> int:
    from consultation.models import Consultation, Response

    deleted = 0
    for consultation in db.session.scalars(select(Consultation).where(Consultation.published_at.is_not(None))):
        if consultation.status(today) != "closed":
            continue
        if add_months(closed_on(consultation), consultation.retention_months) > today:
            continue
        # The database cascades to answers, coding items and quotes drawn from them.
        result = db.session.execute(delete(Response).where(Response.consultation_id == consultation.id))
        deleted += result.rowcount or 0
    return deleted


def expired_chat_logs(today: date) -> int:
    from portal.chat.logs import purge_older_than

    now = datetime.combine(today, utcnow().time())
    return purge_older_than(current_app.config["CHAT_LOG_RETENTION_DAYS"], now=now)


def _older_than_months(model, today: date) -> int:
    cutoff = datetime.combine(add_months(today, -FEEDBACK_RETENTION_MONTHS), datetime.min.time())
    return db.session.execute(delete(model).where(model.created_at < cutoff)).rowcount or 0


def expired_page_feedback(today: date) -> int:
    from portal.feedback import PageFeedback

    return _older_than_months(PageFeedback, today)


def expired_problem_reports(today: date) -> int:
    from local_offer.models import ProblemReport

    return _older_than_months(ProblemReport, today)


def expired_invitations(today: date) -> int:
    """Survey invitation links past their expiry date, when the surveys package is installed."""
    try:
        models = import_module("consultation.surveys.models")
    except ImportError:
        return 0
    batch, invitation = getattr(models, "InvitationBatch", None), getattr(models, "Invitation", None)
    if not (hasattr(batch, "expires_on") and hasattr(invitation, "batch_id")):
        return 0
    expired = select(batch.id).where(batch.expires_on < today)
    return db.session.execute(delete(invitation).where(invitation.batch_id.in_(expired))).rowcount or 0


KINDS: dict[str, Callable[[date], int]] = {
    "consultation responses": expired_responses,
    "chat log entries": expired_chat_logs,
    "page feedback": expired_page_feedback,
    "problem reports": expired_problem_reports,
    "survey invitations": expired_invitations,
}


def apply_retention(today: date | None = None) -> dict[str, int]:
    """Delete everything past its retention period in one transaction; returns how many of each kind."""
    today = today or utcnow().date()
    try:
        deleted = {kind: purge(today) for kind, purge in KINDS.items()}
        audit.record("retention.apply", as_of=today.isoformat(), **_audit_counts(deleted))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return deleted


def _audit_counts(deleted: dict[str, int]) -> dict[str, int]:
    return {kind.replace(" ", "_"): count for kind, count in deleted.items()}


def reference_hash(reference: str) -> str:
    return hashlib.sha256(reference.strip().upper().encode()).hexdigest()


class NoSuchResponse(LookupError):
    pass


def erase_response(reference: str) -> None:
    """Delete one response, found by the reference the person was given, and audit only its hash."""
    from consultation.models import Response

    found = db.session.scalar(select(Response).where(Response.reference == reference.strip().upper()))
    if found is None:
        raise NoSuchResponse(reference)
    consultation_id = found.consultation_id
    db.session.execute(delete(Response).where(Response.id == found.id))
    audit.record(
        "retention.erase_response", "consultation", consultation_id, reference_sha256=reference_hash(reference)
    )
    db.session.commit()


@retention_cli.command("apply")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pretend today is this date.")
def apply_command(today: datetime | None) -> None:
    """Delete every kind of personal data that is past its retention period."""
    deleted = apply_retention(today.date() if today else None)
    for kind, count in deleted.items():
        click.echo(f"{kind}: {count:,} deleted")


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

