"""Access logs as JSON lines, without invitation tokens or query strings.

An invitation link (``/have-your-say/link/<token>``) is a key: whoever has it can answer once as the
person it was sent to. gunicorn's access log and the development server's request log would write it in
full (request line, path, referrer), so both show ``/link/[token]`` instead. gunicorn's access log is written
as one JSON object a line, like the application's own (``portal/core/request_log.py``), with the path and never the
query string (search words a parent typed are free text), and the request id sent back in ``X-Request-ID``.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
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

    def access(self, resp, req, environ, request_time) -> None:
        cfg = self.cfg
        if not (cfg.accesslog or cfg.logconfig or cfg.logconfig_dict or cfg.logconfig_json):
            return
        try:
            self.access_log.info(access_line(self.atoms(resp, req, environ, request_time)))
        except Exception:
            self.error(traceback.format_exc())


def access_line(atoms: dict[str, Any]) -> str:
    """One request as a JSON object: no query string, no referrer (it can hold one), redacted tokens."""

    def atom(key: str) -> Any:
        value = atoms.get(key, "-")
        return None if value == "-" else value

    status = atom("s")
    return json.dumps(
        {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote_addr": atom("h"),
            "method": atom("m"),
            "path": redact(atom("U") or ""),
            "status": int(status) if str(status).isdigit() else status,
            "bytes": atom("B"),
            "duration_ms": round(int(atoms.get("D", 0) or 0) / 1000, 1),
            "user_agent": atom("a"),
            "request_id": atom("{x-request-id}o"),
        },
        ensure_ascii=False,
    )


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
