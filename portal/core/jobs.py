"""Long-running work (imports, bulk coding, retraining) as jobs whose progress is in the database.

With ``REDIS_URL`` set a job runs on an RQ worker (``rq worker portal`` on the same Redis);
without it, the embedded default runs the same function on a thread of the web process. A job
function takes the job id as its first argument and reports with ``report_progress``; the
browser polls ``job_status`` (or reloads the page), so progress survives a page reload.

Progress is written on its own connection so it is visible while the job's main transaction is
still open. On SQLite that connection may have to wait for the job's write lock; progress then
stays where it was until the write finishes, rather than slowing the job down.
"""

from __future__ import annotations

import importlib
import logging
import threading
import uuid
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import JSON, DateTime, String, Text, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.audit import utcnow
from portal.core.errors import describe_error, log_safely
from portal.core.extensions import db

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class Job(db.Model):
    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    kind: Mapped[str] = mapped_column(String(80), index=True)
    target: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default=QUEUED)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(String(300), default="")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def percent(self) -> int:
        if self.status == DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)

    def progress_text(self, doing: str) -> str:
        """How far it has got, in words: the same on its progress page and in the status that page polls."""
        counted = f" ({self.done:,} of {self.total:,})" if self.total else ""
        return f"{self.message or doing}: {self.percent}% done{counted}."

    def progress_status(self, doing: str) -> dict[str, Any]:
        """What a progress page's script polls (``templates/_job_progress.html``, ``assets/js/app.js``)."""
        return {
            "status": self.status,
            "finished": self.finished,
            "percent": self.percent,
            "done": self.done,
            "total": self.total,
            "text": self.progress_text(doing),
        }


def start_job(
    kind: str, function: str, *, target: str | None = None, created_by: str | None = None, **kwargs: Any
) -> Job:
    """Record a job and start ``function`` ("package.module:name") with (job_id, **kwargs)."""
    job = Job(kind=kind, target=target, created_by=created_by)
    db.session.add(job)
    db.session.commit()
    if current_app.config.get("JOBS_SYNCHRONOUS"):
        run_job(job.id, function, kwargs)
    elif current_app.config.get("REDIS_URL"):
        _enqueue_rq(job.id, function, kwargs)
    else:
        app = current_app._get_current_object()
        threading.Thread(target=run_in_app, args=(app, job.id, function, kwargs), daemon=True).start()
    return job


def _enqueue_rq(job_id: str, function: str, kwargs: dict[str, Any]) -> None:
    from redis import Redis
    from rq import Queue

    queue = Queue("portal", connection=Redis.from_url(current_app.config["REDIS_URL"]))
    queue.enqueue("portal.worker.run_job_in_new_app", job_id, function, kwargs, job_timeout=3600)


def run_in_app(app: Flask, job_id: str, function: str, kwargs: dict[str, Any]) -> None:
    with app.app_context():
        run_job(job_id, function, kwargs)


def run_job(job_id: str, function: str, kwargs: dict[str, Any]) -> None:
    module_name, _, name = function.partition(":")
    target = getattr(importlib.import_module(module_name), name)
    _set(job_id, status=RUNNING)
    try:
        result = target(job_id, **kwargs)
    except Exception as error:  # the job's own transaction is rolled back; the failure is recorded
        db.session.rollback()
        log_safely(log, f"job {job_id} failed", error)
        _set(job_id, status=FAILED, error=_failure(error), finished_at=utcnow())
        if current_app.config.get("JOBS_SYNCHRONOUS") and current_app.config.get("JOBS_RAISE"):
            raise
        return
    _set(job_id, status=DONE, result=result or {}, finished_at=utcnow())


def _failure(error: Exception) -> str:
    """What staff see of a failed job; a database error's message holds the statement's parameters."""
    if isinstance(error, SQLAlchemyError):
        return describe_error(error)
    return f"{type(error).__name__}: {error}"[:2000]


def report_progress(job_id: str, done: int, total: int, message: str = "") -> None:
    try:
        _set(job_id, done=done, total=total, message=message[:300], timeout=0.05)
    except OperationalError:
        log.debug("progress for job %s not written: database busy", job_id)


def _set(job_id: str, timeout: float | None = None, **values: Any) -> None:
    """Write job fields on a separate connection, committed at once."""
    with db.engine.connect() as connection:
        if timeout is not None and connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        connection.execute(update(Job).where(Job.id == job_id).values(**values))
        connection.commit()
        if timeout is not None and connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA busy_timeout=5000")


def get_job(job_id: str) -> Job | None:
    return db.session.get(Job, job_id)
