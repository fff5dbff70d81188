"""Running a directory search: understand the words, then ask the engine, then load services."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import exists, false, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql import ColumnElement

from local_offer import postcodes
from local_offer.models import Attribute, Service, ServiceArea
from local_offer.postcodes import PostcodePoint
from local_offer.search import spelling
from local_offer.search.engines import EVERY_DOCUMENT, PostgresEngine, SqliteEngine
from local_offer.search.filter_tokens import when_word
from local_offer.search.models import SearchDocument
from local_offer.search.nearby import page_by_distance
from local_offer.search.ranking import CLOSED, RERANK_DEPTH, rerank
from local_offer.search.text import words
from local_offer.search.types import SearchFilters, SearchRequest, SearchResult
from local_offer.search.understanding import Understood, understand
from local_offer.taxonomies import category_term_id, need_term_id
from portal.core.extensions import db


def search_services(request: SearchRequest) -> SearchResult:
    understood = understand(request.text)
    point = postcodes.lookup(request.filters.near) if request.filters.near else None
    if point is not None:
        return _search_near(understood, request, point)
    matched_any = False
    if understood.groups or request.filters.active:
        total, ids = _ranked(understood, request, require_all=True)
        if total == 0 and len(understood.groups) > 1:
            total, ids = _ranked(understood, request, require_all=False)
            matched_any = total > 0
    else:
        total, ids = _browse(request)
    result = SearchResult(
        _load(ids), total, request.page, request.per_page, understood.corrections, matched_any_word=matched_any
    )
    if total == 0 and understood.unknown:
        result.suggestion = _suggest(request.text, understood.unknown)
    return result


def _search_near(understood: Understood, request: SearchRequest, point: PostcodePoint) -> SearchResult:
    """The matches ordered by distance from the postcode (nearby.py); what matches is decided as without it."""
    engine, centre = _engine(), point.latlon
    limit, offset = page_bounds(request)
    within = request.filters.within_metres
    words = understood.groups or request.filters.active
    page = page_by_distance(
        engine.matching(understood.groups, request, True) if words else EVERY_DOCUMENT, centre, limit, offset, within
    )
    matched_any = False
    if page.total == 0 and len(understood.groups) > 1:
        page = page_by_distance(engine.matching(understood.groups, request, False), centre, limit, offset, within)
        matched_any = page.total > 0
    result = SearchResult(
        _load(page.ids),
        page.total,
        request.page,
        request.per_page,
        understood.corrections,
        matched_any_word=matched_any,
        distances=page.distances,
        near=point.postcode,
    )
    if page.total == 0 and understood.unknown:
        result.suggestion = _suggest(request.text, understood.unknown)
    return result


def _ranked(understood: Understood, request: SearchRequest, require_all: bool) -> tuple[int, list[str]]:
    """The engine's best candidates, put in final order (ranking.py), then cut to the page."""
    limit, offset = page_bounds(request)
    depth = max(RERANK_DEPTH, offset + limit)
    total, candidates = _engine().candidates(understood.groups, request, require_all, depth)
    ordered = rerank(candidates, understood.tokens if understood.groups else [])
    return total, ordered[offset : offset + limit]


def _engine() -> PostgresEngine | SqliteEngine:
    return PostgresEngine() if db.engine.dialect.name == "postgresql" else SqliteEngine()


def filter_conditions(filters: SearchFilters) -> list[ColumnElement[bool]]:
    """SQL conditions on ``Service`` for the parent's filters."""
    conditions: list[ColumnElement[bool]] = [Service.visible_to_public]
    if filters.needs:
        conditions.append(_has_terms([need_term_id(code) for code in filters.needs]))
    if filters.categories:
        conditions.append(_has_terms([category_term_id(c) for c in filters.categories]))
    if filters.age is not None:
        conditions.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= filters.age))
        conditions.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= filters.age))
    if filters.areas:
        in_area = exists().where(ServiceArea.service_id == Service.id, ServiceArea.district_code.in_(filters.areas))
        county_wide = ~exists().where(ServiceArea.service_id == Service.id, ServiceArea.district_code.is_not(None))
        conditions.append(or_(in_area, county_wide))
    if filters.free_only:
        conditions.append(Service.is_free.is_(True))
    if filters.self_referral:
        conditions.append(Service.referral_route.in_(("self", "both")))
    if filters.when:
        conditions.append(_has_filter_words([when_word(value) for value in filters.when]))
    if filters.delivery:
        columns = {
            "in_person": Service.delivery_in_person,
            "online": Service.delivery_online,
            "phone": Service.delivery_phone,
        }
        chosen = [columns[d].is_(True) for d in filters.delivery if d in columns]
        conditions.append(or_(*chosen) if chosen else false())
    return conditions


def _has_terms(term_ids: list[str]) -> ColumnElement[bool]:
    return exists().where(Attribute.link_id == Service.id, Attribute.taxonomy_term_id.in_(term_ids))


def _has_filter_words(words: list[str]) -> ColumnElement[bool]:
    """The service's search document carries one of these filter words (filter_tokens.py)."""
    padded = literal(" ") + SearchDocument.filters + literal(" ")
    return exists().where(SearchDocument.service_id == Service.id, or_(*[padded.like(f"% {word} %") for word in words]))


def _browse(request: SearchRequest) -> tuple[int, list[str]]:
    conditions = filter_conditions(request.filters)
    total = db.session.scalar(select(func.count()).select_from(Service).where(*conditions)) or 0
    ids = db.session.scalars(
        select(Service.id)
        .where(*conditions)
        .order_by(Service.status == CLOSED, Service.name, Service.id)
        .limit(request.per_page)
        .offset((request.page - 1) * request.per_page)
    ).all()
    return total, list(ids)


def _load(ids: list[str]) -> list[Service]:
    if not ids:
        return []
    services = db.session.scalars(
        select(Service)
        .where(Service.id.in_(ids))
        .options(
            # What a list of results shows (the name, organisation, ages, areas, cost and referral route); a
            # service's terms and prices are read only on its own page.
            selectinload(Service.service_areas),
            joinedload(Service.organization),  # one service, one organisation: a join, not another query
        )
    ).all()
    by_id = {s.id: s for s in services}
    return [by_id[i] for i in ids if i in by_id]


def _suggest(text_query: str, unknown: list[str]) -> str | None:
    """A looser 'Did you mean' for words too far from any indexed word to correct silently."""
    choices = list(spelling._terms())
    replaced = {}
    for word in unknown:
        match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=70)
        if match:
            replaced[word] = match[0]
    if not replaced:
        return None
    return " ".join(replaced.get(w, w) for w in words(text_query))


def page_bounds(request: SearchRequest) -> tuple[int, int]:
    return request.per_page, (request.page - 1) * request.per_page
