"""Retention periods: ``flask retention apply`` and the administrators' page in ``portal.admin``
(erasing one response by its reference is ``consultation.retention``).

Each kind of personal data is kept for its own period, then deleted. The features add their kinds with
``add_kind`` (through ``portal.core.registry``); the kernel adds page feedback and job records:
consultation responses for the consultation's ``retention_months`` after it closes; chat logs for
CHAT_LOG_RETENTION_DAYS; page feedback and problem reports for 24 months; survey invitation links
once they have expired; uploaded response files as soon as an import has saved them, or 7 days after
upload when no import finished; job records (whose results can quote a file's cells) 7 days after the
job finished or, for a job that never finished, 7 days after it started. Every run is audited with the
counts only, and running twice deletes nothing new. Safeguarding flags are deleted by the database with the
answer, comment or report they were raised on (their foreign keys cascade), here and on erasure alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import ColumnElement, and_, delete, func, or_, select

from portal.core import audit
from portal.core.audit import utcnow
from portal.core.cli_options import DRY_RUN_NOTE, dry_run_option, progress_bar, progress_option
from portal.core.dates import add_months
from portal.core.extensions import db
from portal.core.jobs import Job
from portal.core.page_feedback import PageFeedback
from portal.core.registry import contribute, contributions

FEEDBACK_RETENTION_MONTHS = 24
FEEDBACK_PERIOD = f"{FEEDBACK_RETENTION_MONTHS} months after it was sent"
JOB_RETENTION_DAYS = 7

retention_cli = AppGroup("retention", help="Delete personal data that is past its retention period.")


@dataclass(frozen=True)
class Kind:
    """One kind of personal data: what it is, how long it is kept, and which of its rows are due."""

    name: str
    period: str
    model: type
    due: Callable[[date], ColumnElement[bool]]
    # Where it comes in the list: consultation responses 10, chat logs 20, page feedback 30, problem reports 40,
    # invitations 50, uploaded files 60, job records 70.
    order: int = 100

    def count_due(self, today: date) -> int:
        return db.session.scalar(select(func.count()).select_from(self.model).where(self.due(today))) or 0

    def purge(self, today: date) -> int:
        return db.session.execute(delete(self.model).where(self.due(today))).rowcount or 0


def now_on(today: date) -> datetime:
    """The moment periods are measured from: now, or this time of day on a pretend ``today``."""
    return datetime.combine(today, utcnow().time())


def months_before(today: date, months: int) -> datetime:
    return datetime.combine(add_months(today, -months), time.min)


def expired_jobs(today: date) -> ColumnElement[bool]:
    cutoff = now_on(today) - timedelta(days=JOB_RETENTION_DAYS)
    return or_(
        and_(Job.finished_at.is_not(None), Job.finished_at < cutoff),
        and_(Job.finished_at.is_(None), Job.created_at < cutoff),
    )


def kinds() -> list[Kind]:
    """Every kind of personal data the portal deletes on a schedule, in the order they are reported."""
    return sorted(contributions("retention"), key=lambda kind: kind.order)


def add_kind(app: Flask, kind: Kind) -> None:
    """A feature's kind of personal data, deleted by ``flask retention apply`` and the administrators' page."""
    contribute(app, "retention", kind)


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


def expired_page_feedback(today: date) -> ColumnElement[bool]:
    return PageFeedback.created_at < months_before(today, FEEDBACK_RETENTION_MONTHS)


def init_app(app: Flask) -> None:
    """The command group, and the kernel's own kinds: page feedback and job records."""
    app.cli.add_command(retention_cli)
    add_kind(app, Kind("page feedback", FEEDBACK_PERIOD, PageFeedback, expired_page_feedback, order=30))
    add_kind(app, Kind("job records", f"{JOB_RETENTION_DAYS} days after the import or coding job finished", Job,
                       expired_jobs, order=70))  # fmt: skip
