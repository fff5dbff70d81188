"""Demonstration services for the directory: hand-written templates × towns × providers.

The JSON files here are the data: ``organisations.json`` (providers), ``places.json`` (towns and the
venues in them) and ``services_*.json`` (service templates). A template says where it runs —
``"county"`` (once, county-wide unless it lists ``areas``), ``"districts"`` (once per district) or a
list of towns — and becomes one service per place. Wording, times and costs are picked by a random
generator seeded from the template and the place, so the data is the same on every run and adding a
template never changes the others. Nothing here touches the database (see ``local_offer.demo``).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from local_offer.demo_data.schedules import DemoSchedule, parse_schedules
from nlp import vocab

DATA_DIR = Path(__file__).parent
NAMESPACE = uuid.UUID("6f1d1c1e-5b1a-4c55-9d0e-2f5b9d1c0a11")
COUNTY = "Warwickshire"


def stable_id(kind: str, key: str) -> str:
    """The same id on every run for the same record, so loading twice adds nothing."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


@dataclass(frozen=True)
class Venue:
    key: str
    type: str
    name: str
    address: str
    postcode: str
    access: str
    town: str
    district: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Place:
    """Where one copy of a template runs: a town (and so a district), or the whole county."""

    town: str | None
    district: str | None
    venues: tuple[Venue, ...] = ()

    @property
    def label(self) -> str:
        return self.town or COUNTY


@dataclass
class DemoService:
    id: str
    name: str
    description: str
    provider: str
    needs: list[str]
    categories: list[str]
    districts: list[str]
    venue: Venue | None
    minimum_age: int | None
    maximum_age: int | None
    referral: str
    delivery: list[str]
    cost: str
    schedules: list[DemoSchedule]
    eligibility: str | None
    application: str | None
    contact_title: str | None
    email: str | None
    mobile: str | None
    wait_time: str | None
    interpretation: str | None
    status: str = "active"
    alert: str | None = None
    assured_days_ago: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def is_free(self) -> bool:
        return self.cost.lower().startswith("free")


def load_json(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def organisations() -> dict[str, dict]:
    return {org["key"]: org for org in load_json("organisations.json")}


def _venue(venue: dict, town: dict, rng: random.Random) -> Venue:
    """A venue at its postcode's point (ONS Postcode Directory, written into places.json), or near the town
    centre if it has none."""
    fields = {k: v for k, v in venue.items() if k not in ("lat", "lon")}
    jitter_lat, jitter_lon = rng.uniform(-0.008, 0.008), rng.uniform(-0.012, 0.012)  # drawn either way: stable
    return Venue(
        **fields,
        town=town["town"],
        district=town["district"],
        latitude=round(venue.get("lat", town["lat"] + jitter_lat), 6),
        longitude=round(venue.get("lon", town["lon"] + jitter_lon), 6),
    )


@cache
def towns() -> dict[str, Place]:
    places = {}
    for town in load_json("places.json")["towns"]:
        rng = random.Random(f"venues:{town['town']}")
        venues = tuple(_venue(venue, town, rng) for venue in town["venues"])
        places[town["town"]] = Place(town["town"], town["district"], venues)
    return places


def templates() -> list[dict]:
    found = []
    for path in sorted(DATA_DIR.glob("services_*.json")):
        found.extend(load_json(path.name))
    return found


def build_services() -> list[DemoService]:
    """Every demonstration service, in a stable order; raises if two would share a name."""
    from local_offer.demo_data.expand import expand_template

    services: list[DemoService] = []
    seen: dict[str, str] = {}
    for template in templates():
        for service in expand_template(template):
            if service.name in seen:
                raise ValueError(f"two demo services are called {service.name!r} ({seen[service.name]})")
            seen[service.name] = template["key"]
            services.append(service)
    return services


def district_names() -> dict[str, str]:
    return {d.code: d.name for d in vocab.districts()}


__all__ = ["DemoSchedule", "DemoService", "Place", "Venue", "build_services", "parse_schedules", "stable_id"]
