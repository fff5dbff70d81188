"""The portal.chat feature's blueprints, apart from its package so its route modules import them without a cycle."""

from __future__ import annotations

from flask import Blueprint

public_bp = Blueprint("chat_public", __name__)
staff_bp = Blueprint("chat_staff", __name__, url_prefix="/staff/chat")
