"""Single-use invitation links: made in batches, kept only as fingerprints, spent with the response.

The token is ``secrets.token_urlsafe(16)`` (128 random bits). Only its SHA-256 is stored, so the
links can be downloaded once, when they are made, and never again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select, update

from consultation.models import Consultation
from consultation.surveys.models import DEFAULT_LINK_DAYS, Invitation, InvitationBatch
from portal.core.extensions import db

MAX_BATCH = 5000
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    """128 random bits; starting with a letter or digit keeps spreadsheets from reading a code as a formula."""
    while True:
        token = secrets.token_urlsafe(16)
        if token[0].isalnum():
            return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class InvitationCheck:
    """``status`` is ok, used, expired or unknown; ``invitation`` is set unless unknown."""

    status: str
    invitation: Invitation | None = None


def create_batch(
    consultation: Consultation, count: int, month: date, team: str, days: int = DEFAULT_LINK_DAYS
) -> tuple[InvitationBatch, list[str]]:
    """Make ``count`` links (flushed, not committed); returns the batch and the tokens, shown only now."""
    if not 1 <= count <= MAX_BATCH:
        raise ValueError(f"count must be between 1 and {MAX_BATCH}")
    batch = InvitationBatch(
        consultation_id=consultation.id,
        month=month.replace(day=1),
        team=team.strip(),
        size=count,
        expires_on=date.today() + timedelta(days=days),
    )
    db.session.add(batch)
    db.session.flush()
    tokens = [new_token() for _ in range(count)]
    db.session.execute(
        insert(Invitation.__table__), [{"batch_id": batch.id, "token_hash": token_hash(t)} for t in tokens]
    )
    return batch, tokens


def links_csv(batch: InvitationBatch, tokens: Iterable[str], url_for_token) -> str:
    """The codes and links of a batch as CSV text (no cell starts with a formula character)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["number", "code", "link", "month", "team", "expires"])
    month, expires = batch.month.strftime("%Y-%m"), batch.expires_on.isoformat()
    team = "'" + batch.team if batch.team[:1] in "=+-@\t\r" else batch.team
    for number, token in enumerate(tokens, start=1):
        writer.writerow([number, token, url_for_token(token), month, team, expires])
    return out.getvalue()


def check_token(token: str, today: date | None = None) -> InvitationCheck:
    if not TOKEN_SHAPE.match(token or ""):
        return InvitationCheck("unknown")
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    return check_invitation(invitation, today)


def check_invitation(invitation: Invitation | None, today: date | None = None) -> InvitationCheck:
    if invitation is None:
        return InvitationCheck("unknown")
    if invitation.used_on is not None:
        return InvitationCheck("used", invitation)
    if (today or date.today()) > invitation.batch.expires_on:
        return InvitationCheck("expired", invitation)
    return InvitationCheck("ok", invitation)


def spend(invitation_id: int) -> bool:
    """Mark the link used in the open transaction; False if another request used it first."""
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.used_on.is_(None))
        .values(used_on=date.today())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def batches_of(consultation: Consultation) -> list[tuple[InvitationBatch, int]]:
    """Each batch of the survey with how many of its links have been used, newest first."""
    from sqlalchemy import func

    used = func.count(Invitation.used_on)
    rows = db.session.execute(
        select(InvitationBatch, used)
        .outerjoin(Invitation, Invitation.batch_id == InvitationBatch.id)
        .where(InvitationBatch.consultation_id == consultation.id)
        .group_by(InvitationBatch.id)
        .order_by(InvitationBatch.created_at.desc(), InvitationBatch.id.desc())
    ).all()
    return [(batch, int(count)) for batch, count in rows]
