"""Security headers on every kind of response; cookie flags in production; staff session time limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

import portal.core.access
from portal.core.access import Role
from tests.security.conftest import PASSWORD, signed_in_client

RESPONSES = {
    "html page": ("GET", "/", 200),
    "json api": ("GET", "/api/services", 200),
    "openapi": ("GET", "/api/openapi.json", 200),
    "static file": ("GET", "/static/govuk/app.css", 200),
    "not found page": ("GET", "/no-such-page", 404),
    "wrong method": ("POST", "/privacy", 405),
    "redirect": ("GET", "/staff/", 302),
    "bad json": ("POST", "/api/chat", 400),
}


def assert_security_headers(response) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert re.search(r"max-age=\d{7,}", headers["Strict-Transport-Security"])
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("kind", RESPONSES)
def test_security_headers_on_every_kind_of_response(client, kind):
    method, path, status = RESPONSES[kind]
    response = client.open(
        path,
        method=method,
        data="{" if kind == "bad json" else None,
        content_type="application/json" if kind == "bad json" else None,
    )
    assert response.status_code == status
    assert_security_headers(response)


def test_security_headers_on_the_503_page(client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import local_offer.public_routes

    def broken(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(local_offer.public_routes, "search_services", broken)
    response = client.get("/services/?q=autism")
    assert response.status_code == 503
    assert_security_headers(response)


def test_staff_pages_are_not_cached(client, sign_in):
    sign_in(Role.ADMIN)
    response = client.get("/staff/")
    assert response.headers["Cache-Control"] == "no-store"
    assert_security_headers(response)


def _production_sign_in(other_app, make_staff):
    from portal.core.config import ProductionConfig

    production = other_app(
        ProductionConfig,
        SECRET_KEY="a-long-random-production-secret-for-tests",
        RATELIMIT_ENABLED=False,
        check_contacts=lambda self: None,
    )
    user = make_staff(Role.ADMIN)
    client = production.test_client()
    page = client.get("/staff/sign-in", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    # Over HTTPS Flask-WTF also checks the Referer, as a browser sends it.
    return client.post(
        "/staff/sign-in",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/"},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )


def test_session_cookie_flags_in_production(other_app, make_staff):
    response = _production_sign_in(other_app, make_staff)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "secure" in flags and "httponly" in flags
    assert flags["samesite"].lower() == "samesite=lax"


class FrozenClock:
    """Stands in for ``datetime`` in portal.core.access so a test can move time on."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self, tz=None) -> datetime:
        return self.at.astimezone(tz) if tz else self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture()
def clock(monkeypatch) -> FrozenClock:
    frozen = FrozenClock()
    monkeypatch.setattr(portal.core.access, "datetime", frozen)
    return frozen


def _is_signed_out(response) -> bool:
    return response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_staff_session_ends_after_30_minutes_idle(app_ctx: Flask, clock):
    client = signed_in_client(app_ctx, Role.ADMIN)
    clock.advance(minutes=29)
    assert client.get("/staff/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/staff/").status_code == 200  # each visit restarts the idle timer
    clock.advance(minutes=31)
    assert _is_signed_out(client.get("/staff/"))
    assert _is_signed_out(client.get("/staff/"))  # and stays signed out


def test_staff_session_ends_after_12_hours_however_busy(app_ctx: Flask, clock):
    client = signed_in_client(app_ctx, Role.ADMIN)
    for _ in range(35):  # a visit every 20 minutes for 11 h 40 min
        clock.advance(minutes=20)
        assert client.get("/staff/").status_code == 200
    clock.advance(minutes=19)  # 11 h 59 min
    assert client.get("/staff/").status_code == 200
    clock.advance(minutes=2)  # 12 h 1 min
    assert _is_signed_out(client.get("/staff/"))


def _visit(app: Flask, client, path: str, method: str = "get"):
    """Request ``path`` in an application context of its own, as a real server would: inside the test's
    context every request shares ``g``, and with it the user Flask-Login loaded for an earlier request."""
    with app.app_context():
        return getattr(client, method)(path)


def _copy_of(client, app: Flask):
    """A second browser holding the same session cookie, as someone who copied it would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_sign_out_no_longer_works(app_ctx: Flask):
    """Probe finding 2: signed client-side sessions had nothing to revoke."""
    client = signed_in_client(app_ctx, Role.ADMIN)
    thief = _copy_of(client, app_ctx)
    assert _visit(app_ctx, thief, "/staff/").status_code == 200
    assert _visit(app_ctx, client, "/staff/sign-out", "post").status_code == 302
    assert _is_signed_out(_visit(app_ctx, thief, "/staff/"))
    assert _is_signed_out(_visit(app_ctx, thief, "/staff/sign-out", "post"))


@pytest.mark.parametrize("change", ["password", "deactivate"])
def test_a_new_password_or_deactivation_ends_every_session(app_ctx: Flask, change):
    from portal.auth.services import change_password, deactivate, find_by_email

    client = signed_in_client(app_ctx, Role.ADMIN)
    thief = _copy_of(client, app_ctx)
    assert _visit(app_ctx, thief, "/staff/").status_code == 200
    user = find_by_email("admin@example.gov.uk")
    version = user.session_version
    if change == "password":
        change_password(user, "a completely different passphrase")
    else:
        deactivate(user)
    assert user.session_version == version + 1
    assert _is_signed_out(_visit(app_ctx, client, "/staff/")) and _is_signed_out(_visit(app_ctx, thief, "/staff/"))
