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
    # When the service runs (nlp.when.WHEN_VALUES): a service matches if it has any of these.
    when: tuple[str, ...] = ()
    # A normalised postcode ("CV11 4AB") or outward code ("CV11"): results are ordered by distance from it.
    # Callers check it first (local_offer.postcodes.lookup); one that cannot be placed orders nothing.
    near: str | None = None
    # With ``near`` (the ORUK API's ``proximity``): leave out services with a place further than this many
    # metres away; services with no place are kept, after the located ones.
    within_metres: int | None = None

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
                self.when,
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
    # With ``SearchFilters.near``: for each service on this page (by id), the miles from the postcode to its
    # nearest location, or None for a service with no place (online, by phone, county-wide). Empty without it.
    distances: dict[str, float | None] = field(default_factory=dict)
    # The place the distances are measured from, as the parent typed it normalised ("CV11 4AB"), if any.
    near: str | None = None
    # With ``near`` (the ORUK API's ``proximity``): leave out services with a place further than this many
    # metres away; services with no place are kept, after the located ones.
    within_metres: int | None = None

    @property
    def services(self) -> list[Service]:
        return self.items
