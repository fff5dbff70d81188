"""Log lines as JSON, one object a line, each with the request's id.

The id comes from the ``X-Request-ID`` header when a load balancer or proxy sent a safe one (up to 64 letters,
digits, dots, dashes and underscores), else it is made here; either way it is sent back in the response's
``X-Request-ID`` so a person's report, the proxy's log and ours can be matched. Lines never carry a query string
or an invitation token: the formatter strips both from whatever message it is given. Free text stays out
because nothing logs it (``portal.core.errors.log_safely`` keeps database parameters out of error lines).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

from portal.core.access_log import redact

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# A path's query string, wherever a path appears in a message: "GET /services/?text=my+son HTTP/1.1".
QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def request_id_from(header: str | None) -> str:
    """The sender's id when it is short and safe, else a new one."""
    if header and SAFE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def scrub(text: str) -> str:
    """A message without query strings or invitation tokens."""
    return redact(QUERY.sub(r"\1", text))


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id"[, "error"]}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        if record.exc_info:
            entry["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def _start_request() -> None:
    g.request_id = request_id_from(request.headers.get(HEADER))


def _echo_request_id(response: Response) -> Response:
    if "request_id" in g:
        response.headers[HEADER] = g.request_id
    return response


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name("portal-json")
    return handler


def init_request_ids(app: Flask) -> None:
    app.before_request(_start_request)
    app.after_request(_echo_request_id)
    if app.testing:  # tests read records through pytest's own capture
        return
    root = logging.getLogger()
    if not any(handler.get_name() == "portal-json" for handler in root.handlers):
        for handler in list(root.handlers):
            root.removeHandler(handler)
        root.addHandler(json_handler())
        root.setLevel(logging.INFO)
    app.logger.handlers.clear()  # Flask's own handler would write the same line again in plain text
    app.logger.propagate = True
