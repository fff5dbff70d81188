"""Realistic, varied directory services in the ORUK 3.0 shape ``local_offer.oruk.service_to_dict`` makes.

``generate_services(n, seed)`` is deterministic for a seed and fast (100,000 services in a few
seconds), for the import and search benchmarks and the round-trip tests. Importing the records and
exporting them again gives the same records back.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from local_offer.taxonomies import (
    CATEGORY_TAXONOMY,
    DELIVERY_TAXONOMY,
    DELIVERY_TERMS,
    NEED_TAXONOMY,
    REFERRAL_TAXONOMY,
    REFERRAL_TERMS,
    category_term_id,
    delivery_term_id,
    need_term_id,
    referral_term_id,
)
from nlp import vocab

TOPICS = {
    "ASD": ["Autism", "Autism Friendly", "Spectrum", "Neurodiversity"],
    "SLCN": ["Speech and Language", "Talking Together", "Communication", "Signing"],
    "SEMH": ["Wellbeing", "ADHD", "Anxiety", "Calm Minds", "Emotional Health"],
    "SPLD": ["Dyslexia", "Dyspraxia", "Reading Boost", "Maths Confidence"],
    "LD": ["Learning Disability", "Down's Syndrome", "Makaton", "Life Skills"],
    "HI": ["Deaf Children's", "Hearing Support", "BSL"],
    "VI": ["Vision Support", "Braille", "Sight Loss"],
    "MSI": ["Deafblind", "Multi-sensory"],
    "PD": ["Wheelchair", "Physiotherapy", "Mobility", "Epilepsy"],
    "OTH": ["Sensory Processing", "Tourette's", "Family"],
}
KINDS = [
    "Club",
    "Group",
    "Drop-in",
    "Service",
    "Sessions",
    "Support",
    "Project",
    "Clinic",
    "Network",
    "Hub",
    "Swim",
    "Play Scheme",
    "Holiday Club",
    "Youth Club",
    "Coffee Morning",
    "Workshop",
    "Outreach",
]
QUALIFIERS = [
    "",
    "Saturday",
    "After-school",
    "Early Years",
    "Teen",
    "Family",
    "Parent",
    "Sibling",
    "Evening",
    "Summer",
    "Little",
    "Young People's",
]
SENTENCES = [
    "A friendly, relaxed space for children and young people with {need} and their families.",
    "Trained staff run sessions that build confidence, friendships and independence.",
    "Parents and carers can meet others, share experiences and get advice.",
    "We offer one-to-one support as well as small group activities.",
    "Sessions are adapted for sensory needs, with quiet areas available.",
    "Our team works closely with schools, health visitors and social care.",
    "Activities include sport, arts and crafts, music, cooking and trips out.",
    "Help with preparing for adulthood, including travel training and work experience.",
    "We can help with education, health and care plans and SEN support in school.",
    "Specialist therapists offer assessments, advice and short courses of therapy.",
]
AGE_BANDS = [(0, 5), (0, 25), (2, 11), (4, 18), (5, 11), (8, 16), (11, 18), (11, 25), (14, 25), (16, 25), (None, None)]
STREETS = ["High Street", "Church Lane", "Station Road", "Park Avenue", "Mill Lane", "Market Place", "Queens Road"]
POSTCODE_AREAS = {"north-warwickshire": "CV9", "nuneaton-and-bedworth": "CV11", "rugby": "CV21",
                  "stratford-on-avon": "CV37", "warwick": "CV34"}  # fmt: skip
STATUSES = ["active"] * 17 + ["temporarily closed", "inactive", "defunct"]


def _term(term_id: str, code: str, name: str, description: str, taxonomy_id: str) -> dict[str, Any]:
    return {"id": term_id, "code": code, "name": name, "description": description, "taxonomy_id": taxonomy_id}


def _terms() -> dict[str, dict[str, Any]]:
    terms = {need_term_id(n.code): _term(need_term_id(n.code), n.code, n.label, n.description, NEED_TAXONOMY)
             for n in vocab.need_categories()}  # fmt: skip
    for c in vocab.service_categories():
        terms[category_term_id(c.id)] = _term(category_term_id(c.id), c.id, c.label, c.group, CATEGORY_TAXONOMY)
    for route, label in REFERRAL_TERMS.items():
        terms[referral_term_id(route)] = _term(referral_term_id(route), route, label, "", REFERRAL_TAXONOMY)
    for method, label in DELIVERY_TERMS.items():
        terms[delivery_term_id(method)] = _term(delivery_term_id(method), method, label, "", DELIVERY_TAXONOMY)
    return terms


def _organizations(rng: random.Random, count: int) -> list[dict[str, Any]]:
    kinds = [
        "Trust",
        "Charity",
        "Community Interest Company",
        "Parent Carer Forum",
        "NHS Foundation Trust",
        "Council Service",
        "Youth Project",
        "Sports Club",
    ]
    places = [d.name for d in vocab.districts()] + ["Warwickshire", "Coventry and Warwickshire", "Heart of England"]
    orgs = []
    for i in range(count):
        name = f"{rng.choice(places)} {rng.choice(list(TOPICS['ASD'] + TOPICS['SEMH'] + KINDS))} {rng.choice(kinds)}"
        org = {
            "id": f"gen-org-{i:05d}",
            "name": name,
            "description": f"{name} supports disabled children, young people and their families.",
        }
        if rng.random() < 0.7:
            org["website"] = f"https://example.org/org-{i}"
        if rng.random() < 0.5:
            org["email"] = f"hello{i}@example.org"
        orgs.append(org)
    return orgs


def _link(sid: str, term: dict[str, Any], attribute_id: str | None = None) -> dict[str, Any]:
    return {
        "id": attribute_id or f"{sid}/{term['id']}",
        "link_id": sid,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


class _Maker:
    def __init__(self, seed: int, n: int) -> None:
        self.rng = random.Random(seed)
        self.terms = _terms()
        self.orgs = _organizations(self.rng, max(3, n // 25))
        self.needs = [n.code for n in vocab.need_categories()]
        self.send_categories = [c.id for c in vocab.service_categories() if c.group == "send"]
        self.general = [c.id for c in vocab.service_categories() if c.group != "send"]
        self.districts = list(vocab.districts())
        self.start = date(2023, 1, 1)

    def attributes(
        self, sid: str, needs: list[str], categories: list[str], route: str | None, delivery: list[str]
    ) -> list[dict[str, Any]]:
        stored = sorted([need_term_id(c) for c in needs] + [category_term_id(c) for c in categories])
        links = [_link(sid, self.terms[t]) for t in stored]
        if route:
            links.append(_link(sid, self.terms[referral_term_id(route)]))
        return links + [_link(sid, self.terms[delivery_term_id(m)]) for m in delivery]

    def location(self, sid: str, district) -> list[dict[str, Any]]:
        rng, loc_id = self.rng, f"{sid}-loc"
        town = rng.choice(district.towns)
        address = {"id": f"{loc_id}/address", "location_id": loc_id,
                   "address_1": f"{rng.randint(1, 200)} {rng.choice(STREETS)}", "city": town,
                   "state_province": "Warwickshire",
                   "postal_code": f"{POSTCODE_AREAS.get(district.code, 'CV1')} {rng.randint(1, 9)}AB",
                   "country": "GB", "address_type": "physical"}  # fmt: skip
        location = {
            "id": loc_id,
            "location_type": "physical",
            "name": f"{town} Family Centre",
            "latitude": round(52.0 + rng.random() * 0.6, 6),
            "longitude": round(-1.9 + rng.random() * 0.6, 6),
            "addresses": [address],
        }
        return [{"id": f"{sid}-sal", "service_id": sid, "location_id": loc_id, "location": location}]

    def text(self, need_label: str) -> str:
        chosen = self.rng.sample(SENTENCES, 3)
        return " ".join(chosen).format(need=need_label.lower())

    def service(self, i: int) -> dict[str, Any]:
        rng, sid = self.rng, f"gen-{i:06d}"
        needs = rng.sample(self.needs, rng.choice((0, 1, 1, 1, 2, 2, 3)))
        categories = rng.sample(self.send_categories, rng.choice((0, 1, 1, 2))) + rng.sample(self.general, 1)
        topic = rng.choice(TOPICS[needs[0] if needs else rng.choice(self.needs)])
        name = " ".join(filter(None, [rng.choice(QUALIFIERS), topic, rng.choice(KINDS)]))
        low, high = rng.choice(AGE_BANDS)
        org = rng.choice(self.orgs)
        areas = rng.sample(self.districts, rng.choice((0, 1, 1, 1, 2)))
        route = rng.choice(("self", "self", "referral", "both", None))
        delivery = [m for m in ("in_person", "online", "phone") if rng.random() < (0.85 if m == "in_person" else 0.3)]
        free = rng.random() < 0.6
        record: dict[str, Any] = {
            "id": sid, "organization_id": org["id"], "name": name,
            "description": self.text(vocab.need_label(needs[0]) if needs else "additional needs"),
            "url": f"https://example.org/services/{i}", "status": rng.choice(STATUSES),
            "assured_date": (self.start + timedelta(days=rng.randint(0, 900))).isoformat(),
            "last_modified": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T09:{rng.randint(10, 59)}:00.000Z",
            "organization": org,
        }  # fmt: skip
        if rng.random() < 0.5:
            record["email"] = f"service{i}@example.org"
        if low is not None:
            record |= {"minimum_age": low, "maximum_age": high}
        if not free:
            record["fees_description"] = f"£{rng.randint(2, 30)} per session."
        record.update(self.collections(sid, areas, free, delivery))
        record["attributes"] = self.attributes(sid, needs, categories, route, delivery or ["in_person"])
        record.update(languages=[], funding=[], required_documents=[], metadata=[])
        return record

    def collections(self, sid: str, areas: list, free: bool, delivery: list[str]) -> dict[str, Any]:
        rng = self.rng
        phones = [{"id": f"{sid}-phone", "service_id": sid, "number": f"01926 {rng.randint(100000, 999999)}"}]
        schedules = []
        if rng.random() < 0.4:
            schedules = [{"id": f"{sid}-schedule", "service_id": sid, "freq": "WEEKLY",
                          "byday": rng.choice(("MO", "TU", "WE", "TH", "FR", "SA")), "opens_at": "10:00",
                          "closes_at": "12:00"}]  # fmt: skip
        amount = rng.choice((5, 7.5, 10, 12.5, 25))
        cost = (
            {"id": f"{sid}/free", "service_id": sid, "option": "Free", "amount": 0, "currency": "GBP"}
            if free
            else {"id": f"{sid}-cost", "service_id": sid, "option": "Per session", "amount": amount, "currency": "GBP"}
        )
        district = areas[0] if areas else rng.choice(self.districts)
        return {
            "phones": phones, "schedules": schedules,
            "service_areas": [{"id": f"{sid}/area/{d.code}", "service_id": sid, "name": d.name,
                               "extent_type": "district"} for d in sorted(areas, key=lambda d: d.code)],
            "service_at_locations": self.location(sid, district) if "in_person" in delivery else [],
            "contacts": [], "cost_options": [cost],
        }  # fmt: skip


def generate_services(n: int, seed: int = 42) -> list[dict[str, Any]]:
    """``n`` varied services (needs, categories, districts, ages, fees, places) for a seed."""
    maker = _Maker(seed, n)
    return [maker.service(i) for i in range(n)]
