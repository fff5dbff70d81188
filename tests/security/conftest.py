"""Fixtures for the hardening tests: demonstration data, and clients signed in as each role."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.core.access import Role
from portal.core.extensions import db, limiter
from tests.consultation.conftest import make_consultation  # noqa: F401  (a fixture, shared)
from tests.factories import make_staff_user

PASSWORD = "correct horse battery staple"
ROLES = tuple(Role)


@pytest.fixture()
def demo(demo_data: Flask) -> Flask:
    """The demonstration directory, consultations and indicators, plus one codebook."""
    from consultation.coding.codebooks import check_codebook, create_codebook
    from consultation.models import Consultation

    consultation = db.session.scalars(db.select(Consultation).order_by(Consultation.id)).first()
    themes = [{"id": "transport", "name": "Transport", "description": "Getting to school", "keywords": ["bus"]}]
    create_codebook(consultation, check_codebook({"name": "Test codebook", "themes": themes}))
    db.session.commit()
    return demo_data


def signed_in_client(app: Flask, role: Role) -> FlaskClient:
    """A new client signed in as a new member of staff holding ``role``."""
    from portal.auth.services import find_by_email

    email = f"{role.value}@example.gov.uk"
    if find_by_email(email) is None:
        make_staff_user(role, email=email)
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture()
def reset_limiter():
    """The limiter is one module-level instance shared by every app: start and end with empty counters."""
    _reset_limiter_storage()
    yield limiter
    _reset_limiter_storage()


def _reset_limiter_storage() -> None:
    try:
        limiter.reset()
    except Exception:  # not bound to an app yet, or its storage has gone away
        pass


def config_like(app: Flask, base: type, **overrides) -> type:
    """A config class on ``base`` that uses the test database of ``app``, with ``overrides``."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        "CHAT_WARM_UP": False,
        **overrides,
    }
    return type("SecurityTestConfig", (base,), settings)


@pytest.fixture()
def other_app(app: Flask, app_ctx: Flask):
    """Build a second app on the same test database; the shared limiter is switched off again afterwards."""
    from portal import create_app

    built: list[Flask] = []

    def build(base: type | None = None, **overrides) -> Flask:
        from portal.core.config import TestingConfig

        application = create_app(config_like(app, base or TestingConfig, **overrides))
        built.append(application)
        return application

    yield build
    limiter.enabled = False  # the session app has rate limiting off
    for application in built:
        with application.app_context():
            db.engine.dispose()
