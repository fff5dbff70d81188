"""Health checks for load balancers: ``/healthcheck`` (the process answers; touches nothing) and
``/healthcheck/ready`` (the database answers, and Redis when ``REDIS_URL`` is set; 503 when not).

Both are public, JSON, exempt from rate limits, and say which check failed but never why (an error's
message can hold a connection string).
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from portal.core.access import public
from portal.core.errors import describe_error
from portal.core.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def database_ready() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception as error:  # any failure means not ready
        log.warning("readiness: database check failed: %s", describe_error(error))
        db.session.rollback()
        return False


def redis_ready(url: str) -> bool:
    from redis import Redis

    try:
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception as error:  # any failure means not ready
        log.warning("readiness: Redis check failed: %s", type(error).__name__)
        return False


def readiness() -> dict[str, str]:
    checks = {"database": "ok" if database_ready() else "unavailable"}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = "ok" if redis_ready(current_app.config["REDIS_URL"]) else "unavailable"
    return checks


@bp.route("/healthcheck")
@public
@limiter.exempt
def alive():
    return jsonify({"status": "ok"})


@bp.route("/healthcheck/ready")
@public
@limiter.exempt
def ready():
    checks = readiness()
    ok = all(state == "ok" for state in checks.values())
    return jsonify({"status": "ok" if ok else "unavailable", "checks": checks}), 200 if ok else 503
