"""Directory search: stemming, synonyms, typos, filters, ranking, pagination — on both engines."""

from __future__ import annotations

import pytest

from local_offer.search import SearchFilters, SearchRequest, rebuild_index, search_services
from local_offer.search.engines import SqliteEngine
from portal.core.extensions import db
from tests.factories import make_directory, make_service


def names(text: str = "", **filters) -> list[str]:
    result = search_services(SearchRequest(text=text, filters=SearchFilters(**filters), per_page=50))
    return [s.name for s in result.services]


@pytest.fixture()
def directory(app_ctx):
    make_directory(
        dict(
            name="Autism Parent Support Group",
            description="A friendly monthly group for parents of autistic children.",
            needs=("ASD",),
            categories=("groups-for-parents-and-carers",),
            areas=("rugby",),
            minimum_age=0,
            maximum_age=18,
        ),
        dict(
            name="Speech and Language Therapy Drop-in",
            description="Therapists answer questions about talking and listening.",
            needs=("SLCN",),
            categories=("health",),
            areas=("nuneaton-and-bedworth",),
            minimum_age=0,
            maximum_age=5,
            referral="self",
        ),
        dict(
            name="Saturday Short Breaks Club",
            description="Respite play sessions for disabled children; trained staff.",
            needs=("LD", "PD"),
            categories=("breaks-and-respite",),
            areas=("warwick",),
            minimum_age=5,
            maximum_age=17,
            free=False,
            referral="referral",
        ),
        dict(
            name="Dyslexia Tuition",
            description="Specialist teaching for children with dyslexia and other therapies.",
            needs=("SPLD",),
            categories=("education",),
            areas=("stratford-on-avon",),
            minimum_age=6,
            maximum_age=16,
            free=False,
            delivery=("online", "in_person"),
        ),
        dict(
            name="Family Information Service",
            description="Advice on every service, including autism support and respite.",
            categories=("advice-and-advocacy",),
            minimum_age=0,
            maximum_age=25,
            delivery=("phone",),
        ),
        dict(name="Closed Autism Club", description="Autism club that closed.", needs=("ASD",), archived=True),
        dict(name="Defunct Autism Service", description="No longer runs.", needs=("ASD",), status="defunct"),
        dict(
            name="Temporarily Closed Autism Swim",
            description="Autism-friendly swimming.",
            needs=("ASD",),
            status="temporarily closed",
        ),
    )


def test_name_matches_rank_first(directory):
    found = names("autism")
    assert found[0] == "Autism Parent Support Group"
    assert "Family Information Service" in found


def test_archived_and_defunct_services_are_never_found(directory):
    found = names("autism")
    assert "Closed Autism Club" not in found and "Defunct Autism Service" not in found
    assert "Temporarily Closed Autism Swim" in found


def test_stemming_finds_other_forms(directory):
    assert "Speech and Language Therapy Drop-in" in names("therapies")
    assert "Dyslexia Tuition" in names("therapy")


@pytest.mark.parametrize(
    "query,expected",
    [
        ("ASD", "Autism Parent Support Group"),
        ("SALT", "Speech and Language Therapy Drop-in"),
        ("respite", "Saturday Short Breaks Club"),
        ("short breaks", "Saturday Short Breaks Club"),
        ("autistic", "Autism Parent Support Group"),
    ],
)
def test_synonyms_and_abbreviations(directory, query, expected):
    assert expected in names(query)


@pytest.mark.parametrize(
    "typo,correct", [("autsim", "autism"), ("dyslexa", "dyslexia"), ("respit", "respite"), ("theraphy", "therapy")]
)
def test_one_letter_slips_give_the_same_first_result(directory, typo, correct):
    wrong = search_services(SearchRequest(text=typo))
    right = search_services(SearchRequest(text=correct))
    assert right.services, correct
    assert wrong.services[0].id == right.services[0].id
    assert wrong.corrections == {typo: correct}


