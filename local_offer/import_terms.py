"""Attributes and taxonomy terms of a foreign record, and the ORUK record as a whole ``Bundle``.

Our own terms (``need-asd``, ``category-autism``, ``referral-self``, ``delivery-online``) are read
directly; referral and delivery become columns. Any other term is kept, with its taxonomy, so the
API can filter by it, and its name or code is also looked up in the vocabulary ("Autism",
"Speech and language therapy") so foreign feeds are filterable by our needs and categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from local_offer.import_mapping import (
    Bundle,
    all_our_terms,
    area_rows,
    contact_rows,
    cost_rows,
    is_free,
    location_rows,
    organization_row,
    phone_rows,
    schedule_rows,
    service_row,
    without_free_marker,
)
from local_offer.import_text import ValueProblem, identifier, one_line, plain_text, vocabulary_matches
from local_offer.taxonomies import category_term_id, need_term_id


@dataclass
class TermFacts:
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)  # by term id: one link per term
    terms: list[dict[str, Any]] = field(default_factory=list)
    taxonomies: list[dict[str, Any]] = field(default_factory=list)
    referral: str | None = None
    delivery: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def our_terms() -> dict[str, tuple[str, str]]:
    return all_our_terms()


def _ref(term: dict, attribute: dict | None = None) -> dict[str, Any]:
    attribute = attribute or {}
    detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
    taxonomy_id = (
        identifier(term.get("taxonomy_id")) or identifier(detail.get("id")) or identifier(term.get("vocabulary"))
    )
    return {
        "attribute_id": identifier(attribute.get("id")),
        "term_id": identifier(attribute.get("taxonomy_term_id")) or identifier(term.get("id")),
        "code": one_line(term.get("code")), "name": one_line(term.get("name")),
        "description": plain_text(term.get("description")) or "", "parent_id": identifier(term.get("parent_id")),
        "term_uri": one_line(term.get("term_uri")), "taxonomy_id": taxonomy_id,
        "taxonomy_name": one_line(detail.get("name")) or one_line(term.get("taxonomy")) or taxonomy_id,
        "taxonomy_description": plain_text(detail.get("description")) or "",
        "value": one_line(attribute.get("value")), "label": one_line(attribute.get("label")),
    }  # fmt: skip


def _our_ref(attribute: dict) -> dict[str, Any] | None:
    """A link to one of our own terms needs only its ids and value; the term itself is ours."""
    term = attribute.get("taxonomy_term")
    term_id = identifier(attribute.get("taxonomy_term_id")) or (
        identifier(term.get("id")) if isinstance(term, dict) else None
    )
    if term_id not in our_terms():
        return None
    return {
        "attribute_id": identifier(attribute.get("id")),
        "term_id": term_id,
        "value": one_line(attribute.get("value")),
        "label": one_line(attribute.get("label")),
    }


def term_refs(record: dict) -> list[dict[str, Any]]:
    """Every term a record is filed under, from 3.0 attributes or 1.0 ``service_taxonomys``."""
    refs = []
    for attribute in record.get("attributes") or []:
        if isinstance(attribute, dict):
            term = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
            refs.append(_our_ref(attribute) or _ref(term, attribute))
    for link in record.get("service_taxonomys") or []:
        if isinstance(link, dict) and isinstance(link.get("taxonomy"), dict):
            refs.append(_ref(link["taxonomy"], {"id": link.get("id")}))
    for term in record.get("taxonomy_terms") or []:
        if isinstance(term, dict):
            refs.append(_ref(term))
    return [ref for ref in refs if ref["term_id"]]


def _link(sid: str, term_id: str, ref: dict | None = None) -> dict[str, Any]:
    ref = ref or {}
    return {"id": ref.get("attribute_id") or f"{sid}/{term_id}", "link_id": sid, "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": term_id, "value": ref.get("value"),
            "label": ref.get("label")}  # fmt: skip


def _add_ours(facts: TermFacts, sid: str, kind: str, code: str, ref: dict | None) -> None:
    if kind == "referral":
        facts.referral = code
    elif kind == "delivery":
        facts.delivery.append(code)
    else:
        term_id = need_term_id(code) if kind == "need" else category_term_id(code)
        facts.attributes.setdefault(term_id, _link(sid, term_id, ref))


def _add_foreign(facts: TermFacts, sid: str, ref: dict) -> None:
    term_id = ref["term_id"]
    facts.attributes.setdefault(term_id, _link(sid, term_id, ref))
    facts.terms.append(
        {
            "id": term_id,
            "code": ref["code"],
            "name": ref["name"] or term_id,
            "description": ref["description"],
            "parent_id": ref["parent_id"],
            "taxonomy_id": ref["taxonomy_id"],
            "term_uri": ref["term_uri"],
        }
    )
    if ref["taxonomy_id"]:
        facts.taxonomies.append(
            {"id": ref["taxonomy_id"], "name": ref["taxonomy_name"], "description": ref["taxonomy_description"]}
        )


def map_terms(record: dict, sid: str) -> TermFacts:
    facts = TermFacts()
    for ref in term_refs(record):
        ours = our_terms().get(ref["term_id"])
        if ours:
            _add_ours(facts, sid, *ours, ref)
            continue
        _add_foreign(facts, sid, ref)
        for kind, code in vocabulary_matches(ref["name"], ref["code"]):
            _add_ours(facts, sid, kind, code, None)
    return facts


def delivery_flags(methods: list[str]) -> dict[str, bool]:
    """With no delivery terms a service is taken to be delivered in person, as the model assumes."""
    chosen = set(methods) or {"in_person"}
    return {f"delivery_{m}": m in chosen for m in ("in_person", "online", "phone")}


def oruk_bundle(record: dict, number: int, fmt: str) -> Bundle:
    """A record of an ORUK 3.0 or 1.0 feed as rows; raises ValueProblem with the reason to skip it."""
    sid = identifier(record.get("id"))
    if not sid:
        raise ValueProblem("the record has no id")
    row = service_row(record, sid)
    facts = map_terms(record, sid)
    sal_rows, locations = location_rows(record, sid)
    costs = cost_rows(record, sid)
    row.update(
        referral_route=facts.referral, is_free=is_free(costs, row["fees_description"]), **delivery_flags(facts.delivery)
    )
    organization = organization_row(record)
    if organization is None:
        row["organization_id"] = None
    explicit_areas = fmt == "oruk3" and isinstance(record.get("service_areas"), list)
    children = {
        "phone": phone_rows(record, sid), "contact": contact_rows(record, sid),
        "schedule": schedule_rows(record, sid), "cost_option": without_free_marker(costs, sid),
        "service_area": area_rows(record, sid, locations, explicit_areas), "service_at_location": sal_rows,
    }  # fmt: skip
    return Bundle(
        number,
        row,
        organization,
        children,
        locations,
        list(facts.attributes.values()),
        "all",
        facts.terms,
        facts.taxonomies,
    )
