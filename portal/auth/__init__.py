from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")

from portal.auth import staff_routes  # noqa: E402,F401
