"""The knowledge base staff edit: finding the best answer for a message, and saving entries.

A message is matched against each entry's question variants (and its title) two ways, and the
scores averaged: rapidfuzz's token-set ratio on the normalised words, which forgives word
order and extra words, and the share of the variant's content lemmas the message contains,
which forgives "plans" for "plan". When the classifier has already named the topic, the best
entry of that topic answers; otherwise only a close match may answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy import func, select

from nlp.pipeline import stop_words
from nlp.textnorm import tokenize
from portal.chat.dialogue import KnowledgeHit
from portal.chat.models import KnowledgeEntry
from portal.core.extensions import db

SEED_FILE = Path(__file__).resolve().parents[2] / "nlp" / "data" / "knowledge_base.json"
INTENTS = {
    "ehcp": "EHC plans and assessments",
    "sen_support": "SEN support in school",
    "transport": "Travel to school or college",
    "adulthood": "Preparing for adulthood",
    "disagreement": "Disagreements, mediation and appeals",
    "feedback_service": "Complaints and feedback about services (answers only a close match)",
    "general": "General (matched on the question only)",
}
CLOSE_MATCH = 0.75  # without a topic from the classifier, only this close a match may answer
BETTER_BY = 0.05  # a close match of another topic answers instead when it is this much closer
_prepared: dict[tuple[int, datetime | None], list[tuple[str, frozenset[str]]]] = {}


@dataclass(frozen=True)
class EntryInput:
    title: str
    intent: str
    questions: list[str]
    answer: str
    links: list[dict[str, str]]


def _normalise(text: str) -> str:
    return " ".join(token.norm for token in tokenize(text))


def _content_lemmas(text: str) -> frozenset[str]:
    stop = stop_words()
    return frozenset(t.lemma for t in tokenize(text) if t.norm not in stop and t.lemma not in stop)


def _variants(entry_id: int, updated: datetime | None, title: str, questions: list[str]):
    key = (entry_id, updated)
    if key not in _prepared:
        if len(_prepared) > 5000:
            _prepared.clear()
        _prepared[key] = [(_normalise(q), _content_lemmas(q)) for q in [title, *questions] if q.strip()]
    return _prepared[key]


def similarity(message: str, lemmas: frozenset[str], variant: tuple[str, frozenset[str]]) -> float:
    text, variant_lemmas = variant
    fuzzy = fuzz.token_set_ratio(message, text) / 100
    overlap = len(lemmas & variant_lemmas) / len(variant_lemmas) if variant_lemmas else 0.0
    return (fuzzy + overlap) / 2


def best_entry(message: str, intent: str | None) -> KnowledgeHit | None:
    """The entry that best answers ``message``.

    Of the classifier's topic (``intent``) when it has entries, unless an entry of any topic matches the
    question itself closely and better, so "what is the difference between SEN support and an EHC plan" finds
    that entry whichever of the two topics the classifier chose. Without a topic, only a close match answers.
    """
    rows = db.session.execute(
        select(
            KnowledgeEntry.id,
            KnowledgeEntry.intent,
            KnowledgeEntry.updated_at,
            KnowledgeEntry.title,
            KnowledgeEntry.questions,
        )
    ).all()
    normal, lemmas = _normalise(message), _content_lemmas(message)
    in_topic: tuple[float, int] | None = None
    anywhere: tuple[float, int] | None = None
    for row in rows:
        variants = _variants(row.id, row.updated_at, row.title, list(row.questions or []))
        score = max((similarity(normal, lemmas, v) for v in variants), default=0.0)
        if anywhere is None or (score, -row.id) > (anywhere[0], -anywhere[1]):
            anywhere = (score, row.id)
        if row.intent == intent and (in_topic is None or (score, -row.id) > (in_topic[0], -in_topic[1])):
            in_topic = (score, row.id)
    close = anywhere if anywhere is not None and anywhere[0] >= CLOSE_MATCH else None
    if intent in INTENTS and in_topic is not None and (close is None or close[0] <= in_topic[0] + BETTER_BY):
        best = in_topic
    else:
        best = close
    return KnowledgeHit(best[1], round(best[0], 3)) if best else None


def get_entry(entry_id: int) -> KnowledgeEntry | None:
    return db.session.get(KnowledgeEntry, entry_id)


def entry_by_slug(slug: str) -> KnowledgeEntry | None:
    return db.session.scalar(select(KnowledgeEntry).where(KnowledgeEntry.slug == slug))


def list_entries() -> list[KnowledgeEntry]:
    return list(db.session.scalars(select(KnowledgeEntry).order_by(KnowledgeEntry.intent, KnowledgeEntry.title)))


def _slug_for(title: str, entry_id: int | None = None) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70] or "answer"
    slug, n = base, 2
    while True:
        clash = db.session.scalar(select(KnowledgeEntry.id).where(KnowledgeEntry.slug == slug))
        if clash is None or clash == entry_id:
            return slug
        slug, n = f"{base}-{n}", n + 1


def save_entry(entry: KnowledgeEntry | None, data: EntryInput) -> KnowledgeEntry:
    """Create or update an entry; the caller records the audit entry and commits."""
    if entry is None:
        entry = KnowledgeEntry(slug=_slug_for(data.title))
        db.session.add(entry)
    entry.title, entry.intent, entry.answer = data.title, data.intent, data.answer
    entry.questions, entry.links = list(data.questions), [dict(link) for link in data.links]
    db.session.flush()
    return entry


def delete_entry(entry: KnowledgeEntry) -> None:
    db.session.delete(entry)


def seed_entries(path: Path = SEED_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def seed_knowledge_base(replace: bool = False, path: Path = SEED_FILE) -> tuple[int, int]:
    """Add the shipped entries whose slug is not there yet (or overwrite them with ``replace``)."""
    created = updated = 0
    for item in seed_entries(path):
        entry = entry_by_slug(item["slug"])
        if entry is not None and not replace:
            continue
        if entry is None:
            entry = KnowledgeEntry(slug=item["slug"])
            db.session.add(entry)
            created += 1
        else:
            updated += 1
        entry.title, entry.intent, entry.answer = item["title"], item["intent"], item["answer"]
        entry.questions, entry.links = list(item["questions"]), list(item.get("links", []))
    db.session.flush()
    return created, updated


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(KnowledgeEntry)) or 0
