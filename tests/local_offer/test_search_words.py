"""A parent's own words: acronyms and everyday names both ways, compounds, and real words left alone."""

from __future__ import annotations

import pytest

from local_offer.search import SearchRequest, search_services
from local_offer.search.phrases import alternatives, split_compound
from local_offer.search.understanding import understand
from tests.factories import make_directory


def names(text: str) -> list[str]:
    return [s.name for s in search_services(SearchRequest(text=text, per_page=50)).services]


@pytest.fixture()
def directory(app_ctx):
    make_directory(
        dict(name="EHC Plan Reviews", description="Annual reviews of education, health and care plans."),
        dict(name="EHCP Coffee Morning", description="Parents talk through their child's plan."),
        dict(name="Ask a SENCo", description="The special educational needs coordinator answers your questions."),
        dict(name="Paediatric Occupational Therapy", description="Help with handwriting, dressing and sensory needs."),
        dict(name="OT Equipment Loans", description="Seating and bathing equipment."),
        dict(name="Child and Adolescent Mental Health Service", description="Assessment and therapy for young people."),
        dict(
            name="PDA Parent Circle",
            description="For parents of children with a pathological demand avoidance profile.",
        ),
        dict(
            name="FASD Family Group", description="Support for families affected by foetal alcohol spectrum disorder."
        ),
        dict(
            name="Sensory Room Sessions",
            description="For young people with profound and multiple learning disabilities.",
        ),
        dict(name="After School Club", description="Play and crafts until 6pm."),
        dict(name="Afterschool Sports", description="Sport for disabled children."),
        dict(name="Wheel Chair Skills", description="Learn to manage kerbs and slopes."),
        dict(name="Wheelchair Rugby", description="Junior sessions."),
        dict(name="Teenagers Drop-in", description="A drop-in for teenagers with ADHD."),
    )


@pytest.mark.parametrize(
    "query,expected",
    [
        ("EHCP", {"EHC Plan Reviews", "EHCP Coffee Morning"}),
        ("EHC plan", {"EHC Plan Reviews", "EHCP Coffee Morning"}),
        ("education health and care plan", {"EHC Plan Reviews", "EHCP Coffee Morning"}),
        ("SENCo", {"Ask a SENCo"}),
        ("special educational needs coordinator", {"Ask a SENCo"}),
        ("OT", {"Paediatric Occupational Therapy", "OT Equipment Loans"}),
        ("occupational therapy", {"Paediatric Occupational Therapy", "OT Equipment Loans"}),
        ("CAMHS", {"Child and Adolescent Mental Health Service"}),
        ("PDA", {"PDA Parent Circle"}),
        ("pathological demand avoidance", {"PDA Parent Circle"}),
        ("FASD", {"FASD Family Group"}),
        ("foetal alcohol spectrum disorder", {"FASD Family Group"}),
        ("PMLD", {"Sensory Room Sessions"}),
    ],
)
def test_acronyms_and_everyday_names_find_each_other(directory, query, expected):
    assert expected <= set(names(query))


@pytest.mark.parametrize("query", ["afterschool", "after school", "after-school"])
def test_words_run_together_or_apart_find_both(directory, query):
    assert {"After School Club", "Afterschool Sports"} <= set(names(query))


@pytest.mark.parametrize("query", ["wheelchair", "wheel chair"])
def test_wheelchair_either_way(directory, query):
    assert {"Wheel Chair Skills", "Wheelchair Rugby"} <= set(names(query))


def test_a_hyphen_reads_as_a_space(app_ctx):
    assert understand("short-breaks").groups == understand("short breaks").groups


def test_a_real_word_is_never_corrected(directory):
    result = search_services(SearchRequest(text="adhd teenager"))
    assert result.corrections == {}
    assert [s.name for s in result.services] == ["Teenagers Drop-in"]  # the engines' stemmer does the rest


@pytest.mark.parametrize("word", ["teenager", "chair", "kerb", "crafts"])
def test_common_english_words_and_indexed_words_are_kept(directory, word):
    assert understand(word).corrections == {}


def test_a_misspelling_is_still_corrected(directory):
    assert understand("occupatinal therapy").corrections == {"occupatinal": "occupational"}


def test_synonym_lines_work_both_ways_but_do_not_chain():
    assert "ehcp" in alternatives("ehc plan") and "ehc plan" in alternatives("ehcp")
    assert "learning disability" in alternatives("pmld")
    assert "mld" not in alternatives("pmld")


def test_compounds_split_evenly_and_only_into_words():
    known = {"after", "school", "aft", "erschool"}.__contains__
    assert split_compound("afterschool", known) == "after school"
    assert split_compound("zzzqqq", known) is None


def test_ehcp_finds_ehc_plan_services_in_the_demonstration_directory(demo_data):
    found = names("EHCP")
    assert "SEND Assessment and Review Team (EHC plans)" in found
    assert found[0] == "SEND Assessment and Review Team (EHC plans)"
    assert set(names("EHCP")) == set(names("EHC plan"))
    assert names("afterschool")[:2] == names("after school")[:2]
    assert all("After-school" in name for name in names("afterschool")[:2])
