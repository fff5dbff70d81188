"""How long the directory keeps what people send: problem reports, 24 months (as page feedback)."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import ColumnElement

from local_offer.models import ProblemReport
from portal.core.retention import FEEDBACK_PERIOD, FEEDBACK_RETENTION_MONTHS, Kind, add_kind, months_before


def expired_problem_reports(today: date) -> ColumnElement[bool]:
    return ProblemReport.created_at < months_before(today, FEEDBACK_RETENTION_MONTHS)


def register(app: Flask) -> None:
    add_kind(app, Kind("problem reports", FEEDBACK_PERIOD, ProblemReport, expired_problem_reports, order=40))
