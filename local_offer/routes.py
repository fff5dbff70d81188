"""Public directory pages."""

from __future__ import annotations

from flask import render_template

from local_offer import bp
from portal.access import public


@bp.route("/")
@public
def search():
    return render_template("local_offer/search.html")
