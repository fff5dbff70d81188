"""The two full-text engines. Each turns groups of alternative phrases into its own query language.

``groups`` is a list of groups; each group lists phrases of which one must match. With
``require_all`` every group must match (AND); otherwise any group may (OR), ranked by relevance.
"""

from __future__ import annotations

import re

from sqlalchemy import func, literal_column, select, table, text

from local_offer.models import Service
from local_offer.search.models import SearchDocument
from local_offer.search.query import SearchRequest, filter_conditions, page_bounds
from portal.extensions import db

_SAFE = re.compile(r"[^a-z0-9 ]+")
# Column weights: a match in the name counts ten times one in the description.
SQLITE_RANK = "bm25(service_fts, 10.0, 4.0, 1.0)"


def _clean(phrase: str) -> str:
    return " ".join(_SAFE.sub(" ", phrase.lower()).split())


class SqliteEngine:
    """FTS5 with the Porter stemmer (``therapies`` and ``therapy`` share a stem)."""

    @staticmethod
    def match_expression(groups: list[list[str]], require_all: bool) -> str:
        parts = []
        for group in groups:
            phrases = [f'"{_clean(p)}"' for p in group if _clean(p)]
            if phrases:
                parts.append("(" + " OR ".join(phrases) + ")")
        return (" AND " if require_all else " OR ").join(parts)

    def run(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> tuple[int, list[str]]:
        expression = self.match_expression(groups, require_all)
        if not expression:
            return 0, []
        fts = table("service_fts", literal_column("rowid"))
        base = (
            select(SearchDocument.service_id)
            .select_from(fts)
            .join(SearchDocument, SearchDocument.id == literal_column("service_fts.rowid"))
            .join(Service, Service.id == SearchDocument.service_id)
            .where(text("service_fts MATCH :expression"), *filter_conditions(request.filters))
        ).params(expression=expression)
        total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        if total == 0:
            return 0, []
        limit, offset = page_bounds(request)
        ranked = base.order_by(literal_column(SQLITE_RANK), Service.name).limit(limit).offset(offset)
        return total, list(db.session.scalars(ranked).all())


class PostgresEngine:
    """A weighted tsvector (name A, keywords B, text D) with the English stemmer, and pg_trgm
    similarity on the name to lift close name matches."""

    @staticmethod
    def tsquery(groups: list[list[str]], require_all: bool) -> str:
        parts = []
        for group in groups:
            phrases = [" <-> ".join(_clean(p).split()) for p in group if _clean(p)]
            if phrases:
                parts.append("(" + " | ".join(f"({p})" for p in phrases) + ")")
        return (" & " if require_all else " | ").join(parts)

    def run(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> tuple[int, list[str]]:
        expression = self.tsquery(groups, require_all)
        if not expression:
            return 0, []
        query = func.to_tsquery("english", expression)
        tsv = literal_column("search_document.tsv")
        base = (
            select(SearchDocument.service_id)
            .join(Service, Service.id == SearchDocument.service_id)
            .where(tsv.op("@@")(query), *filter_conditions(request.filters))
        )
        total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        if total == 0:
            return 0, []
        plain = " ".join(p for group in groups for p in group[:1])
        score = func.ts_rank(tsv, query, 1) + 0.3 * func.similarity(SearchDocument.name, plain)
        limit, offset = page_bounds(request)
        ranked = base.order_by(score.desc(), Service.name).limit(limit).offset(offset)
        return total, list(db.session.scalars(ranked).all())
