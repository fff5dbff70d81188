"""Consultation import rate and results-page time at 100,000 responses.

Import: a generated 100,000-row CSV (respondent type, three agreement scales, a multiple choice,
a single choice, two free-text answers and an area) goes through the same path as an upload:
read, check every row, bulk insert in one transaction, commit. With free text the file is about
35 MB, over the 10 MB upload cap, so the benchmark reads it with the cap lifted. Results: the lead's results page
(HTTP GET through the test client, signed in) for that consultation, p50/p95 over repeated runs,
beside a naive baseline that loads every answer and counts in Python.

On PostgreSQL the answer tables are vacuumed after the import (as autovacuum soon would) before
the results are timed. SQLite always; PostgreSQL too when reachable, in its own database (``BENCH_CONSULTATION_PG_URL``,
default ``bench_consultation`` on 127.0.0.1:5432) so the shared test database is left alone.
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from consultation import demo_text, exporter
from consultation.builders import create_consultation
from consultation.demo import STRATEGY_QUESTIONS, TOPICS
from consultation.import_files import read_table
from consultation.importer import import_table, suggest_mapping
from consultation.models import SCALES, Answer, Consultation
from consultation.respondents import demographic_presets, respondent_types
from consultation.results import consultation_results
from consultation.services import add_demographic
from portal.core.access import Role
from portal.core.extensions import db
from tests.dbsetup import migrated_app

ROWS = int(os.environ.get("BENCH_CONSULTATION_ROWS", "100000"))
RUNS = int(os.environ.get("BENCH_CONSULTATION_RUNS", "15"))
PG_URL = os.environ.get("BENCH_CONSULTATION_PG_URL", "postgresql+psycopg://127.0.0.1:5432/bench_consultation")
PASSWORD = "benchmark passphrase 2026"


def generate_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    headers = [q.text for q in STRATEGY_QUESTIONS] + ["Which area do you live in?"]
    headers[0] = "Respondent type"
    types = [t.label for t in respondent_types()]
    agree = [label for _, label in SCALES["agreement"]]
    areas = list(demographic_presets()[0].options)
    well = [demo_text.compose(demo_text.WORKING_WELL, [t], "parent_carer", rng) for t in TOPICS for _ in range(60)]
    change = [demo_text.compose(demo_text.CHANGE_FIRST, [t], "parent_carer", rng) for t in TOPICS for _ in range(60)]
    together = ["Very well", "Quite well", "Not very well", "Not at all well", "Don't know"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for _ in range(rows):
        writer.writerow(
            [
                rng.choice(types),
                rng.choice(agree),
                rng.choice(agree),
                rng.choice(agree),
                "; ".join(rng.sample(list(TOPICS.values()), k=rng.randint(1, 3))),
                rng.choice(together),
                rng.choice(well) if rng.random() < 0.7 else "",
                rng.choice(change),
                rng.choice(areas),
            ]
        )
    return out.getvalue().encode("utf-8")


def make_consultation() -> Consultation:
    consultation = create_consultation(
        "bench", "Benchmark consultation", STRATEGY_QUESTIONS, opens_on=_today(), closes_on=_today()
    )
    add_demographic(consultation, demographic_presets()[0])
    db.session.commit()
    return consultation


def _today():
    from datetime import date

    return date.today()


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def measure_import(consultation: Consultation, content: bytes) -> dict[str, float]:
    read_seconds, table = timed(lambda: read_table("bench.csv", content, max_bytes=None))
    mapping = dict(enumerate(suggest_mapping(table.headers, consultation)))
    assert sum(target != "ignore" for target in mapping.values()) == len(table.headers), mapping
    import_seconds, result = timed(lambda: import_table(consultation, table, mapping, "paper"))
    assert result.ok and result.saved == ROWS, result.errors[:5]
    commit_seconds, _ = timed(db.session.commit)
    total = read_seconds + import_seconds + commit_seconds
    if db.engine.dialect.name == "postgresql":
        # Autovacuum does this soon after a big import; until then index-only scans must visit the table.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE consultation_answer"))
            connection.execute(text("VACUUM ANALYZE consultation_response"))
    return {"read": read_seconds, "check_and_insert": import_seconds, "commit": commit_seconds, "total": total}


def naive_results(consultation: Consultation) -> int:
    """The loop the results page avoids: every answer row into Python, counted there."""
    counts: Counter = Counter()
    ids = [q.id for q in consultation.questions if q.is_choice]
    for question_id, value, kind in db.session.execute(
        select(Answer.question_id, Answer.option_value, Answer.respondent_type).where(Answer.question_id.in_(ids))
    ):
        counts[(question_id, value, kind)] += 1
    return len(counts)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def measure_results(app: Flask, consultation_id: int) -> dict[str, tuple[float, float]]:
    from portal.auth.services import create_staff_user

    create_staff_user("bench@example.gov.uk", "Bench", PASSWORD, (Role.CONSULTATION_LEAD,))
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": "bench@example.gov.uk", "password": PASSWORD})
    consultation = db.session.get(Consultation, consultation_id)
    figures: dict[str, list[float]] = {"page": [], "queries": [], "naive": []}
    client.get(f"/staff/consultations/{consultation_id}/results")  # warm caches once
    for _ in range(RUNS):
        seconds, response = timed(lambda: client.get(f"/staff/consultations/{consultation_id}/results"))
        assert response.status_code == 200 and f"{ROWS:,} responses" in response.get_data(as_text=True)
        figures["page"].append(seconds)
        figures["queries"].append(timed(lambda: consultation_results(consultation))[0])
    for _ in range(max(3, RUNS // 5)):
        figures["naive"].append(timed(lambda: naive_results(consultation))[0])
    return {name: percentiles(values) for name, values in figures.items()}


def measure_export(consultation: Consultation) -> float:
    def run() -> int:
        return exporter.write_csv(exporter.export_table(consultation, True), io.BytesIO())

    seconds, count = timed(run)
    assert count == ROWS
    return seconds


def run_engine(name: str, uri: str, content: bytes) -> list[str]:
    with migrated_app(uri, "bench_consultation") as app:
        consultation = make_consultation()
        imported = measure_import(consultation, content)
        answers = db.session.scalar(select(db.func.count()).select_from(Answer))
        results = measure_results(app, consultation.id)
        export_seconds = measure_export(consultation)
    rate = ROWS / imported["total"]
    ms = {key: (p50 * 1000, p95 * 1000) for key, (p50, p95) in results.items()}
    return [
        f"| {name} | import {ROWS:,} rows ({answers:,} answers) | {imported['total']:.1f} s "
        f"(read {imported['read']:.1f}, check+insert {imported['check_and_insert']:.1f}, "
        f"commit {imported['commit']:.1f}) | **{rate:,.0f} rows/s** | ≥ 5,000 rows/s |",
        f"| {name} | results page, HTTP GET | p50 **{ms['page'][0]:.0f} ms**, p95 {ms['page'][1]:.0f} ms "
        "| | ≤ 300 ms |",
        f"| {name} | results queries only (GROUP BY) | p50 {ms['queries'][0]:.0f} ms, p95 {ms['queries'][1]:.0f} ms"
        " | | |",
        f"| {name} | naive baseline: count every answer in Python | p50 {ms['naive'][0]:.0f} ms, "
        f"p95 {ms['naive'][1]:.0f} ms | | |",
        f"| {name} | CSV export of {ROWS:,} responses (with redaction of free text) | {export_seconds:.1f} s "
        f"| {ROWS / export_seconds:,.0f} rows/s | |",
    ]


def postgres_available() -> bool:
    try:
        import psycopg

        admin = PG_URL.replace("+psycopg", "").rsplit("/", 1)[0] + "/test"
        database = PG_URL.rsplit("/", 1)[1]
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
            if not found:
                connection.execute(f'CREATE DATABASE "{database}"')
        return True
    except Exception:
        return False


def main() -> None:
    content = generate_csv(ROWS)
    print(f"Generated CSV: {ROWS:,} rows, {len(content) / 1_048_576:.1f} MB.\n")
    print("| database | measure | time | rate | target |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for line in run_engine("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", content):
            print(line, flush=True)
    if postgres_available():
        for line in run_engine("PostgreSQL", PG_URL, content):
            print(line, flush=True)
    else:
        print("\nPostgreSQL was not reachable: only SQLite measured.")


if __name__ == "__main__":
    main()
