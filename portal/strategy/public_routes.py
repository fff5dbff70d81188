"""The public 'How we are doing' pages: published indicators, and the annual report that prints well."""

from __future__ import annotations

from datetime import date

from flask import render_template

from portal.core.access import public
from portal.strategy import queries
from portal.strategy.blueprints import public_bp
from portal.strategy.presenters import present_groups


def _published_groups():
    return present_groups(queries.group_by_outcome(queries.load_indicators(published_only=True)))


@public_bp.route("/")
@public
def public_indicators():
    return render_template("strategy/public.html", groups=_published_groups())


@public_bp.route("/annual-report")
@public
def annual_report():
    return render_template("strategy/annual_report.html", groups=_published_groups(), today=date.today())
