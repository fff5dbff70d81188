"""What consultations keep and for how long, and erasing one response on request.

Responses are kept for the consultation's ``retention_months`` after it closes, survey invitation links
until they expire, and uploaded response files until an import has saved them (or 7 days after upload when
no import finished); ``register`` adds them to ``flask retention apply``. Erasure finds a response by the
reference the person was given (``flask retention erase-response`` and the administrators' page) and
audits only a keyed hash of it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, timedelta

import click
from flask import Flask, current_app
from sqlalchemy import ColumnElement, delete, func, select

from consultation.coding.models import CodingItem, CodingQuote
from consultation.import_jobs import JOB_KIND
from consultation.models import SOURCES, Answer, Consultation, Response, ResponseUpload
from consultation.surveys.models import Invitation, InvitationBatch
from portal.core import audit
from portal.core.dates import add_months
from portal.core.extensions import db
from portal.core.jobs import DONE, Job
from portal.core.retention import Kind, add_kind, now_on, retention_cli

UPLOAD_RETENTION_DAYS = 7
# An import job still queued or running after this long has died (RQ gives a job an hour at most),
# so it no longer protects its uploaded file.
JOB_ALIVE_FOR = timedelta(days=1)
# The shape of the reference a person who answered online was given, once spaces and dashes are taken out.
REFERENCE_PATTERN = re.compile(r"SEND([A-Z0-9]{4})([A-Z0-9]{4})")


def closed_on(consultation) -> date:
    """When a consultation closed: early by hand, or at its close date."""
    if consultation.closed_at is not None:
        return min(consultation.closed_at.date(), consultation.closes_on)
    return consultation.closes_on


def expired_responses(today: date) -> ColumnElement[bool]:
    expired = [
        consultation.id
        for consultation in db.session.scalars(select(Consultation).where(Consultation.published_at.is_not(None)))
        if consultation.status(today) == "closed"
        and add_months(closed_on(consultation), consultation.retention_months) <= today
    ]
    # Deleting a response, the database cascades to its answers, coding items and quotes drawn from them.
    return Response.consultation_id.in_(expired)


def expired_invitations(today: date) -> ColumnElement[bool]:
    return Invitation.batch_id.in_(select(InvitationBatch.id).where(InvitationBatch.expires_on < today))


def expired_uploads(today: date) -> ColumnElement[bool]:
    """Files whose responses an import has saved, and files left more than 7 days with no import running."""

    now = now_on(today)
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


def reference_hash(reference: str) -> str:
    """An HMAC-SHA-256 of the reference keyed with SECRET_KEY: the audit log can show that a given reference was
    erased, but a reference (about 40 bits) cannot be found again from it by trying them all without the key."""
    secret = current_app.config.get("SECRET_KEY")
    if not secret:
        raise click.ClickException("Set SECRET_KEY (the one the portal runs with) before erasing a response.")
    key = secret.encode()
    return hmac.new(key, reference.strip().upper().encode(), hashlib.sha256).hexdigest()


class NoSuchResponse(LookupError):
    pass


def normalise_reference(text: str) -> str | None:
    """'send 7kq4 m2xd' or 'SEND7KQ4M2XD' as 'SEND-7KQ4-M2XD'; None when it cannot be a reference."""
    match = REFERENCE_PATTERN.fullmatch(re.sub(r"[\s-]+", "", text or "").upper())
    return f"SEND-{match[1]}-{match[2]}" if match else None


def find_response(reference: str):
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
    found = find_response(reference)
    consultation_id = found.consultation_id
    db.session.execute(delete(Response).where(Response.id == found.id))
    audit.record(
        "retention.erase_response", "consultation", consultation_id, reference_hmac=reference_hash(found.reference)
    )
    db.session.commit()


@retention_cli.command("erase-response")
@click.argument("reference")
def erase_command(reference: str) -> None:
    """Erase one consultation response, found by its reference number."""
    try:
        erase_response(reference)
    except NoSuchResponse as error:
        raise click.ClickException(f"There is no response with the reference ‘{reference}’.") from error
    click.echo("Erased the response.")


def register(app: Flask) -> None:
    """Add responses, invitations and uploaded files to retention, and the erase command to its group."""
    add_kind(
        app,
        Kind(
            "consultation responses",
            "24 months after the consultation closes, or the period its lead chose",
            Response,
            expired_responses,
            order=10,
        ),
    )
    add_kind(
        app, Kind("survey invitations", "Until the invitation link expires", Invitation, expired_invitations, order=50)
    )
    add_kind(app, Kind("uploaded response files", "Until the import saves the responses, or "
                       f"{UPLOAD_RETENTION_DAYS} days after upload if it does not", ResponseUpload, expired_uploads,
                       order=60))  # fmt: skip
    retention_cli.add_command(erase_command)
