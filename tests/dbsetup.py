"""One way to get a freshly migrated database for tests and benchmarks.

On PostgreSQL each run works in a schema of its own (``search_path`` points there first), so runs
on the shared ``test`` database never drop each other's tables, nor ``public`` with its extensions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.core.config import TestingConfig
from portal.core.extensions import db


def isolated_config(uri: str, schema: str | None = None, base: type[TestingConfig] = TestingConfig) -> type:
    postgres = uri.startswith("postgresql")

    class Config(base):
        SQLALCHEMY_DATABASE_URI = uri
        SQLALCHEMY_ENGINE_OPTIONS = (
            {"connect_args": {"options": f"-csearch_path={schema},public"}} if postgres and schema else {}
        )

    return Config


def prepare_schema(schema: str) -> None:
    """Create an empty schema (inside an app context), with pg_trgm kept in public."""
    with db.engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        # Alembic finds its version table through search_path; an empty one here stops it
        # finding public's, left by another run.
        connection.execute(text(f"CREATE TABLE {schema}.alembic_version (version_num varchar(32) PRIMARY KEY)"))


def drop_schema(schema: str) -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


@contextmanager
def migrated_app(uri: str, label: str = "bench") -> Iterator[Flask]:
    """An app on a freshly migrated database, inside its app context; the schema goes afterwards."""
    schema = f"{label}_{os.getpid()}" if uri.startswith("postgresql") else None
    app = create_app(isolated_config(uri, schema))
    with app.app_context():
        if schema:
            prepare_schema(schema)
        upgrade()
        try:
            yield app
        finally:
            if schema:
                drop_schema(schema)
            db.session.remove()
            db.engine.dispose()


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url.replace("+psycopg", ""), connect_timeout=3).close()
        return True
    except Exception:
        return False
