"""Directory search latency at 1k, 10k and 100k generated services, on SQLite and PostgreSQL,
beside a naive LIKE search run on the same data in the same process.

Services are bulk-inserted (this measures search, not import); four in five have a place near their
town and each has one weekly session. Each query type runs a fixed set of queries repeatedly
("postcode": results by distance from a postcode, against a naive baseline that reads every match's
places into Python); the figure is the wall time of ``search_services`` including loading the page
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

from local_offer.demo_data import towns
from local_offer.geo import LatLon, miles_between
from local_offer.models import Attribute, Location, Organization, Schedule, Service, ServiceArea, ServiceAtLocation
from local_offer.postcodes import lookup
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
    ("", SearchFilters(when=("after_school", "weekend"), age=9)),
]
# Near a postcode: results by distance (the postcode's letter file is loaded in the warm-up, not timed).
POSTCODE = [
    ("", SearchFilters(near="CV11 4AB")),
    ("autism", SearchFilters(near="CV21")),
    ("swimming", SearchFilters(near="CV37 6NX")),
    ("", SearchFilters(near="CV34 4AB", when=("after_school",))),
    ("club", SearchFilters(near="CV11", needs=("ASD",), age=10)),
]
SESSIONS = [("WE", "15:45", "17:00"), ("SA", "10:00", "12:00"), ("TU", "18:30", "20:00"),
            ("MO,TU,WE,TH,FR", "09:00", "17:00"), ("TH", "10:00", "11:30")]  # fmt: skip

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
    rows: dict[str, list[dict]] = {key: [] for key in ("service", "attribute", "service_area", "location",
                                                        "service_at_location", "schedule")}  # fmt: skip
    centres = {town: (venue.latitude, venue.longitude) for town, place in towns().items() for venue in place.venues}
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
        _place_and_times(rng, rows, sid, centres.get(town, (52.3, -1.55)))
    return rows


def _place_and_times(rng: random.Random, rows: dict[str, list[dict]], sid: str, centre: tuple[float, float]) -> None:
    """Four in five services have a place near their town; every service has one weekly session."""
    if rng.random() < 0.8:
        lat, lon = centre[0] + rng.uniform(-0.03, 0.03), centre[1] + rng.uniform(-0.045, 0.045)
        rows["location"].append(
            {
                "id": f"{sid}-loc",
                "location_type": "physical",
                "name": "Venue",
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
                "country": "GB",
            }
        )
        rows["service_at_location"].append({"id": f"{sid}-sal", "service_id": sid, "location_id": f"{sid}-loc"})
    byday, opens, closes = rng.choice(SESSIONS)
    rows["schedule"].append({"id": f"{sid}-sch", "service_id": sid, "freq": "WEEKLY", "byday": byday,
                             "opens_at": opens, "closes_at": closes})  # fmt: skip


def load(n: int) -> float:
    started = time.perf_counter()
    ensure_send_taxonomies()
    db.session.add(Organization(id="bench-org", name="Bench Provider"))
    db.session.flush()
    rows = fake_rows(n)
    tables = (("service", Service), ("attribute", Attribute), ("service_area", ServiceArea), ("location", Location),
              ("service_at_location", ServiceAtLocation), ("schedule", Schedule))  # fmt: skip
    for table, model in tables:
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


def naive_near(query: str, filters: SearchFilters) -> list[str]:
    """The baseline near a postcode: every match's places read into Python, distances computed, sorted."""
    centre = lookup(filters.near).latlon
    conditions = filter_conditions(filters)
    for word in query.split():
        pattern = f"%{word}%"
        conditions.append(or_(Service.name.ilike(pattern), Service.description.ilike(pattern)))
    rows = db.session.execute(
        select(Service.id, Location.latitude, Location.longitude)
        .outerjoin(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .outerjoin(Location, Location.id == ServiceAtLocation.location_id)
        .where(*conditions)
    ).all()
    best: dict[str, float] = {}
    for service_id, lat, lon in rows:
        miles = miles_between(centre, LatLon(float(lat), float(lon))) if lat is not None else float("inf")
        best[service_id] = min(miles, best.get(service_id, float("inf")))
    return sorted(best, key=lambda sid: (best[sid], sid))[:10]


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
            "postcode": lambda q, f: search_services(SearchRequest(text=q, filters=f)),
        }
        cases = {"plain": [(q,) for q in PLAIN], "typo": [(q,) for q in TYPO], "filtered": FILTERED,
                 "postcode": POSTCODE}  # fmt: skip
        for _ in range(3):  # warm caches and the spelling vocabulary
            for kind, fn in ours.items():
                for case in cases[kind]:
                    fn(*case)
        for kind in ("plain", "typo", "filtered", "postcode"):
            p50, p95 = timed(ours[kind], cases[kind], RUNS)
            base_cases = [(c[0], SearchFilters()) for c in cases[kind]] if kind in ("plain", "typo") else cases[kind]
            baseline = naive_near if kind == "postcode" else naive
            b50, b95 = timed(baseline, base_cases, max(3, RUNS // 4))
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
