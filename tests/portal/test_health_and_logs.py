"""Health checks for load balancers, request ids, and JSON log lines with no query strings or tokens."""

from __future__ import annotations

import io
import json
import logging
from types import SimpleNamespace

from sqlalchemy.exc import OperationalError

from portal.core import health
from portal.core.access_log import access_line
from portal.core.extensions import db, limiter
from portal.core.request_log import JsonFormatter, json_handler, request_id_from

TOKEN = "Qx7vK2mN9pL4rT8wZ1bC3d"


def _broken_database(*args, **kwargs):
    raise OperationalError("SELECT 1", {}, Exception("database is locked"))


def test_alive_answers_without_the_database(client, monkeypatch):
    monkeypatch.setattr(db.session, "execute", _broken_database)
    response = client.get("/healthcheck")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_ready_checks_the_database(client, monkeypatch):
    response = client.get("/healthcheck/ready")
    assert response.status_code == 200 and response.json == {"status": "ok", "checks": {"database": "ok"}}
    monkeypatch.setattr(db.session, "execute", _broken_database)
    response = client.get("/healthcheck/ready")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "checks": {"database": "unavailable"}}
    assert response.content_type == "application/json"


def test_ready_checks_redis_when_configured(client, app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    response = client.get("/healthcheck/ready")
    assert response.status_code == 503 and response.json["checks"] == {"database": "ok", "redis": "unavailable"}
    monkeypatch.setattr(health, "redis_ready", lambda url: True)
    assert client.get("/healthcheck/ready").json["checks"]["redis"] == "ok"


def test_health_checks_are_public_and_not_rate_limited(app):
    for endpoint in ("health.alive", "health.ready"):
        view = app.view_functions[endpoint]
        assert view.access == "public"
        assert any(name.startswith(f"portal.core.health.{view.__name__}") for name in limiter._route_exemptions)


def test_a_safe_request_id_is_echoed_and_others_are_replaced(client):
    sent = {"X-Request-ID": "lb-7f3a.91_x"}
    assert client.get("/healthcheck", headers=sent).headers["X-Request-ID"] == "lb-7f3a.91_x"
    for unsafe in ("has space", "x" * 65, "<script>", "a\u00e9b"):
        echoed = client.get("/healthcheck", headers={"X-Request-ID": unsafe}).headers["X-Request-ID"]
        assert echoed != unsafe and len(echoed) == 32 and echoed.isalnum()
    assert request_id_from(None) != request_id_from(None)


def _formatted(message: str, *args) -> dict:
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, message, args, None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_log_lines_are_json_without_query_strings_or_tokens():
    entry = _formatted('"%s" %s', "GET /services/?text=my+son+Alfie&page=2 HTTP/1.1", 200)
    assert entry["message"] == '"GET /services/ HTTP/1.1" 200' and entry["level"] == "INFO"
    assert "Alfie" not in json.dumps(entry)
    entry = _formatted("GET /have-your-say/link/%s?from=letter", TOKEN)
    assert entry["message"] == "GET /have-your-say/link/[token]"


def test_log_lines_carry_the_request_id(app_ctx):
    stream = io.StringIO()
    logger = logging.getLogger("portal.test_request_id")
    logger.addHandler(json_handler(stream))
    try:
        with app_ctx.test_request_context("/", headers={"X-Request-ID": "abc-123"}):
            app_ctx.preprocess_request()
            logger.warning("something happened")
    finally:
        logger.handlers.clear()
    assert json.loads(stream.getvalue())["request_id"] == "abc-123"


def test_gunicorns_access_line_is_json_without_the_query_string():
    atoms = {"h": "10.0.0.1", "m": "GET", "U": f"/have-your-say/link/{TOKEN}", "q": "text=Alfie", "s": "302",
             "B": "0", "D": 5300, "a": 'Mozilla "quoted"', "{x-request-id}o": "abc-123"}  # fmt: skip
    entry = json.loads(access_line(atoms))
    assert entry["path"] == "/have-your-say/link/[token]" and entry["status"] == 302
    assert entry["request_id"] == "abc-123" and entry["duration_ms"] == 5.3
    assert "Alfie" not in json.dumps(entry) and TOKEN not in json.dumps(entry)


def test_gunicorn_writes_its_access_log_as_json(tmp_path):
    from tests.portal.test_access_log import _gunicorn_logger

    logger, config = _gunicorn_logger()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger.setup(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/services/?text=Alfie", "PATH_INFO": "/services/",
               "QUERY_STRING": "text=Alfie", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1"}  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", "abc-123")])
    from datetime import timedelta

    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=2))
    entry = json.loads((tmp_path / "access.log").read_text().strip())
    assert entry["path"] == "/services/" and entry["request_id"] == "abc-123" and "Alfie" not in json.dumps(entry)
