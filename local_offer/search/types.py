"""What a directory search is asked and what it answers: the request, its filters and the result.

These types live apart from query.py so that the engines and the filter words can take a
request without importing the module that runs the search.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from local_offer.models import Service
from portal.core.paging import Page


@dataclass(frozen=True)
class SearchFilters:
    needs: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    age: int | None = None
    areas: tuple[str, ...] = ()
    free_only: bool = False
    self_referral: bool = False
    delivery: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return any(
            [
                self.needs,
                self.categories,
                self.age is not None,
                self.areas,
                self.free_only,
                self.self_referral,
                self.delivery,
            ]
        )


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 1
    per_page: int = 10


@dataclass
class SearchResult(Page[Service]):
    """A page of services (``items``, also named ``services``) and what the search understood."""

    corrections: dict[str, str] = field(default_factory=dict)
    suggestion: str | None = None
    matched_any_word: bool = False

    @property
    def services(self) -> list[Service]:
        return self.items
