"""The two full-text engines. Each turns groups of alternatives into its own query language.

``groups`` lists groups of phrases; with ``require_all`` one phrase of every group must match
(AND), otherwise any group may (OR). Filters arrive as groups of filter words (filter_tokens.py)
that must all match, so counting and ranking happen inside the engine's own index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import text

from local_offer.search.filter_tokens import filter_groups
from local_offer.search.ranking import Candidate
from local_offer.search.types import SearchRequest
from portal.core.extensions import db

_SAFE = re.compile(r"[^a-z0-9 ]+")


def _clean(phrase: str) -> str:
    return " ".join(_SAFE.sub(" ", phrase.lower()).split())


_CANDIDATE_COLUMNS = "d.service_id, s.name, s.status"


@dataclass(frozen=True)
class Matching:
    """A SQL query selecting one column, ``service_id``, of every match, and its parameters."""

    sql: str
    params: dict[str, str]


# With no words and no filters every public service matches: search_document holds exactly those.
EVERY_DOCUMENT = Matching("SELECT service_id FROM search_document", {})


def _candidates(rows: Iterable[Sequence[str]]) -> list[Candidate]:
    return [Candidate(*row) for row in rows]


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

    def matching(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> Matching:
        """SQL selecting the ``service_id`` of every match, for ordering by distance (nearby.py)."""
        expression = self._expression(groups, request, require_all)
        if not expression:
            return EVERY_DOCUMENT
        return Matching(
            "SELECT d.service_id FROM service_fts JOIN search_document AS d ON d.id = service_fts.rowid "
            "WHERE service_fts MATCH :e",
            {"e": expression},
        )

    def candidates(
        self, groups: list[list[str]], request: SearchRequest, require_all: bool, depth: int
    ) -> tuple[int, list[Candidate]]:
        """The match count and the ``depth`` best matches, best first."""
        expression = self._expression(groups, request, require_all)
        if not expression:
            return 0, []
        total = db.session.scalar(
            text("SELECT count(*) FROM service_fts WHERE service_fts MATCH :e"), {"e": expression}
        )
        if not total:
            return 0, []
        order = "rank" if groups else "name"
        rows = db.session.execute(
            text(
                f"SELECT {_CANDIDATE_COLUMNS} FROM (SELECT rowid AS id, {order} AS score FROM service_fts "
                f"WHERE service_fts MATCH :e ORDER BY {order}, rowid LIMIT :depth) AS best "
                "JOIN search_document AS d ON d.id = best.id JOIN service AS s ON s.id = d.service_id "
                "ORDER BY best.score, best.id"
            ),
            {"e": expression, "depth": depth},
        ).all()
        return total, _candidates(rows)


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

    def _condition(
        self, groups: list[list[str]], request: SearchRequest, require_all: bool
    ) -> tuple[str, dict[str, str]]:
        words = self.tsquery(groups, require_all)
        filters = " & ".join("(" + " | ".join(g) + ")" for g in filter_groups(request.filters))
        where = []
        if words:
            where.append("tsv @@ to_tsquery('english', :words)")
        if filters:
            where.append("ftsv @@ to_tsquery('simple', :filters)")
        return " AND ".join(where), {"words": words, "filters": filters}

    def matching(self, groups: list[list[str]], request: SearchRequest, require_all: bool) -> Matching:
        """SQL selecting the ``service_id`` of every match, for ordering by distance (nearby.py)."""
        condition, params = self._condition(groups, request, require_all)
        if not condition:
            return EVERY_DOCUMENT
        return Matching(f"SELECT service_id FROM search_document WHERE {condition}", params)

    def candidates(
        self, groups: list[list[str]], request: SearchRequest, require_all: bool, depth: int
    ) -> tuple[int, list[Candidate]]:
        """The match count and the ``depth`` best matches, best first.

        Name similarity is computed only for the best ``depth`` matches by text rank, not for
        every match: it lifts close names among good candidates without touching the rest.
        """
        condition, params = self._condition(groups, request, require_all)
        if not condition:
            return 0, []
        words = params["words"]
        params["plain"] = " ".join(g[0] for g in groups if g)
        score = "ts_rank(tsv, to_tsquery('english', :words), 1)" if words else "0"
        final = "best.score + 0.3 * similarity(best.name, :plain) DESC" if words else "best.name"
        # One pass over the matches: the window count is taken before LIMIT keeps the best ``depth``.
        rows = db.session.execute(
            text(
                f"SELECT {_CANDIDATE_COLUMNS}, best.total FROM (SELECT id, service_id, name, {score} AS score, "
                f"count(*) OVER () AS total FROM search_document WHERE {condition} "
                "ORDER BY score DESC, name, id LIMIT :depth) AS best "
                "JOIN search_document AS d ON d.id = best.id JOIN service AS s ON s.id = d.service_id "
                f"ORDER BY {final}, best.id"
            ),
            {**params, "depth": depth},
        ).all()
        if not rows:
            return 0, []
        return rows[0][-1], _candidates(row[:-1] for row in rows)
