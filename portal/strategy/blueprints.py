"""The portal.strategy feature's blueprints, apart from its package so its route modules import them without a cycle."""

from __future__ import annotations

from flask import Blueprint

public_bp = Blueprint("strategy_public", __name__, url_prefix="/how-we-are-doing")
staff_bp = Blueprint("strategy_staff", __name__, url_prefix="/staff/strategy")
api_bp = Blueprint("strategy_api", __name__, url_prefix="/api")
