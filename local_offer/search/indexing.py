"""Keeping ``search_document`` and the spelling vocabulary in step with the services."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from local_offer.models import Service
from local_offer.search import spelling
from local_offer.search.filter_tokens import service_filter_words
from local_offer.search.models import SearchDocument, SearchTerm
from local_offer.search.text import words
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY
from nlp import vocab
from portal.core.extensions import db

BATCH = 500


def document_fields(service: Service) -> tuple[str, str, str]:
    """(name, keywords, body) for a service; the engines weight them in that order."""
    name = " ".join(filter(None, [service.name, service.alternate_name]))
    terms = [a.taxonomy_term for a in service.attributes if a.taxonomy_term is not None]
    keywords = [t.name for t in terms if t.taxonomy_id in (NEED_TAXONOMY, CATEGORY_TAXONOMY)]
    keywords += [t.name for t in terms if t.taxonomy_id not in (NEED_TAXONOMY, CATEGORY_TAXONOMY)]
    places = []
    for area in service.service_areas:
        district = next((d for d in vocab.districts() if d.code == area.district_code), None)
        places += [area.name or ""] + ([district.name, *district.towns] if district else [])
    for link in service.locations:
        places += [link.location.name or "", link.location.city or "", link.location.postal_code or ""]
    org = service.organization.name if service.organization else ""
    body = " ".join(
        filter(
            None,
            [
                service.description,
                service.eligibility_description,
                org,
                " ".join(places),
                service.fees_description,
                service.application_process,
            ],
        )
    )
    return name, " ".join(keywords), body


def _word_set(name: str, keywords: str, body: str) -> set[str]:
    return {w for w in words(f"{name} {keywords} {body}") if 2 < len(w) <= 40 and not w.isdigit()}


def index_services(services: Iterable[Service]) -> None:
    """Add, refresh or drop the search documents of these services (the caller commits)."""
    batch = list(services)
    for start in range(0, len(batch), BATCH):
        _index_batch(batch[start : start + BATCH])
    spelling.invalidate()


def _index_batch(services: Sequence[Service]) -> None:
    delta = _drop_documents([s.id for s in services])
    rows = []
    for service in services:
        if service.visible_to_public:
            name, keywords, body = document_fields(service)
            rows.append(
                {
                    "service_id": service.id,
                    "name": name,
                    "keywords": keywords,
                    "body": body,
                    "filters": service_filter_words(service),
                }
            )
            delta.update(_word_set(name, keywords, body))
    if rows:
        db.session.execute(SearchDocument.__table__.insert(), rows)
    _apply_vocabulary_delta(delta)


def _drop_documents(ids: list[str]) -> Counter[str]:
    """Delete these services' documents; returns the vocabulary change (their words, counted down)."""
    old = db.session.execute(
        select(SearchDocument.name, SearchDocument.keywords, SearchDocument.body).where(
            SearchDocument.service_id.in_(ids)
        )
    ).all()
    delta: Counter[str] = Counter()
    for row in old:
        delta.subtract(_word_set(*row))
    db.session.execute(delete(SearchDocument).where(SearchDocument.service_id.in_(ids)))
    return delta


def remove_from_index(service_ids: Iterable[str]) -> None:
    delta = _drop_documents(list(service_ids))
    _apply_vocabulary_delta(delta)
    spelling.invalidate()


def _apply_vocabulary_delta(delta: Counter[str]) -> None:
    changed = {term: change for term, change in delta.items() if change}
    if not changed:
        return
    current = dict(
        db.session.execute(
            select(SearchTerm.term, SearchTerm.doc_count).where(SearchTerm.term.in_(list(changed)))
        ).all()
    )
    new_rows, updates, gone = [], [], []
    for term, change in changed.items():
        count = current.get(term, 0) + change
        if term not in current and count > 0:
            new_rows.append({"term": term, "doc_count": count})
        elif count > 0:
            updates.append({"term": term, "doc_count": count})
        elif term in current:
            gone.append(term)
    if new_rows:
        db.session.execute(SearchTerm.__table__.insert(), new_rows)
    if updates:
        table = SearchTerm.__table__
        db.session.execute(
            table.update().where(table.c.term == db.bindparam("t")).values(doc_count=db.bindparam("c")),
            [{"t": u["term"], "c": u["doc_count"]} for u in updates],
        )
    if gone:
        db.session.execute(delete(SearchTerm).where(SearchTerm.term.in_(gone)))


def rebuild_index() -> int:
    """Rebuild every search document and the vocabulary from the services; returns documents indexed."""
    db.session.execute(delete(SearchDocument))
    db.session.execute(delete(SearchTerm))
    total = db.session.scalar(select(func.count()).select_from(Service)) or 0
    for offset in range(0, total, BATCH):
        services = db.session.scalars(
            select(Service)
            .order_by(Service.id)
            .offset(offset)
            .limit(BATCH)
            .options(
                selectinload(Service.attributes),
                selectinload(Service.service_areas),
                selectinload(Service.locations),
                selectinload(Service.organization),
                selectinload(Service.schedules),
            )
        ).all()
        _index_batch(services)
    spelling.invalidate()
    return db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0
