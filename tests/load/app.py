"""The app gunicorn serves in ``make load``: production settings, except plain HTTP on 127.0.0.1 and no rate limits
(every virtual user comes from the same address, so per-address limits would measure only the limiter)."""

from __future__ import annotations

import os

from flask import Flask

from portal import create_app
from portal.core.config import ProductionConfig


class LoadConfig(ProductionConfig):
    SECRET_KEY = os.environ.get("SECRET_KEY", "load-test-only-not-secret")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_ENABLED = False
    SHOW_DEMO_BANNER = True

    def check_contacts(self) -> None:
        """The load test serves the demonstration, example contact details included."""


def create() -> Flask:
    return create_app(LoadConfig)
