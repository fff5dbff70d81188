"""The consultation feature's blueprints, apart from its package so its route modules import them without a cycle."""

from __future__ import annotations

from flask import Blueprint

public_bp = Blueprint("consultation_public", __name__, url_prefix="/have-your-say")
staff_bp = Blueprint("consultation_staff", __name__, url_prefix="/staff/consultations")
