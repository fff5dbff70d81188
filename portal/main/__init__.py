from flask import Blueprint

bp = Blueprint("main", __name__)

from portal.main import public_routes  # noqa: E402,F401
