"""Reads and writes behind the public service pages and the shortlist."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, session
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from local_offer.models import PROBLEM_KINDS, ProblemReport, Service
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback, redacted
from portal.core.safeguarding.context import FlagContext
from portal.core.safeguarding.flags import Risk, Said, assess_and_flag

DETAILS_MAX = 1000
SERVICE_DETAILS = frozenset({"phone", "email", "address", "postcode", "school"})
SHORTLIST_KEY = "shortlist"
SHORTLIST_MAX = 50
SHARE_SALT = "local-offer-shortlist-share"
SHARE_TOKEN_MAX = 4000  # 50 ids make about 2,000 characters; anything much longer was not made by us
SERVICE_ID_MAX = 100


def visible_service(service_id: str) -> Service | None:
    """A service a parent may see: not archived, and not closed for good.

    Its organisation comes in the same query. Its lists (locations, contacts, terms and so on) load when a page
    first reads them, one small query each: for one service that is as many queries as eager-loading options
    would make, at about half the CPU time (SQLAlchemy carries every option into each option's own query), and
    the pages that only check the service exists make none.
    """
    statement = (
        select(Service)
        .where(Service.id == service_id, Service.visible_to_public)
        .options(joinedload(Service.organization))
    )
    return db.session.scalar(statement)


def record_problem(service: Service, kind: str, details: str | None) -> ProblemReport:
    # The form asks for a service's new phone number, email or venue, so those stay; people's names go.
    report = ProblemReport(service_id=service.id, kind=kind, details=redacted(details, DETAILS_MAX, SERVICE_DETAILS))
    db.session.add(report)
    db.session.commit()
    return report


def check_problem_report(report: ProblemReport, details: str | None) -> Risk | None:
    """Assess what the person wrote (before redaction) and flag the report for the safeguarding lead."""
    return assess_and_flag([Said("problem_report", details, ref=report.service.name, problem_report_id=report.id)])


def shortlist_ids() -> list[str]:
    return list(session.get(SHORTLIST_KEY, []))


def add_to_shortlist(service_id: str) -> bool:
    ids = shortlist_ids()
    if service_id in ids or len(ids) >= SHORTLIST_MAX:
        return False
    session[SHORTLIST_KEY] = [*ids, service_id]
    return True


def remove_from_shortlist(service_id: str) -> None:
    session[SHORTLIST_KEY] = [i for i in shortlist_ids() if i != service_id]


def shortlisted_services() -> list[Service]:
    """Shortlisted services still visible, in the order they were added."""
    services = [visible_service(service_id) for service_id in shortlist_ids()]
    return [s for s in services if s is not None]


def shortlist_space() -> int:
    return SHORTLIST_MAX - len(shortlist_ids())


def save_to_shortlist(services: list[Service]) -> int:
    """Add services to this visitor's shortlist (those not there yet, while there is room); returns how many."""
    return sum(1 for service in services if add_to_shortlist(service.id))


class BadShareLink(ValueError):
    """A shared shortlist link that cannot be read; the message says so in words a parent can act on."""


@dataclass
class SharedShortlist:
    services: list[Service]
    left_out: int  # ids on the link that are no longer in the directory (archived, closed for good or deleted)


def share_token(services: list[Service]) -> str:
    """A signed token of the services' ids: the link needs no account and cannot be edited into another list."""
    return _share_serializer().dumps([service.id for service in services])


def shared_shortlist(token: str | None) -> SharedShortlist:
    if not token:
        raise BadShareLink("This link does not include a list of services.")
    if len(token) > SHARE_TOKEN_MAX:
        raise BadShareLink("This link is too long to be a shortlist from this site.")
    try:
        ids = _share_serializer().loads(token)
    except BadSignature:
        raise BadShareLink("This link has been changed or is incomplete.") from None
    if not isinstance(ids, list) or not all(isinstance(i, str) and 0 < len(i) <= SERVICE_ID_MAX for i in ids):
        raise BadShareLink("This link has been changed or is incomplete.")
    ids = list(dict.fromkeys(ids))
    if len(ids) > SHORTLIST_MAX:
        raise BadShareLink(f"This link lists more than {SHORTLIST_MAX} services, which is more than a shortlist holds.")
    found = {s.id: s for s in db.session.scalars(_visible_services(ids))}
    services = [found[i] for i in ids if i in found]
    return SharedShortlist(services, left_out=len(ids) - len(services))


def _visible_services(ids: list[str]):
    return (
        select(Service).where(Service.id.in_(ids), Service.visible_to_public).options(joinedload(Service.organization))
    )


def _share_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SHARE_SALT)


def feedback_context(feedback_id: int) -> FlagContext | None:
    feedback = db.session.get(PageFeedback, feedback_id)
    if feedback is None:
        return None
    service = db.session.get(Service, feedback.service_id) if feedback.service_id else None
    helpful = {True: "Yes", False: "No", None: "Not answered"}[feedback.helpful]
    details = [("Page", feedback.path), ("Was the page helpful?", helpful)]
    if service is not None:
        details.insert(0, ("Service", service.name))
    return FlagContext(feedback.comment or "", details)


def report_context(report_id: int) -> FlagContext | None:
    report = db.session.get(ProblemReport, report_id)
    if report is None:
        return None
    details = [("Service", report.service.name), ("Problem", PROBLEM_KINDS.get(report.kind, report.kind))]
    return FlagContext(report.details or "", details)