def test_filters(directory):
    assert names(needs=("SLCN",)) == ["Speech and Language Therapy Drop-in"]
    # a service with no ages given is open to all ages
    assert names(age=3) == [
        "Autism Parent Support Group",
        "Family Information Service",
        "Speech and Language Therapy Drop-in",
        "Temporarily Closed Autism Swim",
    ]
    # a service with no district is county-wide and shows in every area
    assert names(areas=("warwick",)) == [
        "Family Information Service",
        "Saturday Short Breaks Club",
        "Temporarily Closed Autism Swim",
    ]
    assert "Saturday Short Breaks Club" not in names(free_only=True)
    assert "Saturday Short Breaks Club" not in names(self_referral=True)
    assert names(delivery=("online",)) == ["Dyslexia Tuition"]
    assert names("autism", needs=("ASD",), areas=("rugby",)) == [
        "Autism Parent Support Group",
        "Temporarily Closed Autism Swim",
    ]
    assert names(categories=("breaks-and-respite",)) == ["Saturday Short Breaks Club"]


def test_all_words_then_any_word(directory):
    result = search_services(SearchRequest(text="autism swimming zebra"))
    assert result.matched_any_word and result.total > 0


def test_zero_results_suggests_a_spelling(directory):
    result = search_services(SearchRequest(text="dizlexcia"))
    assert result.total == 0
    assert result.suggestion == "dyslexia"


def test_pagination_and_count(app_ctx):
    for n in range(23):
        make_service(f"Holiday Club {n:02d}", "Holiday activities for disabled children.", commit=False)
    db.session.commit()
    first = search_services(SearchRequest(text="holiday", per_page=10, page=1))
    last = search_services(SearchRequest(text="holiday", per_page=10, page=3))
    assert first.total == 23 and first.pages == 3
    assert len(first.services) == 10 and len(last.services) == 3
    assert not {s.id for s in first.services} & {s.id for s in last.services}


def test_editing_a_service_reindexes_it(directory):
    from local_offer.models import Service
    from local_offer.services import save_services

    service = db.session.scalars(db.select(Service).where(Service.name == "Dyslexia Tuition")).one()
    service.name = "Reading Support Tuition"
    save_services([service])
    db.session.commit()
    assert "Reading Support Tuition" in names("reading")
    assert names("dyslexia")  # still in the description


def test_rebuild_index_matches_incremental(directory):
    before = names("autism")
    rebuild_index()
    db.session.commit()
    assert names("autism") == before


def test_hostile_queries_are_safe(directory):
    for query in ['"', "autism OR", "NEAR(", "*", "a' OR 1=1 --", "\x00", "ü" * 300, "AND AND"]:
        search_services(SearchRequest(text=query))


def test_match_expression_quotes_every_phrase():
    expression = SqliteEngine.match_expression([["autism", 'asd"'], ["speech and language"]], require_all=True)
    assert expression == '("autism" OR "asd") AND ("speech and language")'


def test_a_page_past_the_last_still_counts_every_match(app_ctx):
    for n in range(12):
        make_service(f"Holiday Club {n:02d}", "Holiday activities for disabled children.", commit=False)
    db.session.commit()
    beyond = search_services(SearchRequest(text="holiday", per_page=10, page=5))
    assert beyond.total == 12 and beyond.services == []
    assert search_services(SearchRequest(text="no such words", per_page=10, page=2)).total == 0


def _statements_for(client, url: str) -> list[str]:
    from sqlalchemy import event

    client.get(url)  # the first search after indexing also reads the spelling vocabulary
    seen: list[str] = []

    def record(conn, cursor, statement, *_args) -> None:  # noqa: ARG001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def test_a_page_of_results_takes_the_same_few_queries_however_many_services_it_shows(client):
    """Results are loaded together: nothing the list shows (organisation, areas, cost) loads per service, and
    what only a service's own page shows (its terms, prices, contacts) is not loaded at all."""
    for n in range(2):
        make_service(f"Holiday Club {n:02d}", "Holiday fun.", needs=("ASD",), areas=("rugby",), organization=f"O{n}")
    two = _statements_for(client, "/services/?q=holiday")
    for n in range(2, 12):
        make_service(f"Holiday Club {n:02d}", "Holiday fun.", needs=("ASD",), areas=("rugby",), organization=f"O{n}")
    ten = _statements_for(client, "/services/?q=holiday")
    assert len(ten) == len(two) <= 5, ten
    assert not any("attribute" in s or "cost_option" in s or "contact" in s for s in ten), ten
