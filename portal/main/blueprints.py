"""The portal.main feature's blueprints, apart from its package so its route modules import them without a cycle."""

from __future__ import annotations

from flask import Blueprint

public_bp = Blueprint("main_public", __name__)
