"""Error pages in the GOV.UK Design System's words.

A database failure becomes the 503 page. For a form that was being sent, the page says
the answers were not saved and carries them in a form the person can send again.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.extensions import db

log = logging.getLogger(__name__)


def _resubmittable_fields() -> list[tuple[str, str]]:
    if request.method != "POST" or request.files:
        return []
    return [(key, value) for key, values in request.form.lists() for value in values if key != "csrf_token"]


def database_unavailable(error: Exception):
    log.error("database unavailable: %s", error)
    try:
        db.session.rollback()
    except Exception:  # the connection may already be gone; the page matters more
        log.exception("rollback failed while the database was unavailable")
    fields = _resubmittable_fields()
    return render_template("errors/503.html", was_post=request.method == "POST", fields=fields), 503


def _http_error(error: HTTPException):
    code = error.code or 500
    template = {400: "400", 403: "403", 404: "404", 405: "404", 413: "413", 429: "429"}.get(code)
    if template is None:
        return error
    return render_template(f"errors/{template}.html", error=error), code


def _internal_error(error: Exception):
    log.exception("unhandled error", exc_info=error)
    return render_template("errors/500.html"), 500


def init_errors(app: Flask) -> None:
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(DBAPIError, database_unavailable)
    app.register_error_handler(CSRFError, lambda error: (render_template("errors/400.html", error=error), 400))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _internal_error)
