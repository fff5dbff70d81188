"""The SEND taxonomies the directory files services under, made from the vocabulary files."""

from __future__ import annotations

from sqlalchemy import select

from local_offer.models import Taxonomy, TaxonomyTerm
from nlp import vocab
from nlp.when import WHEN_VALUES
from portal.core.extensions import db

NEED_TAXONOMY = "send-need"
CATEGORY_TAXONOMY = "send-service-category"
REFERRAL_TAXONOMY = "send-referral-route"
DELIVERY_TAXONOMY = "send-delivery"
WHEN_TAXONOMY = "send-when"

# Referral route and delivery are columns on a service (cheap filters); in Open Referral
# exchange they travel as attributes with these terms.
REFERRAL_TERMS = {"self": "Self-referral", "referral": "Needs a referral", "both": "Self-referral or referral"}
DELIVERY_TERMS = {"in_person": "In person", "online": "Online", "phone": "By phone"}


# When a service runs, as an editor states it (local_offer/when.py adds what its schedules say).
WHEN_LABELS = dict(
    zip(WHEN_VALUES, ("After school", "Evenings", "Weekends", "School holidays", "Term time"), strict=True)
)


def when_term_id(value: str) -> str:
    return f"when-{value.replace('_', '-')}"


def referral_term_id(route: str) -> str:
    return f"referral-{route.replace('_', '-')}"


def delivery_term_id(method: str) -> str:
    return f"delivery-{method.replace('_', '-')}"


ALL_TAXONOMIES = (NEED_TAXONOMY, CATEGORY_TAXONOMY, REFERRAL_TAXONOMY, DELIVERY_TAXONOMY, WHEN_TAXONOMY)


def need_term_id(code: str) -> str:
    return f"need-{code.lower()}"


def category_term_id(category_id: str) -> str:
    return f"category-{category_id}"


def ensure_send_taxonomies() -> None:
    """Create or refresh the need and service-category taxonomies; safe to run again."""
    _upsert_taxonomy(
        NEED_TAXONOMY,
        "SEND need categories",
        "Primary needs, grouped as parents describe them (DfE school census codes)",
    )
    _upsert_taxonomy(
        CATEGORY_TAXONOMY, "SEND service categories", "The DfE Family Hubs SEND taxonomy and general categories"
    )
    _upsert_taxonomy(REFERRAL_TAXONOMY, "Referral route", "Whether families can contact the service themselves")
    _upsert_taxonomy(DELIVERY_TAXONOMY, "Delivery", "How the service is delivered")
    _upsert_taxonomy(WHEN_TAXONOMY, "When", "When the service runs, as its editor states it")
    existing = {
        term.id: term
        for term in db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id.in_(ALL_TAXONOMIES)))
    }
    for need in vocab.need_categories():
        _upsert_term(existing, need_term_id(need.code), need.code, need.label, need.description, NEED_TAXONOMY)
    for cat in vocab.service_categories():
        _upsert_term(existing, category_term_id(cat.id), cat.id, cat.label, cat.group, CATEGORY_TAXONOMY)
    for route, label in REFERRAL_TERMS.items():
        _upsert_term(existing, referral_term_id(route), route, label, "", REFERRAL_TAXONOMY)
    for method, label in DELIVERY_TERMS.items():
        _upsert_term(existing, delivery_term_id(method), method, label, "", DELIVERY_TAXONOMY)
    for value, label in WHEN_LABELS.items():
        _upsert_term(existing, when_term_id(value), value, label, "", WHEN_TAXONOMY)
    db.session.flush()


def _upsert_taxonomy(taxonomy_id: str, name: str, description: str) -> None:
    taxonomy = db.session.get(Taxonomy, taxonomy_id) or Taxonomy(id=taxonomy_id)
    taxonomy.name, taxonomy.description, taxonomy.version = name, description, "1"
    db.session.add(taxonomy)


def _upsert_term(existing: dict, term_id: str, code: str, name: str, description: str, taxonomy_id: str) -> None:
    term = existing.get(term_id) or TaxonomyTerm(id=term_id)
    term.code, term.name, term.description, term.taxonomy_id = code, name, description, taxonomy_id
    db.session.add(term)
