"""The directory's own measures for the strategy indicators: how fresh its entries are and how often its pages
help (through ``portal.core.indicator_sources``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Flask
from sqlalchemy import and_, case, func, or_, select

from local_offer.models import Service
from portal.core.dates import add_months
from portal.core.extensions import db
from portal.core.indicator_sources import Computed, ComputedSource, add_source, percentage
from portal.core.page_feedback import PageFeedback

FRESHNESS_MONTHS = 12


def directory_freshness(start: date, end: date) -> Computed:  # noqa: ARG001  (a snapshot at period end)
    """Of the active, non-archived services, the share checked in the 12 months up to period end."""
    since = add_months(end, -FRESHNESS_MONTHS)
    checked = case((and_(Service.assured_date > since, Service.assured_date <= end), 1), else_=0)
    total, fresh = db.session.execute(
        select(func.count(Service.id), func.coalesce(func.sum(checked), 0)).where(
            Service.status == "active", Service.archived.is_(False)
        )
    ).one()
    return Computed(percentage(int(fresh), int(total)), int(total))


def directory_helpfulness(start: date, end: date) -> Computed:
    """Of the 'Was this page helpful?' answers on directory pages in the period, the share saying yes."""
    yes = case((PageFeedback.helpful.is_(True), 1), else_=0)
    total, helpful = db.session.execute(
        select(func.count(PageFeedback.id), func.coalesce(func.sum(yes), 0)).where(
            PageFeedback.helpful.is_not(None),
            PageFeedback.created_at >= datetime.combine(start, time.min),
            PageFeedback.created_at < datetime.combine(end + timedelta(days=1), time.min),
            or_(PageFeedback.service_id.is_not(None), PageFeedback.path.like("/services%")),
        )
    ).one()
    return Computed(percentage(int(helpful), int(total)), int(total))


def register(app: Flask) -> None:
    add_source(app, ComputedSource(
        "directory_freshness", "% of directory services checked in the last 12 months",
        "Of the active services in the directory that are not archived, the percentage whose details were "
        "checked in the 12 months up to the end of the period.", "percent", "increase", "services",
        directory_freshness,
    ))  # fmt: skip
    add_source(app, ComputedSource(
        "directory_helpfulness", "% of directory pages found helpful",
        "Of the answers to 'Was this page helpful?' on directory pages during the period, the percentage "
        "that said yes.", "percent", "increase", "answers", directory_helpfulness,
    ))  # fmt: skip
