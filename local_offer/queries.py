"""The reads behind the directory editors' pages: lists, counts and finding one service or report.

Changes are in ``local_offer.editing`` (an editor's form) and ``local_offer.services`` (every write).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from local_offer.models import (
    Organization,
    ProblemReport,
    Service,
    ServiceAtLocation,
    ServiceChange,
)
from portal.core.extensions import db
from portal.core.paging import Page, paginate

T = TypeVar("T")

ARCHIVED = "archived"
STATUS_FILTERS = {
    "": "All services",
    "active": "Active",
    "temporarily closed": "Temporarily closed",
    "inactive": "Inactive",
    ARCHIVED: "Archived",
}


@dataclass(frozen=True)
class EditorCounts:
    active: int
    due_for_review: int
    open_problems: int


def _count(statement: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


# Services -----------------------------------------------------------------------------------------


def find_service(service_id: str) -> Service | None:
    statement = (
        select(Service)
        .where(Service.id == service_id)
        .options(
            selectinload(Service.locations).selectinload(ServiceAtLocation.location),
            selectinload(Service.attributes),
            selectinload(Service.phones),
            selectinload(Service.schedules),
            selectinload(Service.service_areas),
            selectinload(Service.organization),
        )
    )
    return db.session.scalar(statement)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_services(text: str, status: str, page: int, per_page: int) -> Page[Service]:
    """Services whose name contains ``text``, in one of the ``STATUS_FILTERS`` (blank: all, even archived)."""
    statement = select(Service).options(selectinload(Service.organization)).order_by(Service.name, Service.id)
    if text:
        statement = statement.where(Service.name.ilike(_like_pattern(text), escape="\\"))
    if status == ARCHIVED:
        statement = statement.where(Service.archived.is_(True))
    elif status:
        statement = statement.where(Service.archived.is_(False), Service.status == status)
    return paginate(statement, page, per_page)


def review_cutoff(today: date, months: int) -> date:
    """The date ``months`` calendar months before ``today`` (31 March less one month is 28 or 29 February)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _due_statement(cutoff: date) -> Select:
    never_or_old = Service.assured_date.is_(None) | (Service.assured_date < cutoff)
    return (
        select(Service)
        .where(Service.archived.is_(False), never_or_old)
        .options(selectinload(Service.organization))
        .order_by(Service.assured_date.asc().nulls_first(), Service.name, Service.id)
    )


def due_for_review(cutoff: date, page: int, per_page: int) -> Page[Service]:
    """Services not checked since ``cutoff`` (or never), the longest unchecked first."""
    return paginate(_due_statement(cutoff), page, per_page)


def editor_counts(cutoff: date) -> EditorCounts:
    active = select(Service.id).where(Service.archived.is_(False), Service.status == "active")
    open_reports = select(ProblemReport.id).where(ProblemReport.resolved_at.is_(None))
    return EditorCounts(_count(active), _count(_due_statement(cutoff)), _count(open_reports))


def organisation_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Organization.id, Organization.name).order_by(Organization.name)).all()
    return [(row.id, row.name) for row in rows]


# Problem reports -----------------------------------------------------------------------------------


def problem_reports(resolved: bool, page: int, per_page: int) -> Page[ProblemReport]:
    """Open reports newest first, or resolved ones most recently resolved first."""
    statement = select(ProblemReport).options(selectinload(ProblemReport.service))
    if resolved:
        statement = statement.where(ProblemReport.resolved_at.is_not(None)).order_by(
            ProblemReport.resolved_at.desc(), ProblemReport.id.desc()
        )
    else:
        statement = statement.where(ProblemReport.resolved_at.is_(None)).order_by(
            ProblemReport.created_at.desc(), ProblemReport.id.desc()
        )
    return paginate(statement, page, per_page)


def count_problem_reports(resolved: bool) -> int:
    condition = ProblemReport.resolved_at.is_not(None) if resolved else ProblemReport.resolved_at.is_(None)
    return _count(select(ProblemReport.id).where(condition))


def find_problem_report(report_id: int) -> ProblemReport | None:
    return db.session.get(ProblemReport, report_id)


def service_history(service_id: str, page: int, per_page: int) -> Page[ServiceChange]:
    """A service's changes, newest first."""
    statement = (
        select(ServiceChange)
        .where(ServiceChange.service_id == service_id)
        .order_by(ServiceChange.changed_at.desc(), ServiceChange.id.desc())
    )
    return paginate(statement, page, per_page)
