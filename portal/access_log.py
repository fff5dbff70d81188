"""Access logs without invitation tokens.

An invitation link (``/have-your-say/link/<token>``) is a key: whoever has it can answer once as the
person it was sent to. gunicorn's access log and the development server's request log would write it in
full (request line, path, referrer), so both show ``/link/[token]`` instead.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

SECRET_SEGMENT = re.compile(r"(/link/)[^/?#\s\"]+")


def redact(text: str) -> str:
    return SECRET_SEGMENT.sub(r"\1[token]", text)


class AccessLogger(Logger):
    """gunicorn's logger, with every value its access log format can use redacted."""

    def atoms(self, resp, req, environ, request_time) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


class RedactingFilter(logging.Filter):
    """For the development server's request log (the ``werkzeug`` logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_SEGMENT.search(message):
            record.msg, record.args = redact(message), ()
        return True


def init_request_log() -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactingFilter) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(RedactingFilter())
