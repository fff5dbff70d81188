"""The two full-text engines. Each turns groups of alternatives into its own query language.

``groups`` lists groups of phrases; with ``require_all`` one phrase of every group must match
(AND), otherwise any group may (OR). Filters arrive as groups of filter words (filter_tokens.py)
that must all match, so counting and ranking happen inside the engine's own index.
"""

from __future__ import annotations

import re

from sqlalchemy import bindparam, text

from local_offer.search.filter_tokens import filter_groups
from local_offer.search.query import SearchRequest, page_bounds
from portal.extensions import db

_SAFE = re.compile(r"[^a-z0-9 ]+")


def _clean(phrase: str) -> str:
    return " ".join(_SAFE.sub(" ", phrase.lower()).split())


def _service_ids(document_ids: list[int]) -> list[str]:
    if not document_ids:
        return []
    statement = text("SELECT id, service_id FROM search_document WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    by_id = dict(db.session.execute(statement, {"ids": document_ids}).all())
    return [by_id[i] for i in document_ids if i in by_id]


class SqliteEngine:
    """FTS5 with the Porter stemmer ("therapies" and "therapy" share a stem), ranked by the
    BM25 weights set in the migration (name 10, keywords 4, text 1, filter words 0)."""

    @staticmethod
    def match_expression(groups: list[list[str]], require_all: bool) -> str:
        parts = []
        for group in groups:
            phrases = [f'"{_clean(p)}"' for p in group if _clean(p)]
            if phrases:
                parts.append("(" + " OR ".join(phrases) + ")")
        return (" AND " if require_all else " OR ").join(parts)

    def _expression(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> str:
        words = self.match_expression(groups, require_all)
        filters = " AND ".join("filters : (" + " OR ".join(g) + ")" for g in filter_groups(request.filters))
        if words and filters:
            return f"({words}) AND {filters}"
        return words or filters

    def run(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> tuple[int, list[str]]:
        expression = self._expression(groups, request, require_all)
        if not expression:
            return 0, []
        total = db.session.scalar(
            text("SELECT count(*) FROM service_fts WHERE service_fts MATCH :e"), {"e": expression}
        )
        if not total:
            return 0, []
        limit, offset = page_bounds(request)
        order = "rank" if groups else "name"
        rows = db.session.scalars(
            text(
                f"SELECT rowid FROM service_fts WHERE service_fts MATCH :e ORDER BY {order}, rowid "
                "LIMIT :limit OFFSET :offset"
            ),
            {"e": expression, "limit": limit, "offset": offset},
        ).all()
        return total, _service_ids(list(rows))


class PostgresEngine:
    """A weighted tsvector (name A, keywords B, text D) with the English stemmer, a second
    'simple' tsvector of filter words, and pg_trgm similarity on the name to lift close names."""

    @staticmethod
    def tsquery(groups: list[list[str]], require_all: bool) -> str:
        parts = []
        for group in groups:
            phrases = [" <-> ".join(_clean(p).split()) for p in group if _clean(p)]
            if phrases:
                parts.append("(" + " | ".join(f"({p})" for p in phrases) + ")")
        return (" & " if require_all else " | ").join(parts)

    def run(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> tuple[int, list[str]]:
        words = self.tsquery(groups, require_all)
        filters = " & ".join("(" + " | ".join(g) + ")" for g in filter_groups(request.filters))
        if not words and not filters:
            return 0, []
        where = []
        if words:
            where.append("tsv @@ to_tsquery('english', :words)")
        if filters:
            where.append("ftsv @@ to_tsquery('simple', :filters)")
        params = {"words": words, "filters": filters, "plain": " ".join(g[0] for g in groups if g)}
        condition = " AND ".join(where)
        limit, offset = page_bounds(request)
        order = (
            "ts_rank(tsv, to_tsquery('english', :words), 1) + 0.3 * similarity(name, :plain) DESC" if words else "name"
        )
        # One round trip: the window count is taken over every match before LIMIT cuts the page.
        rows = db.session.execute(
            text(
                f"SELECT service_id, count(*) OVER () FROM search_document WHERE {condition} "
                f"ORDER BY {order}, id LIMIT :limit OFFSET :offset"
            ),
            {**params, "limit": limit, "offset": offset},
        ).all()
        if rows:
            return rows[0][1], [row[0] for row in rows]
        if not offset:
            return 0, []
        total = db.session.scalar(text(f"SELECT count(*) FROM search_document WHERE {condition}"), params)
        return total or 0, []
