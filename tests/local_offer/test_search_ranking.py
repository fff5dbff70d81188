"""Final order: an exact name or phrase leads, temporarily closed services come after open ones."""

from __future__ import annotations

import pytest

from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.search.ranking import RERANK_DEPTH, Candidate, name_tier, rerank
from portal.core.extensions import db
from tests.factories import make_service


def names(text: str = "", **filters) -> list[str]:
    result = search_services(SearchRequest(text=text, filters=SearchFilters(**filters), per_page=50))
    return [s.name for s in result.services]


@pytest.fixture()
def breaks(app_ctx):
    make_service(
        "Respite Breaks at Home",
        "Short breaks, short breaks and more short breaks: respite care for disabled children; short breaks.",
        areas=("rugby",),
    )
    make_service("Short Breaks Team", "Plans support for families.", areas=("rugby",))
    make_service(
        "Heron Lodge Short Breaks Rugby",
        "Overnight short breaks in Rugby.",
        areas=("rugby",),
        status="temporarily closed",
    )
    make_service("Rugby Saturday Club", "Short breaks for disabled children in Rugby.", areas=("rugby",))


def test_a_name_holding_the_query_as_a_phrase_leads(breaks):
    assert names("short breaks")[0] in {"Short Breaks Team", "Heron Lodge Short Breaks Rugby"}
    assert names("short breaks").index("Short Breaks Team") < names("short breaks").index("Respite Breaks at Home")


def test_a_misspelt_name_gives_the_same_order(breaks):
    assert names("short braeks") == names("short breaks")


def test_the_exact_name_leads(breaks):
    assert names("short breaks team")[0] == "Short Breaks Team"
    assert names("Heron Lodge Short Breaks Rugby")[0] == "Heron Lodge Short Breaks Rugby"  # even when closed


def test_temporarily_closed_services_come_after_open_ones(breaks):
    found = names("short breaks rugby")
    assert found[-1] == "Heron Lodge Short Breaks Rugby", found
    assert names(areas=("rugby",))[-1] == "Heron Lodge Short Breaks Rugby"
    assert names()[-1] == "Heron Lodge Short Breaks Rugby"


def test_the_result_row_shows_the_status(client, breaks):
    page = client.get("/services/?q=short+breaks+rugby").get_data(as_text=True)
    assert "Temporarily closed" in page


def test_name_tiers():
    assert name_tier("Short Breaks Team", ["short", "breaks", "team"]) == 0
    assert name_tier("Short Breaks Team", ["short", "breaks"]) == 1
    assert name_tier("Short Breaks Team", ["the", "short", "breaks", "team", "in", "rugby"]) == 1
    assert name_tier("Respite at Home", ["short", "breaks"]) == 2


def test_only_the_best_candidates_are_reordered():
    closed = [Candidate(f"c{n}", "Club", "temporarily closed") for n in range(RERANK_DEPTH)]
    deeper = Candidate("open", "Club", "active")
    order = rerank([*closed, deeper], ["club"])
    assert order[-1] == "open" and order[0] == "c0"


def test_pages_do_not_overlap_after_reordering(app_ctx):
    for n in range(15):
        status = "temporarily closed" if n % 3 == 0 else "active"
        make_service(f"Holiday Club {n:02d}", "Holiday fun.", status=status, commit=False)
    db.session.commit()
    pages = [search_services(SearchRequest(text="holiday", page=p, per_page=4)).services for p in (1, 2, 3, 4)]
    ids = [s.id for page in pages for s in page]
    assert len(ids) == len(set(ids)) == 15
    statuses = [s.status for page in pages for s in page]
    assert statuses == sorted(statuses, key=lambda s: s == "temporarily closed")
