"""Import rate: generated ORUK 3.0 services into a freshly migrated database, on SQLite and PostgreSQL.

Run: ``PORTAL_CONFIG=testing .venv/bin/python -m tests.benchmarks.bench_import``. Prints a markdown
table. The target is 2,000 services a second on SQLite. PostgreSQL is measured when reachable at
``BENCH_DATABASE_URL`` (default postgresql://127.0.0.1:5432/test), in a schema of its own that is
dropped afterwards, so it never touches another run's tables.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import db
from tests.benchmarks.generate import generate_services

SERVICES = 10_000
TARGET = 2_000
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://127.0.0.1:5432/test")


@dataclass
class Measured:
    database: str
    first: float
    again: float
    searchable: int
    summary: str


def _measure(database: str, uri: str, engine_options: dict, prepare: Callable[[], None]) -> Measured:
    from local_offer.importer import import_records
    from local_offer.search.models import SearchDocument
    from local_offer.taxonomies import ensure_send_taxonomies

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = uri
        SQLALCHEMY_ENGINE_OPTIONS = engine_options

    app = create_app(Config)
    with app.app_context():
        prepare()
        upgrade()
        ensure_send_taxonomies()
        db.session.commit()
        records = generate_services(SERVICES)
        started = time.perf_counter()
        first = import_records(records)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = import_records(records)
        again_seconds = time.perf_counter() - started
        searchable = db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0
        summary = f"{first.lines()[0]} / again: {again.lines()[0]}"
        db.session.remove()
        db.engine.dispose()
    return Measured(database, first_seconds, again_seconds, searchable, summary)


def _sqlite() -> Measured:
    with tempfile.TemporaryDirectory() as tmp:
        return _measure("SQLite (file)", f"sqlite:///{Path(tmp) / 'bench.db'}", {}, lambda: None)


def _postgres_schema() -> str | None:
    """A fresh schema on the benchmark server, or None when PostgreSQL cannot be reached."""
    schema = f"bench_import_{os.getpid()}"
    try:
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
            # Alembic finds its version table through search_path; an empty one stops it using public's.
            connection.execute(text(f"CREATE TABLE {schema}.alembic_version (version_num varchar(32) PRIMARY KEY)"))
        engine.dispose()
    except Exception as error:  # any failure to connect means "not measured", not a crash
        print(f"PostgreSQL not measured: {type(error).__name__}: {str(error).splitlines()[0]}")
        return None
    return schema


def _drop_schema(schema: str) -> None:
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def _postgres() -> Measured | None:
    schema = _postgres_schema()
    if schema is None:
        return None
    uri = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        return _measure("PostgreSQL", uri, {"connect_args": {"options": f"-csearch_path={schema},public"}},
                        lambda: None)
    finally:
        _drop_schema(schema)


def table(results: list[Measured]) -> str:
    lines = [
        f"## Directory import: {SERVICES:,} generated ORUK 3.0 services (target {TARGET:,}/s on SQLite)",
        "",
        "| database | first import (s) | services/s | re-import, all unchanged (s) | services/s | indexed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.database} | {r.first:.2f} | {SERVICES / r.first:,.0f} | {r.again:.2f} | "
                     f"{SERVICES / r.again:,.0f} | {r.searchable:,} |")
    lines.append("")
    lines += [f"- {r.database}: {r.summary}" for r in results]
    return "\n".join(lines)


def main() -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    results = [_sqlite()]
    postgres = _postgres()
    if postgres:
        results.append(postgres)
    print(table(results))


if __name__ == "__main__":
    main()
