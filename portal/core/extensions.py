"""Flask extensions, created once here and bound to the app in ``create_app``."""

from collections import ChainMap

from flask import current_app
from flask.templating import Environment
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, text
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _TemplateGlobals(ChainMap):
    def keys(self):  # a real set, so Jinja's set difference runs in C
        return set().union(*self.maps)


class TemplateEnvironment(Environment):
    """Flask's Jinja environment, with template globals that are cheap to compare.

    Each ``{% from … import … %}`` subtracts the imported template's global names from the caller's. On the
    ChainMap Jinja builds that is a Python loop over some thirty globals, and govuk-frontend-jinja's macros
    import one another inside every call, hundreds of times a page: 8 to 18% of a page's CPU time.
    """

    def make_globals(self, d):
        return _TemplateGlobals({} if d is None else d, self.globals)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def public_post_limit() -> str:
    """The rate limit on every form the public can post (PUBLIC_POST_RATE_LIMIT), read per request."""
    return current_app.config["PUBLIC_POST_RATE_LIMIT"]


def refresh_planner_statistics(*tables: str) -> None:
    """ANALYZE these tables (all of them when none are named) on PostgreSQL, after a bulk write.

    Until a table has statistics PostgreSQL's planner guesses it holds a row or so, and picks plans that are
    ruinous at a few thousand rows (loading a page of services' attributes scanned every attribute once per
    service: 90 ms instead of 1 ms). Autovacuum analyses only some time after a bulk load, or never where it is
    turned off, so the code that did the load refreshes them. SQLite's planner needs no statistics here.
    """
    if db.engine.dialect.name != "postgresql":
        return
    names = ", ".join(db.engine.dialect.identifier_preparer.quote(name) for name in tables)
    db.session.execute(text(f"ANALYZE {names}".rstrip()))
