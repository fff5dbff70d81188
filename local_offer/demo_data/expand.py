"""One template becomes one demonstration service per place it runs in."""

from __future__ import annotations

import random
import re

from local_offer.demo_data import (
    COUNTY,
    DemoService,
    Place,
    Venue,
    district_names,
    organisations,
    stable_id,
    towns,
)
from local_offer.demo_data.schedules import parse_schedules
from nlp import vocab

# Where a template's preferred kind of venue is missing in a town, meet somewhere that town has.
FALLBACK_VENUES = ("community", "hub", "library")
# About a third of services were last checked more than a year ago, so the review list has work on it.
OVERDUE_SHARE = 0.3


def expand_template(template: dict) -> list[DemoService]:
    return [_service(template, place) for place in _places(template)]


def _places(template: dict) -> list[Place]:
    scope = template.get("scope", "county")
    if scope == "county":
        base = towns()[template["base"]] if template.get("base") else None
        return [Place(None, None, base.venues if base else ())]
    if scope == "districts":
        return [_district_place(template, code) for code in district_names()]
    return [towns()[name] for name in scope]


def _district_place(template: dict, code: str) -> Place:
    """The district's town for this template: the one asked for, else one with the right venue."""
    in_district = [place for place in towns().values() if place.district == code]
    chosen = template.get("district_towns", {}).get(code)
    if chosen:
        return towns()[chosen]
    wanted = _venue_types(template)
    suitable = [p for p in in_district if any(v.type in wanted for v in p.venues)] or in_district
    return random.Random(f"{template['key']}:{code}").choice(suitable)


def _venue_types(template: dict) -> list[str]:
    wanted = template.get("venue")
    return [wanted] if isinstance(wanted, str) else list(wanted or [])


def _venue(template: dict, place: Place) -> Venue | None:
    wanted = _venue_types(template)
    if not wanted:
        return None
    for kind in [*wanted, *FALLBACK_VENUES]:
        for venue in place.venues:
            if kind in (venue.type, venue.key):
                return venue
    return None


def _pick(rng: random.Random, value):
    return rng.choice(value) if isinstance(value, list) else value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _context(place: Place, venue: Venue | None, provider: dict) -> dict[str, str]:
    district = district_names().get(place.district or "", COUNTY)
    return {
        "town": place.town or COUNTY,
        "district": district,
        "venue": venue.name if venue else "",
        "provider": provider["name"],
        "county": COUNTY,
        "slug": _slug(place.town or COUNTY),
    }


def _fill(rng: random.Random, value, context: dict[str, str]) -> str | None:
    chosen = _pick(rng, value)
    return chosen.format_map(context) if chosen else None


def _description(rng: random.Random, spec: dict, context: dict[str, str]) -> str:
    text = _fill(rng, spec["descriptions"], context) or ""
    extras = spec.get("extras") or []
    if extras and rng.random() < 0.6:
        text += " " + (_fill(rng, extras, context) or "")
    return text


def _needs(value: str | list[str]) -> list[str]:
    """A template may say ``"all"`` for services open to every need (advice lines, parent forums)."""
    return [need.code for need in vocab.need_categories()] if value == "all" else list(value)


def _assured_days_ago(rng: random.Random) -> int:
    if rng.random() < OVERDUE_SHARE:
        return rng.randint(370, 725)
    return rng.randint(3, 360)


def _service(template: dict, place: Place) -> DemoService:
    spec = template | template.get("variants", {}).get(place.label, {})
    rng = random.Random(f"{template['key']}:{place.label}")
    provider = organisations()[_pick(rng, spec["provider"])]
    venue = _venue(spec, place)
    context = _context(place, venue, provider)
    if spec.get("paired"):
        # names[i] goes with descriptions[i] when the wordings describe different things
        index = rng.randrange(len(spec["names"]))
        spec = spec | {"names": spec["names"][index], "descriptions": spec["descriptions"][index]}
    name = _fill(rng, spec["names"], context) or ""
    closed = spec.get("closed", {}).get(place.label)
    ages = spec.get("ages") or [None, None]
    return DemoService(
        id=stable_id("service", name),
        name=name,
        description=_description(rng, spec, context),
        provider=provider["key"],
        needs=_needs(spec["needs"]),
        categories=list(spec["categories"]),
        districts=[place.district] if place.district else list(spec.get("areas", [])),
        venue=venue,
        minimum_age=ages[0],
        maximum_age=ages[1],
        referral=_pick(rng, spec["referral"]),
        delivery=list(spec.get("delivery", ["in_person"])),
        cost=_fill(rng, spec.get("cost", "Free"), context) or "Free",
        schedules=parse_schedules(_pick(rng, spec.get("schedules"))),
        eligibility=_fill(rng, spec.get("eligibility"), context),
        application=_fill(rng, spec.get("application"), context),
        contact_title=spec.get("contact"),
        email=_fill(rng, spec.get("email"), context) or provider.get("email"),
        mobile=f"07700 900{rng.randint(0, 999):03d}" if spec.get("mobile") else None,
        wait_time=spec.get("wait_time"),
        interpretation=spec.get("interpretation"),
        status="temporarily closed" if closed else "active",
        alert=closed,
        assured_days_ago=_assured_days_ago(rng),
    )
