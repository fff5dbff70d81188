"""The SEND Local Offer and Co-production Portal."""

from __future__ import annotations

import threading

import click
from flask import Flask, request
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.core.config import PROJECT_ROOT, Config, config_from_environment
from portal.core.extensions import TemplateEnvironment, csrf, db, limiter, login_manager, migrate
from portal.core.numbers import IdConverter
from portal.core.registry import contributions


class Portal(Flask):
    def log_exception(self, exc_info) -> None:
        """Flask's log of an unhandled exception, without a database error's parameters."""
        from portal.core.errors import log_safely

        log_safely(self.logger, f"Exception on {request.path} [{request.method}]", exc_info[1])


def create_app(config_class: type[Config] | None = None) -> Flask:
    app = Portal(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_object((config_class or config_from_environment())())
    app.url_map.converters["int"] = IdConverter
    _trust_proxies(app)
    (PROJECT_ROOT / "instance").mkdir(exist_ok=True)
    _init_templates(app)
    _init_extensions(app)
    _register_features(app)
    if click.get_current_context(silent=True) is not None and app.config.get("CHAT_WARM_UP"):
        _serving_from_flask_run(app)
    return app


def warm_up(app: Flask) -> threading.Thread | None:
    """Load the language models the features use (the chat's) in the background, in a web server's process:
    gunicorn's ``post_worker_init`` and ``flask run`` call this. Creating the app loads none of them, so the
    commands stay quick, and elsewhere they load on first use."""
    tasks = contributions("warm_up", app)
    if not tasks or app.testing:
        return None

    def run() -> None:
        for task in tasks:
            try:
                task()
            except Exception:  # a failed warm-up only means the first use is slower
                app.logger.exception("warm-up failed")

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread


def _serving_from_flask_run(app: Flask) -> None:
    if click.get_current_context().command.name == "run":
        warm_up(app)


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES load balancers, the client's address and scheme come from their X-Forwarded-For and
    X-Forwarded-Proto, so rate limits count each person and links are written https://. Not the host: that
    comes from the request, whose Host a proxy passes on."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _init_templates(app: Flask) -> None:
    app.jinja_environment = TemplateEnvironment
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    if not app.config.get("RATELIMIT_STORAGE_URI"):  # read here, not at import, so REDIS_URL set in config counts
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth_staff.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.session_protection = "strong"

    from portal.auth.models import StaffUser

    @login_manager.user_loader
    def load_user(session_id: str) -> StaffUser | None:
        """The account a session names, while the session's version is still the account's."""
        user_id, _, version = session_id.partition(":")
        if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
            return None
        user = db.session.get(StaffUser, int(user_id))
        return user if user is not None and user.session_version == int(version) else None


def _register_features(app: Flask) -> None:
    import portal.models  # noqa: F401  (the whole schema, for migrations)
    from consultation import init_app as init_consultation
    from local_offer import init_app as init_local_offer
    from portal import cli
    from portal.admin import init_app as init_admin
    from portal.auth import staff_bp as auth_bp
    from portal.chat import init_app as init_chat
    from portal.core.access_log import init_request_log
    from portal.core.errors import init_errors
    from portal.core.health import bp as health_bp
    from portal.core.registry import init_registry
    from portal.core.request_log import init_request_ids
    from portal.core.security import init_security
    from portal.main import public_bp as main_bp
    from portal.safeguarding import init_app as init_safeguarding
    from portal.strategy import init_app as init_strategy

    init_registry(app)
    init_security(app)
    init_request_log()
    init_request_ids(app)
    init_errors(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    init_local_offer(app)
    init_consultation(app)
    init_chat(app)
    init_strategy(app)
    init_admin(app)
    init_safeguarding(app)
    cli.init_app(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # noqa: ARG001
    """Foreign keys on, and WAL so readers never wait for the one writer."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
