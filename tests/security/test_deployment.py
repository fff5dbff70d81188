"""Behind a proxy (TRUSTED_PROXIES), and production refusing unsafe settings: placeholder contacts, several
gunicorn workers without REDIS_URL."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from portal.core.config import PROJECT_ROOT, ProductionConfig, placeholder_settings

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def _request_seen(app) -> tuple[str, str]:
    seen = {}

    @app.route("/_test/client", endpoint="test_client_seen")
    def client_seen():  # noqa: ANN202
        from flask import request, url_for

        seen["addr"], seen["link"] = request.remote_addr, url_for("main_public.home", _external=True)
        return ""

    client_seen.access = "public"
    app.test_client().get("/_test/client", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    return seen["addr"], seen["link"]


@pytest.mark.parametrize("hops,addr,scheme", [(0, "10.0.0.2", "http://"), (1, "203.0.113.9", "https://")])
def test_forwarded_headers_count_only_when_configured(other_app, hops, addr, scheme):
    app = other_app(TRUSTED_PROXIES=hops)
    seen_addr, link = _request_seen(app)
    assert seen_addr == addr and link.startswith(scheme)


def test_rate_limits_count_the_client_address_the_proxy_gives(other_app, reset_limiter):
    app = other_app(TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()

    def sign_in(address: str) -> int:
        headers = {"X-Forwarded-For": address}
        data = {"email": "nobody@example.gov.uk", "password": "not the password at all"}
        return client.post("/staff/sign-in", data=data, headers=headers).status_code

    assert [sign_in("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert sign_in("203.0.113.2") == 200  # another person behind the same load balancer


def _production(**overrides):
    settings = {"SECRET_KEY": "a-long-random-production-secret-for-tests", **overrides}
    return type("P", (ProductionConfig,), settings)


def test_production_refuses_placeholder_contacts_and_names_them():
    with pytest.raises(RuntimeError) as refused:
        _production()()
    assert "IASS_PHONE, IASS_EMAIL, CHILDRENS_SERVICES_PHONE" in str(refused.value)
    real = {
        "IASS_CONTACT": {"name": "SENDIASS", "phone": "024 7600 0001", "email": "iass@council.gov.uk", "hours": "9-5"},
        "CHILDRENS_FRONT_DOOR": {"name": "Front Door", "phone": "024 7600 0002"},
    }
    _production(**real)()  # starts
    assert placeholder_settings(_production(**real)) == []


def _gunicorn() -> dict:
    return runpy.run_path(str(Path(PROJECT_ROOT) / "gunicorn.conf.py"))


def test_gunicorn_refuses_several_production_workers_without_redis():
    problem = _gunicorn()["worker_problem"]
    assert "REDIS_URL" in problem(4, {"PORTAL_CONFIG": "production"})
    assert "REDIS_URL" in problem(2, {})  # production is the default
    assert problem(1, {}) is None
    assert problem(4, {"PORTAL_CONFIG": "production", "REDIS_URL": "redis://redis:6379/0"}) is None
    assert problem(4, {"PORTAL_CONFIG": "development"}) is None


def test_gunicorns_on_starting_hook_stops_the_server(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PORTAL_CONFIG", raising=False)
    errors = []
    server = SimpleNamespace(cfg=SimpleNamespace(workers=2), log=SimpleNamespace(error=errors.append))
    with pytest.raises(SystemExit):
        _gunicorn()["on_starting"](server)
    assert "REDIS_URL" in errors[0]
