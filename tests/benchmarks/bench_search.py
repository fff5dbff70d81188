"""Directory search latency at 1k, 10k and 100k generated services, on SQLite and PostgreSQL,
beside a naive LIKE search run on the same data in the same process.

Services are bulk-inserted (this measures search, not import). Each query type runs a fixed set of
queries repeatedly; the figure is the wall time of ``search_services`` including loading the page
of services, p50 and p95 over all runs.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, or_, select, text

from local_offer.models import Attribute, Organization, Service, ServiceArea
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.search.query import filter_conditions
from local_offer.taxonomies import category_term_id, ensure_send_taxonomies, need_term_id
from nlp import vocab
from portal.core.extensions import db
from tests.dbsetup import migrated_app, postgres_reachable

SIZES = [int(s) for s in os.environ.get("BENCH_SEARCH_SIZES", "1000,10000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_SEARCH_RUNS", "40"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")

PLAIN = ["autism", "speech therapy", "short breaks", "wheelchair", "dyslexia support", "parent group"]
TYPO = ["autsim", "dyslexa", "respit", "theraphy", "wheelchiar", "swiming"]
FILTERED = [
    ("autism", SearchFilters(needs=("ASD",), age=7, areas=("nuneaton-and-bedworth",))),
    ("", SearchFilters(needs=("HI",), areas=("rugby",))),
    ("club", SearchFilters(categories=("leisure",), age=12, free_only=True)),
    ("therapy", SearchFilters(needs=("SLCN",), age=3, self_referral=True)),
]

SUBJECTS = [
    "Autism",
    "Speech and Language",
    "Short Breaks",
    "Wheelchair Sports",
    "Dyslexia",
    "Sensory",
    "Hearing Support",
    "Vision Support",
    "ADHD",
    "Anxiety",
    "Down Syndrome",
    "Swimming",
    "Holiday",
    "Parent Carer",
    "Travel Training",
    "Supported Internship",
    "Portage",
    "Music Therapy",
    "Youth",
    "Drama",
    "Football",
    "Cooking Skills",
    "Independent Living",
    "Befriending",
    "Counselling",
]
KINDS = ["Group", "Club", "Service", "Drop-in", "Team", "Project", "Sessions", "Support", "Network", "Clinic"]
PHRASES = [
    "friendly sessions for children and young people",
    "run by trained staff and volunteers",
    "therapy and advice for families",
    "term time only",
    "support for parents and carers",
    "accessible venue with changing places toilet",
    "quiet space available",
    "free parking",
    "referral from your GP, school or health visitor",
    "activities include art, music and games",
    "help with communication and social skills",
    "a calm sensory room",
    "respite for families",
    "swimming lessons in small groups",
    "one to one mentoring",
    "information, advice and support",
]


def fake_rows(n: int, seed: int = 42) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    needs = [c.code for c in vocab.need_categories()]
    categories = [c.id for c in vocab.service_categories()]
    districts = [d for d in vocab.districts()]
    rows: dict[str, list[dict]] = {"service": [], "attribute": [], "service_area": []}
    for i in range(n):
        district = rng.choice(districts)
        town = rng.choice(district.towns)
        low = rng.randint(0, 18)
        sid = f"bench-{i}"
        rows["service"].append(
            {
                "id": sid,
                "organization_id": "bench-org",
                "name": f"{town} {rng.choice(SUBJECTS)} {rng.choice(KINDS)}",
                "description": ". ".join(rng.sample(PHRASES, 3)) + f". Unique code {rng.randrange(10**6):06d}.",
                "status": "active",
                "minimum_age": low,
                "maximum_age": rng.randint(low, 25),
                "archived": False,
                "is_free": rng.random() < 0.6,
                "referral_route": rng.choice(["self", "referral", "both"]),
                "delivery_in_person": True,
                "delivery_online": rng.random() < 0.3,
                "delivery_phone": rng.random() < 0.2,
            }
        )
        terms = [need_term_id(c) for c in rng.sample(needs, rng.randint(1, 3))]
        terms += [category_term_id(c) for c in rng.sample(categories, rng.randint(1, 2))]
        rows["attribute"] += [
            {
                "id": f"{sid}-{t}",
                "link_id": sid,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": t,
            }
            for t in terms
        ]
        if rng.random() < 0.9:
            rows["service_area"].append(
                {"id": f"{sid}-area", "service_id": sid, "name": district.name, "district_code": district.code}
            )
    return rows


def load(n: int) -> float:
    started = time.perf_counter()
    ensure_send_taxonomies()
    db.session.add(Organization(id="bench-org", name="Bench Provider"))
    db.session.flush()
    rows = fake_rows(n)
    for table, model in (("service", Service), ("attribute", Attribute), ("service_area", ServiceArea)):
        for start in range(0, len(rows[table]), 5000):
            db.session.execute(model.__table__.insert(), rows[table][start : start + 5000])
    from local_offer.search import rebuild_index

    rebuild_index()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return time.perf_counter() - started


def naive(query: str, filters: SearchFilters) -> list[str]:
    """The baseline: LIKE on name and description for every word, ordered by name."""
    conditions = filter_conditions(filters)
    for word in query.split():
        pattern = f"%{word}%"
        conditions.append(or_(Service.name.ilike(pattern), Service.description.ilike(pattern)))
    db.session.scalar(select(func.count()).select_from(Service).where(*conditions))
    ids = db.session.scalars(select(Service.id).where(*conditions).order_by(Service.name).limit(10)).all()
    return list(ids)


def timed(fn, cases, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        for case in cases:
            started = time.perf_counter()
            fn(*case)
            samples.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def measure(engine_name: str, uri: str, n: int) -> list[str]:
    lines = []
    with migrated_app(uri, "bench_search"):
        load_seconds = load(n)
        ours = {
            "plain": lambda q: search_services(SearchRequest(text=q)),
            "typo": lambda q: search_services(SearchRequest(text=q)),
            "filtered": lambda q, f: search_services(SearchRequest(text=q, filters=f)),
        }
        cases = {"plain": [(q,) for q in PLAIN], "typo": [(q,) for q in TYPO], "filtered": FILTERED}
        for _ in range(3):  # warm caches and the spelling vocabulary
            for kind, fn in ours.items():
                for case in cases[kind]:
                    fn(*case)
        for kind in ("plain", "typo", "filtered"):
            p50, p95 = timed(ours[kind], cases[kind], RUNS)
            base_cases = [(c[0], SearchFilters()) for c in cases[kind]] if kind != "filtered" else cases[kind]
            b50, b95 = timed(naive, base_cases, max(3, RUNS // 4))
            lines.append(f"| {engine_name} | {n:,} | {kind} | {p50:.1f} | {p95:.1f} | {b50:.1f} | {b95:.1f} |")
        lines.append(f"| {engine_name} | {n:,} | (load {load_seconds:.1f} s) | | | | |")
    return lines


def main() -> None:
    print("## Directory search latency (ms, in-process, per query incl. loading the page of services)\n")
    print("| engine | services | query | p50 | p95 | naive LIKE p50 | naive LIKE p95 |")
    print("|---|---:|---|---:|---:|---:|---:|")
    engines = [("SQLite FTS5", None)] + ([("PostgreSQL tsvector", PG_URL)] if postgres_reachable(PG_URL) else [])
    for name, uri in engines:
        for n in SIZES:
            with tempfile.TemporaryDirectory() as tmp:
                for line in measure(name, uri or f"sqlite:///{Path(tmp) / 'bench.db'}", n):
                    print(line, flush=True)
    if len(engines) == 1:
        print("\nPostgreSQL was not reachable: only SQLite measured.")


if __name__ == "__main__":
    main()
