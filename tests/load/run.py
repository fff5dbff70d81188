"""``make load``: gunicorn (2 workers, otherwise as gunicorn.conf.py sets it, on 127.0.0.1) on a fresh database with
the demonstration data, then locust headless at rising user counts; prints requests/s, p50/p95/p99 and errors per
step, and per request at 50 users and at the last step. SQLite, then PostgreSQL (database ``load_test``, recreated)
when it is reachable. ``--backends postgresql --steps 50`` runs one part; ``--threads`` tries another thread count."""

from __future__ import annotations

import argparse
import csv
import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
APP = "tests.load.app:create"
PG_ADMIN_URL = os.environ.get("PG_URL", "postgresql://127.0.0.1:5432/test")
PG_LOAD_DB = "load_test"
WORKERS = 2
LEAD = ("load-lead@example.gov.uk", "load testing passphrase 2026")
SNAPSHOT = """
from consultation.models import Consultation, Response
from portal.core.extensions import db
from tests.load.app import create
with create().app_context():
    items = db.session.scalars(db.select(Consultation)).all()
    counts = dict(db.session.execute(db.select(Response.consultation_id, db.func.count()).group_by(
        Response.consultation_id)).all())
    open_slug = next(c.slug for c in items if c.status() == "open")
    busiest = max(items, key=lambda c: counts.get(c.id, 0))
    print(json.dumps({"slug": open_slug, "id": busiest.id}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", APP, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env: dict) -> dict:
    """Migrate, load the demonstration data, add a consultation lead; returns ids for the scenario."""
    flask(env, "db", "upgrade")
    flask(env, "demo-data")
    flask(
        env,
        "users",
        "create",
        "--email",
        LEAD[0],
        "--name",
        "Load Lead",
        "--role",
        "consultation_lead",
        "--password",
        LEAD[1],
    )
    code = "import json\n" + SNAPSHOT
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_gunicorn(env: dict, port: int, threads: int | None = None) -> subprocess.Popen:
    """gunicorn with the settings production uses (gunicorn.conf.py) and two workers; returns once every worker
    has loaded the app and warmed up, so the first step does not measure start-up."""
    command = [
        str(BIN / "gunicorn"),
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        f"{APP}()",
    ]
    if threads:
        command[1:1] = ["--threads", str(threads)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200 and _workers_settled(server.pid, deadline):
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    raise SystemExit("gunicorn did not start")


def _workers_settled(master: int, deadline: float) -> bool:
    """True when every worker is running and none used CPU for two seconds (the app loaded, the chat models
    warmed up in the background). Where /proc is missing, a fixed wait instead."""
    if not Path("/proc").is_dir():
        time.sleep(20)
        return True
    last = None
    while time.monotonic() < deadline:
        now = _cpu_seconds_of_children(master)
        if (
            last is not None
            and len(now) == WORKERS
            and now.keys() == last.keys()
            and sum(now.values()) - sum(last.values()) < 0.05
        ):
            return True
        last = now
        time.sleep(2)
    return False


def _cpu_seconds_of_children(parent: int) -> dict[int, float]:
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    return found


def stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def run_step(env: dict, port: int, users: int, seconds: int, budget: int, folder: Path) -> dict:
    prefix = folder / f"step_{users}"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "tests/load/locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 2)),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        env={**env, "LOAD_MAX_REQUESTS": str(budget)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 60,
    )
    with open(f"{prefix}_stats.csv", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with open(f"{prefix}_failures.csv", newline="") as stream:
        failures = [f"{f['Occurrences']} × {f['Method']} {f['Name']}: {f['Error']}" for f in csv.DictReader(stream)]
    return {
        **_figures(next(r for r in rows if r["Name"] == "Aggregated"), users),
        "by_request": [_figures(r, users) for r in rows if r["Name"] != "Aggregated"],
        "failures": failures,
    }


def _figures(row: dict, users: int) -> dict:
    return {
        "users": users,
        "name": f"{row['Type']} {row['Name']}",
        "requests": int(row["Request Count"]),
        "rps": float(row["Requests/s"]),
        "p50": row["50%"],
        "p95": row["95%"],
        "p99": row["99%"],
        "errors": int(row["Failure Count"]),
    }


def print_table(title: str, rows: list[dict], first: str = "users") -> None:
    print(f"\n{title}")
    print(f"{first:>44} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}")
    for r in rows:
        print(
            f"{r[first]:>44} {r['requests']:>9} {r['rps']:>8.1f} {r['p50']:>7} {r['p95']:>7} {r['p99']:>7} "
            f"{r['errors']:>7}"
        )
    sys.stdout.flush()


def run_backend(backend: str, database_url: str, args) -> None:
    env = {
        **os.environ,
        "PORTAL_CONFIG": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-test-only-not-secret",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    ids = prepare(env)
    env |= {
        "LOAD_OPEN_SLUG": ids["slug"],
        "LOAD_RESULTS_ID": str(ids["id"]),
        "LOAD_LEAD_EMAIL": LEAD[0],
        "LOAD_LEAD_PASSWORD": LEAD[1],
    }
    port = free_port()
    server = start_gunicorn(env, port, args.threads)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for users in args.steps:
                rows.append(run_step(env, port, users, args.seconds, args.max_requests, Path(folder)))
    finally:
        stop(server)
    threads = args.threads or runpy.run_path(str(ROOT / "gunicorn.conf.py"))["threads"]
    print_table(f"{backend}: gunicorn {WORKERS} workers, {threads} threads each, demonstration data", rows)
    for row in rows:
        if row["users"] == 50 or row is rows[-1]:
            print_table(f"{backend}, {row['users']} users, by request", row["by_request"], first="name")
    for row in rows:
        for failure in row["failures"]:
            print(f"{backend}, {row['users']} users, failed: {failure}")


def postgres_load_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_LOAD_DB} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {PG_LOAD_DB}")
        with psycopg.connect(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_LOAD_DB}", autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # not reachable, or not allowed to create databases
        print(f"\nPostgreSQL not usable at {PG_ADMIN_URL} ({error}): skipping the PostgreSQL run")
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_LOAD_DB}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=lambda s: [int(n) for n in s.split(",")], default=[10, 25, 50, 100])
    parser.add_argument("--seconds", type=int, default=30, help="the most each step runs")
    parser.add_argument("--max-requests", type=int, default=6000, help="the most requests each step sends")
    parser.add_argument("--threads", type=int, help="threads per worker, instead of gunicorn.conf.py's")
    parser.add_argument(
        "--backends",
        type=lambda s: s.split(","),
        default=["sqlite", "postgresql"],
        help="which databases to load, comma-separated: sqlite, postgresql",
    )
    args = parser.parse_args()
    if "sqlite" in args.backends:
        with tempfile.TemporaryDirectory() as folder:
            run_backend("SQLite", f"sqlite:///{folder}/load.db", args)
    url = postgres_load_url() if "postgresql" in args.backends else None
    if url:
        run_backend("PostgreSQL", url, args)


if __name__ == "__main__":
    main()
