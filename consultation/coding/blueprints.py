"""The consultation coding blueprint, apart from its package so its route modules import it without a cycle."""

from __future__ import annotations

from flask import Blueprint

staff_bp = Blueprint("coding_staff", __name__, url_prefix="/staff/consultations/<int:consultation_id>/coding")
