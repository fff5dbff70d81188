"""The final order of the best candidates: exact names first, temporarily closed services last.

The engines rank by their own text scores and hand over only a bounded number of the best
candidates; this module reorders those few in Python, where the rules are easy to read:
1. a service whose name is exactly the query leads, even if it is temporarily closed (the
   parent is looking for that very service, and its page says it is closed);
2. otherwise open services come before temporarily closed ones;
3. then names that contain the query as a phrase (or that the query contains), then the rest,
   each in the engine's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from local_offer.search.text import words

CLOSED = "temporarily closed"
# How many of the engine's best matches are reordered (ten pages of ten); deeper pages keep the
# engine's order. Each candidate costs a join and a name comparison, so keep it small.
RERANK_DEPTH = 100


@dataclass(frozen=True)
class Candidate:
    service_id: str
    name: str
    status: str

    @property
    def closed(self) -> bool:
        return self.status == CLOSED


def _contains(longer: list[str], shorter: list[str]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def name_tier(name: str, query: list[str]) -> int:
    """0: the name is the query; 1: one holds the other as a phrase; 2: neither."""
    name_words = words(name)
    if not query or not name_words:
        return 2
    if name_words == query:
        return 0
    if _contains(name_words, query) or (len(name_words) > 1 and _contains(query, name_words)):
        return 1
    return 2


def rerank(candidates: list[Candidate], query: list[str]) -> list[str]:
    """Service ids of the first ``RERANK_DEPTH`` candidates in final order, then the rest as they came."""
    head, tail = candidates[:RERANK_DEPTH], candidates[RERANK_DEPTH:]

    def key(item: tuple[int, Candidate]) -> tuple[bool, bool, int, int]:
        position, candidate = item
        tier = name_tier(candidate.name, query)
        return (tier != 0, candidate.closed, tier, position)

    ordered = [c for _, c in sorted(enumerate(head), key=key)]
    return [c.service_id for c in ordered + tail]
