"""Configuration classes, chosen by the ``PORTAL_CONFIG`` environment variable.

The defaults are the safe ones: production needs a real SECRET_KEY and sends cookies only
over HTTPS; development and testing relax exactly what they must.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import click

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def database_url(default: str) -> str:
    """Read DATABASE_URL, steering PostgreSQL URLs to the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL", default)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SERVICE_NAME = os.environ.get("SERVICE_NAME", "SEND Local Offer")
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Warwickshire (demonstration)")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(f"sqlite:///{PROJECT_ROOT / 'instance' / 'portal.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    # How many proxies (load balancers) stand in front of the app and set X-Forwarded-For and X-Forwarded-Proto.
    # 0 (the default) trusts none of those headers; set it to the number of hops you run, never more.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Unset, the app uses REDIS_URL (so every worker and host shares the counters) or else memory://.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    RATELIMIT_HEADERS_ENABLED = True
    PUBLIC_POST_RATE_LIMIT = "30 per minute"
    LOGIN_RATE_LIMIT = "10 per minute"  # per address
    ACCOUNT_SIGN_IN_LIMIT = "10 per 15 minutes"  # failed sign-ins per account, from any address
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a parent may take a long time over a form; the token lives as long as the session
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    SHOW_DEMO_BANNER = os.environ.get("SHOW_DEMO_BANNER", "1") == "1"
    SEARCH_PAGE_SIZE = 10
    # The SEND information, advice and support service (SENDIASS): where every page offers a person.
    IASS_CONTACT = {
        "name": os.environ.get("IASS_NAME", "SEND Information, Advice and Support Service (SENDIASS)"),
        "phone": os.environ.get("IASS_PHONE", "01926 000 000"),
        "email": os.environ.get("IASS_EMAIL", "sendias@example.gov.uk"),
        "hours": os.environ.get("IASS_HOURS", "Monday to Friday, 9am to 5pm (except bank holidays)"),
    }
    SERVICE_REVIEW_MONTHS = 12
    # Front-door chat. Safeguarding contacts are shown, in this order, to anyone who may be at risk.
    # The council's children's services "front door", offered with every safeguarding message
    # (national helplines are in portal/core/safeguarding/help.py).
    CHILDRENS_FRONT_DOOR = {
        "name": os.environ.get("CHILDRENS_SERVICES_NAME", "Children and Families Front Door"),
        "phone": os.environ.get("CHILDRENS_SERVICES_PHONE", "01926 000 000"),
    }
    CHAT_LOG_RETENTION_DAYS = int(os.environ.get("CHAT_LOG_RETENTION_DAYS", "90"))
    CHAT_MESSAGE_MAX = 1000  # characters; longer messages are refused with a clear error
    CHAT_LOW_CONFIDENCE = 0.5  # below this an understood intent still counts as "could not answer" for staff
    CHAT_SESSION_MAX_AGE = 12 * 60 * 60  # seconds an API conversation token stays valid
    CHAT_WARM_UP = True  # load the language models when the app starts, not on the first message
    # Safeguarding flags on free text: an emergency left unreviewed this long makes `flask safeguarding pending`
    # exit 1 (for cron), and each emergency is emailed at once to SAFEGUARDING_ALERT_EMAIL when SMTP_HOST is set.
    SAFEGUARDING_ALERT_MINUTES = int(os.environ.get("SAFEGUARDING_ALERT_MINUTES", "15"))
    SAFEGUARDING_ALERT_EMAIL = os.environ.get("SAFEGUARDING_ALERT_EMAIL")
    SAFEGUARDING_ALERT_FROM = os.environ.get("SAFEGUARDING_ALERT_FROM", "no-reply@localhost")
    # Where the staff pages are reached, for the link in an alert sent outside a request (an import job).
    PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000")
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1") == "1"
    SMTP_TIMEOUT = 5  # seconds: a person waiting for their confirmation page never waits longer for the email
    # One demonstration staff account per role, made by `python -m portal.first_run` when there are none.
    DEMO_ACCOUNTS = False
    TESTING = False
    DEBUG = False


# The example contact details shipped for the demonstration, by the variable that replaces each.
PLACEHOLDERS = {
    "IASS_PHONE": ("IASS_CONTACT", "phone", "01926 000 000"),
    "IASS_EMAIL": ("IASS_CONTACT", "email", "sendias@example.gov.uk"),
    "CHILDRENS_SERVICES_PHONE": ("CHILDRENS_FRONT_DOOR", "phone", "01926 000 000"),
}


def placeholder_settings(config: object) -> list[str]:
    """The variables still at their example values: people would be told to ring a number that is nobody's."""
    return [
        variable
        for variable, (setting, key, example) in PLACEHOLDERS.items()
        if getattr(config, setting).get(key, "").strip() == example
    ]


def running_a_command() -> bool:
    """Inside a ``flask`` command other than ``run`` (``--help``, ``db upgrade``, ``users create``): a tool that
    serves nobody, so it may start without the production settings below; a command that needs SECRET_KEY
    says so itself. Serving (gunicorn, ``flask run``) still refuses."""
    context = click.get_current_context(silent=True)
    return context is not None and context.command.name != "run"


class ProductionConfig(Config):
    def __init__(self) -> None:
        if running_a_command():
            return
        if not self.SECRET_KEY:
            raise RuntimeError("Set SECRET_KEY to a long random value before running in production.")
        self.check_contacts()

    def check_contacts(self) -> None:
        placeholders = placeholder_settings(self)
        if placeholders:
            raise RuntimeError(
                "These contact details are still the examples shipped for the demonstration: "
                f"{', '.join(placeholders)}. Set them to your council's real details before running in production."
            )


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    DEMO_ACCOUNTS = True
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    SQLALCHEMY_DATABASE_URI = database_url("sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    JOBS_SYNCHRONOUS = True
    SHOW_DEMO_BANNER = True
    CHAT_WARM_UP = False
    SMTP_HOST = None  # tests that send an alert point this at their own local SMTP server


CONFIGS: dict[str, type[Config]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("PORTAL_CONFIG", "production").lower()
    if name not in CONFIGS:
        raise RuntimeError(f"PORTAL_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]
