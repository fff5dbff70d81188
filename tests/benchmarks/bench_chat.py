"""Front-door chat reply latency through the whole app, and intent-classifier training time.

Each message is a real ``POST /api/chat`` through the Flask test client, in-process, on a
database of a few hundred generated services: understanding (safeguarding, entities, intent),
the dialogue, the directory search or knowledge-base lookup, the reply, the redacted log entry
and its commit. Conversations carry their session token, so follow-up answers ("he is 7")
are measured as they happen. The budget is p95 <= 30 ms.

Run with ``PORTAL_CONFIG=testing .venv/bin/python -m tests.benchmarks.bench_chat``.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from flask import current_app

from nlp.intents import IntentClassifier, load_labelled
from nlp.vocab import data_path
from tests.benchmarks.bench_search import load as load_services
from tests.dbsetup import migrated_app, postgres_reachable

SERVICES = int(os.environ.get("BENCH_CHAT_SERVICES", "300"))
ROUNDS = int(os.environ.get("BENCH_CHAT_ROUNDS", "3"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")
BUDGET_MS = 30.0
CONVERSATIONS = [
    ["my son is 7 and autistic, we live in Nuneaton, what help is there?"],
    ["any autism groups in Bedworth?", "he is 7"],
    ["short breaks near Rugby", "she is 12 and has a learning disability"],
    ["hello", "what is an EHC plan?", "how long does the assessment take?", "thanks"],
    ["purple monkey dishwasher", "who won the football?", "I want to talk to a person"],
    ["how do I appeal to the tribunal?", "is there a bus to school for my daughter?"],
    ["speech therapy for my 3 year old in Warwick", "what about in Stratford?"],
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _single_messages(seed: int = 7) -> list[str]:
    """A spread of the labelled messages: every intent, and safeguarding disclosures."""
    texts, labels = load_labelled()
    rng = random.Random(seed)
    by_intent: dict[str, list[str]] = {}
    for message, label in zip(texts, labels, strict=True):
        by_intent.setdefault(label, []).append(message)
    picked = [m for msgs in by_intent.values() for m in rng.sample(msgs, min(8, len(msgs)))]
    with data_path("safeguarding_train.csv").open(encoding="utf-8", newline="") as handle:
        risky = [row["text"] for row in csv.DictReader(handle) if row["level"] != "none"]
    return picked + rng.sample(risky, min(15, len(risky)))


def _timed_post(client, message: str, session: str | None) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.post("/api/chat", json={"message": message, "session": session})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{message!r}: {response.status_code} {response.get_data(as_text=True)[:200]}")
    return elapsed, response.get_json()


def _run(client) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    for message in _single_messages():
        elapsed, reply = _timed_post(client, message, None)
        kind = "safeguarding" if reply["safeguarding"] else reply["kind"]
        samples.setdefault(kind, []).append(elapsed)
    for conversation in CONVERSATIONS:
        session = None
        for turn, message in enumerate(conversation):
            elapsed, reply = _timed_post(client, message, session)
            session = reply["session"]
            samples.setdefault("follow-up turn" if turn else reply["kind"], []).append(elapsed)
    return samples


def _measure(name: str, uri: str) -> list[str]:
    with migrated_app(uri, "bench_chat"):
        load_services(SERVICES)
        from portal.chat.understanding import warm_up

        warm_up()
        client = current_app.test_client()
        _run(client)  # warm the search vocabulary and the database's caches
        samples: dict[str, list[float]] = {}
        for _ in range(ROUNDS):
            for kind, values in _run(client).items():
                samples.setdefault(kind, []).extend(values)
    everything = [v for values in samples.values() for v in values]
    lines = [_row(name, "all messages", everything)]
    lines += [_row(name, kind, values) for kind, values in sorted(samples.items())]
    return lines


def _row(name: str, kind: str, values: list[float]) -> str:
    p95 = _percentile(values, 95)
    verdict = "yes" if p95 <= BUDGET_MS else "**no**"
    return (
        f"| {name} | {kind} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | "
        f"{max(values):.1f} | {verdict} |"
    )


def _latency_table() -> list[str]:
    lines = [
        f"## Chat reply latency: POST /api/chat in-process, {SERVICES} services (ms)",
        "",
        f"| database | reply | messages | p50 | p95 | max | p95 <= {BUDGET_MS:.0f} ms |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lines += _measure("SQLite", f"sqlite:///{Path(tmp) / 'chat.db'}")
    if postgres_reachable(PG_URL):
        # In a schema of its own, so it cannot disturb anything else in the database.
        lines += _measure("PostgreSQL", PG_URL)
    else:
        lines.append("\nPostgreSQL was not reachable: only SQLite measured.")
    return lines


def _training_table() -> list[str]:
    texts, labels = load_labelled()
    times = []
    for seed in range(3):
        started = time.perf_counter()
        model = IntentClassifier(seed=seed).fit(texts, labels)
        times.append(time.perf_counter() - started)
    data = model.to_bytes()
    started = time.perf_counter()
    IntentClassifier.from_bytes(data)
    loading = (time.perf_counter() - started) * 1000
    return [
        "## Intent classifier",
        "",
        "| utterances | intents | training runs | median training time | slowest | loading the kept model |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {len(texts)} | {len(set(labels))} | {len(times)} | {statistics.median(times):.2f} s | "
        f"{max(times):.2f} s | {loading:.0f} ms ({len(data) / 1024:.0f} KB) |",
    ]


def main() -> None:
    print("\n".join(_latency_table()), flush=True)
    print()
    print("\n".join(_training_table()), flush=True)


if __name__ == "__main__":
    main()
