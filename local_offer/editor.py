"""Directory editors' pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.access import Role, staff_required

editor_bp = Blueprint("local_offer_editor", __name__, url_prefix="/staff/directory")


@editor_bp.route("/")
@staff_required(Role.DIRECTORY_EDITOR)
def editor_home():
    return render_template("local_offer/editor/home.html")
