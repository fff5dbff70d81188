"""Shared fixtures. The database is built once per run by the real migrations, on SQLite by
default or on PostgreSQL when TEST_DATABASE_URL points at one; each test starts with empty tables.
The demonstration data is loaded once per run too, and copied into each test that asks for it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask, current_app, url_for
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.core.access import Role
from portal.core.config import database_url
from portal.core.extensions import db, refresh_planner_statistics
from tests.dbsetup import drop_schema, isolated_config, prepare_schema
from tests.factories import PASSWORD, make_staff_user
from tests.snapshot import Snapshot, restore_snapshot, take_snapshot

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _test_database_uri(tmp: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
        return database_url(url)
    return f"sqlite:///{tmp / 'test.db'}"


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    with tempfile.TemporaryDirectory() as tmp:
        uri = _test_database_uri(Path(tmp))
        schema = f"test_{os.getpid()}" if uri.startswith("postgresql") else None
        application = create_app(isolated_config(uri, schema))
        with application.app_context():
            if schema:
                prepare_schema(schema)
            upgrade()
        yield application
        with application.app_context():
            if schema:
                drop_schema(schema)
            db.session.remove()
            db.engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


def _fresh_tables() -> None:
    from local_offer.search import spelling
    from local_offer.taxonomies import ensure_send_taxonomies

    _empty_tables()
    spelling.invalidate()
    ensure_send_taxonomies()
    db.session.commit()


@pytest.fixture()
def app_ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        _fresh_tables()
        yield app
        db.session.remove()


@pytest.fixture(scope="session")
def demo_snapshot(app: Flask) -> Snapshot:
    """The demonstration data, loaded through its loader once per run and kept as rows."""
    from portal.demo import load_demo_data

    with app.app_context():
        _fresh_tables()
        for _line in load_demo_data():
            pass
        snapshot = take_snapshot()
        _empty_tables()
        db.session.remove()
    return snapshot


@pytest.fixture()
def demo_data(demo_snapshot: Snapshot, app_ctx: Flask) -> Flask:
    """The demonstration directory, consultations and indicators, copied in as the loader left them."""
    from local_offer.search import spelling

    db.session.remove()
    _empty_tables()
    restore_snapshot(demo_snapshot)
    spelling.invalidate()
    refresh_planner_statistics()
    db.session.commit()
    return app_ctx


@pytest.fixture()
def client(app_ctx: Flask) -> FlaskClient:
    return app_ctx.test_client()


class ClientRequest:
    """Request a page by endpoint name, assert the status (and, when given, its title, heading or redirect
    target), and return the parsed HTML.

    ``_expected_title`` is the page's own part of the <title> (before the service and council names);
    ``_expected_redirect`` is an endpoint name or a URL, matched in full against the Location header (inside
    a test ``url_for`` builds one with arguments); it makes 302 the expected status unless another is given.
    """

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(
        self,
        endpoint: str,
        _expected_status: int | None = None,
        _follow: bool = False,
        _expected_title: str | None = None,
        _expected_heading: str | None = None,
        _expected_redirect: str | None = None,
        **values,
    ) -> BeautifulSoup:
        response = self.client.get(url_for(endpoint, **values), follow_redirects=_follow)
        default = 302 if _expected_redirect else 200
        return _checked(response, _expected_status or default, _expected_title, _expected_heading, _expected_redirect)

    def post(
        self,
        endpoint: str,
        _data: dict | None = None,
        _expected_status: int = 302,
        _follow: bool = False,
        _expected_title: str | None = None,
        _expected_heading: str | None = None,
        _expected_redirect: str | None = None,
        **values,
    ) -> BeautifulSoup:
        response = self.client.post(url_for(endpoint, **values), data=_data or {}, follow_redirects=_follow)
        return _checked(response, _expected_status, _expected_title, _expected_heading, _expected_redirect)


def _text(tag) -> str | None:
    return " ".join(tag.get_text().split()) if tag else None


def _checked(response, status: int, title: str | None, heading: str | None, redirect: str | None) -> BeautifulSoup:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    if redirect is not None:
        expected = redirect if redirect.startswith(("/", "http")) else url_for(redirect)
        assert response.location.removeprefix("http://localhost") == expected, response.location
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    if title is not None:  # the page's own part; the service and council names follow it on every page
        config = current_app.config
        assert _text(page.title) == f"{title} – {config['SERVICE_NAME']} – {config['COUNCIL_NAME']}"
    if heading is not None:
        assert _text(page.h1) == heading
    return page


@pytest.fixture()
def client_request(client: FlaskClient, app_ctx: Flask) -> Iterator[ClientRequest]:
    with app_ctx.test_request_context():
        yield ClientRequest(client)


@pytest.fixture()
def make_staff(app_ctx: Flask):
    return make_staff_user


@pytest.fixture()
def sign_in(client: FlaskClient, make_staff):
    """Sign a new staff member with the given roles in on the test client."""

    def do(*roles: Role):
        user = make_staff(*roles)
        response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return do


@pytest.fixture()
def lead(sign_in):
    """A consultation lead, signed in."""
    return sign_in(Role.CONSULTATION_LEAD)
