"""The portal.admin feature's blueprints, apart from its package so its route modules import them without a cycle."""

from __future__ import annotations

from flask import Blueprint

staff_bp = Blueprint("admin_staff", __name__, url_prefix="/staff/admin")
