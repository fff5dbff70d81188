"""Strategy dashboard render time: 50 indicators with 10 years of values each, through the Flask test client.

Run: ``PORTAL_CONFIG=testing .venv/bin/python -m tests.benchmarks.bench_indicators``. Prints a markdown
table of p50/p95 over 20 renders of the staff dashboard, the public page, the annual report and
``GET /api/indicators``, with the SQL statements each request runs. A naive baseline in the same run loads
the indicators without eager loading (one query per indicator and per value) to show what the four-query
load saves. SQLite in a temporary file; PostgreSQL too when reachable at ``BENCH_DATABASE_URL``.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, select

from portal.core.extensions import db
from tests.dbsetup import migrated_app, postgres_reachable

INDICATORS, YEARS, OUTCOMES, RENDERS = 50, 10, 5, 20
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
PASSWORD = "correct horse battery staple"
PAGES = {"staff dashboard": "/staff/strategy/", "public page": "/how-we-are-doing/",
         "annual report": "/how-we-are-doing/annual-report", "GET /api/indicators": "/api/indicators"}  # fmt: skip


def _seed() -> None:
    from portal.auth.services import create_staff_user
    from portal.strategy import services
    from portal.strategy.services import IndicatorInput, ValueInput

    outcomes = [services.save_outcome(None, f"Outcome {n}", "", n) for n in range(1, OUTCOMES + 1)]
    for number in range(INDICATORS):
        data = IndicatorInput(
            code=f"BENCH-{number:03d}", name=f"Benchmark indicator {number}", definition="Generated.",
            unit="percent", direction="decrease" if number % 3 == 0 else "increase", frequency="annual",
            outcome_id=outcomes[number % OUTCOMES].id, target=60.0, baseline=None, baseline_period=None,
            amber_tolerance=None, source="imported", computed_key=None, published=True,
        )  # fmt: skip
        indicator, _ = services.save_indicator(None, data)
        for year in range(2016, 2016 + YEARS):
            value = 40 + (number * 7 + year * 3) % 30
            comparators = {"England": value - 2.5, "Statistical neighbours": value + 1.5}
            period = f"{year}-{(year + 1) % 100:02d}"
            services.save_value(indicator, None, ValueInput(period, value, None, "", comparators))
    create_staff_user("bench@example.gov.uk", "Bench Lead", PASSWORD, ["strategy_lead"])
    db.session.commit()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:  # noqa: ARG002
        self.count += 1


def _time(action: Callable[[], object], counter: QueryCounter) -> tuple[float, float, int]:
    action()  # warm the template cache
    counter.count = 0
    action()
    queries = counter.count
    samples = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return (*_percentiles(samples), queries)


def _naive_load() -> None:
    """What a route building its own query would do: lazy loads, one query per indicator and per value."""
    from portal.strategy.models import Indicator
    from portal.strategy.presenters import present

    db.session.expire_all()
    [present(indicator) for indicator in db.session.scalars(select(Indicator))]


def _eager_load() -> None:
    from portal.strategy import queries
    from portal.strategy.presenters import present_groups

    db.session.expire_all()
    present_groups(queries.group_by_outcome(queries.load_indicators(), queries.list_outcomes()))


def _measure(database: str, uri: str) -> list[str]:
    rows = []
    with migrated_app(uri, "bench_indicators") as app:
        _seed()
        db.session.remove()
        engine = db.engine
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        # Each request pushes an app context of its own, as in production: its own session, the user loaded.
        client = app.test_client()
        client.post("/staff/sign-in", data={"email": "bench@example.gov.uk", "password": PASSWORD})
        for name, path in PAGES.items():

            def get(path: str = path) -> None:
                assert client.get(path).status_code == 200

            p50, p95, queries = _time(get, counter)
            rows.append(f"| {database} | {name} | {p50:.1f} | {p95:.1f} | {queries} |")
        for name, load in (("load + present, eager (what the pages use)", _eager_load),
                           ("load + present, naive lazy loading (baseline)", _naive_load)):  # fmt: skip
            p50, p95, queries = _time(load, counter)
            rows.append(f"| {database} | {name} | {p50:.1f} | {p95:.1f} | {queries} |")
        event.remove(engine, "before_cursor_execute", counter)
    return rows


def _sqlite() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        return _measure("SQLite (file)", f"sqlite:///{Path(tmp) / 'bench.db'}")


def _postgres() -> list[str]:
    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    if not postgres_reachable(url):
        print("PostgreSQL not measured: not reachable")
        return []
    return _measure("PostgreSQL", url)


def main() -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    print(f"## Strategy indicators: {INDICATORS} indicators × {YEARS} years, 2 comparators a year "
          f"(p50/p95 over {RENDERS} requests)")  # fmt: skip
    print()
    print("| database | request | p50 (ms) | p95 (ms) | SQL statements |")
    print("|---|---|---:|---:|---:|")
    for row in _sqlite() + _postgres():
        print(row)


if __name__ == "__main__":
    main()
