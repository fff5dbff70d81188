"""The editors' inbox of parents' feedback: comments on service pages and on the site, and pages that did not
help. Reads and the one write ("mark as done") for ``PageFeedback``; comments are stored redacted already.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from local_offer.models import Service
from local_offer.queries import Page
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from portal.core.safeguarding.models import SafeguardingFlag


@dataclass(frozen=True)
class InboxItem:
    feedback: PageFeedback
    service_name: str | None
    flagged: bool


def _in_inbox() -> Select:
    """Feedback someone can act on: a comment, or a page that did not help."""
    return select(PageFeedback.id).where(or_(PageFeedback.comment.is_not(None), PageFeedback.helpful.is_(False)))


def _where_done(statement: Select, done: bool) -> Select:
    return statement.where(PageFeedback.done_at.is_not(None) if done else PageFeedback.done_at.is_(None))


def count_feedback(done: bool = False) -> int:
    inner = _where_done(_in_inbox(), done).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


def feedback_items(done: bool, page: int, per_page: int) -> Page[InboxItem]:
    """Open feedback newest first, or done feedback most recently done first."""
    total = count_feedback(done)
    page = min(max(1, page), max(1, -(-total // per_page)))
    order = (PageFeedback.done_at.desc(),) if done else ()
    statement = _where_done(
        select(PageFeedback, Service.name, SafeguardingFlag.id)
        .outerjoin(Service, Service.id == PageFeedback.service_id)
        .outerjoin(SafeguardingFlag, SafeguardingFlag.page_feedback_id == PageFeedback.id)
        .where(PageFeedback.id.in_(_in_inbox())),
        done,
    ).order_by(*order, PageFeedback.created_at.desc(), PageFeedback.id.desc())
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).all()
    items = [InboxItem(feedback, name, flag_id is not None) for feedback, name, flag_id in rows]
    return Page(items, total, page, per_page)


def find_feedback(feedback_id: int) -> PageFeedback | None:
    return db.session.get(PageFeedback, feedback_id)


def mark_done(feedback: PageFeedback, by_email: str) -> None:
    feedback.done_at = utcnow()
    feedback.done_by = by_email
