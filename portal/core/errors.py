"""Error pages in the GOV.UK Design System's words.

A database failure becomes the 503 page. For a form that was being sent, the page says
the answers were not saved and carries them in a form the person can send again.

A database error's message ends with the failed statement's parameters: an email, the text of an answer.
So database errors are logged by class and short code, with the traceback's frames but not the message
(``log_safely``); the 500 handler and Flask's own exception log do the same.
"""

from __future__ import annotations

import logging
import traceback

from flask import Flask, abort, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal.core.extensions import db

log = logging.getLogger(__name__)
API_PREFIX = "/api/"  # errors under it are JSON, as the APIs' own are


def _resubmittable_fields() -> list[tuple[str, str]]:
    if request.method != "POST" or request.files:
        return []
    return [(key, value) for key, values in request.form.lists() for value in values if key != "csrf_token"]


def describe_error(error: BaseException) -> str:
    """The error's class and short codes, never its message: 'OperationalError (sqlite3.OperationalError, e3q8)'."""
    details = []
    original = getattr(error, "orig", None)
    if original is not None:
        details.append(f"{type(original).__module__}.{type(original).__name__}")
        if getattr(original, "sqlstate", None):
            details.append(f"SQLSTATE {original.sqlstate}")
    if getattr(error, "code", None):
        details.append(str(error.code))
    return type(error).__name__ + (f" ({', '.join(details)})" if details else "")


def log_safely(logger: logging.Logger, message: str, error: BaseException) -> None:
    """Log an error; a database error by its class, codes and frames only (its message holds parameters)."""
    if not isinstance(error, SQLAlchemyError):
        logger.error(message, exc_info=error)
        return
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error("%s: %s\n%s", message, describe_error(error), frames.rstrip())


def database_unavailable(error: Exception):
    log.error("database unavailable: %s", describe_error(error))
    try:
        db.session.rollback()
    except Exception as failure:  # the connection may already be gone; the page matters more
        log.error("rollback failed while the database was unavailable: %s", describe_error(failure))
    if _is_api_request():
        return _api_error(503, "Sorry, the service is unavailable. Try again later.")
    fields = _resubmittable_fields()
    return render_template("errors/503.html", was_post=request.method == "POST", fields=fields), 503


def _is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _api_error(code: int, message: str):
    return jsonify({"status": code, "error": message}), code


def _http_error(error: HTTPException):
    code = error.code or 500
    if _is_api_request():
        return _api_error(code, error.description or error.name)
    template = {400: "400", 403: "403", 404: "404", 405: "404", 413: "413", 429: "429"}.get(code)
    if template is None:
        return error
    return render_template(f"errors/{template}.html", error=error), code


def _internal_error(error: Exception):
    log_safely(log, "unhandled error", getattr(error, "original_exception", None) or error)
    if _is_api_request():
        return _api_error(500, "Sorry, there is a problem with the service. Try again later.")
    return render_template("errors/500.html"), 500


def _refuse_nul_in_query() -> None:
    """PostgreSQL cannot hold or compare text with a NUL character: such a query is a 400, not a 503."""
    if "\x00" in request.query_string.decode("latin-1") or any(
        "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)
    ):
        abort(400, "The address contains a character that is not allowed.")


def init_errors(app: Flask) -> None:
    app.before_request(_refuse_nul_in_query)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(DBAPIError, database_unavailable)
    app.register_error_handler(CSRFError, lambda error: (render_template("errors/400.html", error=error), 400))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _internal_error)
