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
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from portal.core.extensions import db
from tests.benchmarks.generate import generate_services
from tests.dbsetup import migrated_app, postgres_reachable

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


def _measure(database: str, uri: str) -> Measured:
    from local_offer.importer import import_records
    from local_offer.search.models import SearchDocument
    from local_offer.taxonomies import ensure_send_taxonomies

    with migrated_app(uri, "bench_import"):
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
    return Measured(database, first_seconds, again_seconds, searchable, summary)


def _sqlite() -> Measured:
    with tempfile.TemporaryDirectory() as tmp:
        return _measure("SQLite (file)", f"sqlite:///{Path(tmp) / 'bench.db'}")


def _postgres() -> Measured | None:
    uri = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    if not postgres_reachable(uri):
        print("PostgreSQL not measured: not reachable")
        return None
    return _measure("PostgreSQL", uri)


def table(results: list[Measured]) -> str:
    lines = [
        f"## Directory import: {SERVICES:,} generated ORUK 3.0 services (target {TARGET:,}/s on SQLite)",
        "",
        "| database | first import (s) | services/s | re-import, all unchanged (s) | services/s | indexed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.database} | {r.first:.2f} | {SERVICES / r.first:,.0f} | {r.again:.2f} | "
            f"{SERVICES / r.again:,.0f} | {r.searchable:,} |"
        )
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
