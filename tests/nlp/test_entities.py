"""nlp.entities.extract: ages, needs, areas, service types, when and postcodes from chat messages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.entities import extract
from nlp.vocab import districts, need_categories, service_categories
from nlp.when import WHEN_VALUES


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("7", 7),
        ("my 3yo", 3),
        ("aged fourteen", 14),
        ("in year 9", 13),
        ("she is in reception", 4),
        ("2 and a half", 2),
        ("16 year old", 16),
        ("my son's 7 and autistic", 7),
        ("i am 17", 17),
        ("he is twenty-one", 21),
        ("a 6 month old baby", 0),
        ("yr 11 student", 15),
        ("i have 2 kids", None),
        ("we waited 2 years for this", None),
        ("he's 5 foot tall", None),
        ("the meeting is at 9", None),
        ("my son is 40 and needs help", None),
    ],
)
def test_age(text: str, age: int | None) -> None:
    assert extract(text)["age"] == age


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("autsim", "ASD"),
        ("my son has ASD", "ASD"),
        ("dyslexic", "SPLD"),
        ("he is deaf", "HI"),
        ("wheelchair user", "PD"),
        ("ADHD", "SEMH"),
        ("Down's syndrome", "LD"),
        ("downs syndrome", "LD"),
        ("my son has autisim", "ASD"),
        ("dislexia", "SPLD"),
        ("she is visually impaired", "VI"),
        ("deafblind", "MSI"),
        ("HI my son has ADD", "SEMH"),
        # ordinary words that look like needs
        ("he is dead tired", None),
        ("hi there", None),
        ("i will add it later", None),
        ("i am not sure what to do", None),
        ("my other son is fine", None),
        ("the tribunal hearing is next week", None),
        ("poor communication from the school", None),
        ("can you read this", None),
    ],
)
def test_need(text: str, need: str | None) -> None:
    assert extract(text)["need"] == need


def test_several_needs_are_listed_in_order() -> None:
    assert extract("he has autism and adhd and is dyslexic")["needs"] == ["ASD", "SEMH", "SPLD"]


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("we live in nuneton", "nuneaton-and-bedworth"),
        ("leamington", "warwick"),
        ("Leamington Spa", "warwick"),
        ("Stratford-upon-Avon", "stratford-on-avon"),
        ("kenilwoth", "warwick"),
        ("near Atherstone", "north-warwickshire"),
        ("we live in rugby", "rugby"),
        ("Rugby", "rugby"),
        ("he plays rugby at weekends", None),
        ("rugby club on saturdays", None),
        ("warwickshire", None),
        ("i read a lot", None),
    ],
)
def test_area(text: str, area: str | None) -> None:
    assert extract(text)["area"] == area


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("respite", "breaks-and-respite"),
        ("speech therapy", "speech-language-and-communication-needs"),
        ("holiday club", "leisure"),
        ("school transport", "transport"),
        ("parent support group", "groups-for-parents-and-carers"),
        ("supported internship", "preparing-for-adulthood"),
        ("my son has autism", None),
        ("education health and care plan", None),
        ("i dont care", None),
    ],
)
def test_service_type(text: str, service: str | None) -> None:
    assert extract(text)["service_type"] == service


def test_spans_point_at_the_words_found() -> None:
    text = "My son is 7 and autisitc, we live in Nuneton and want respite"
    result = extract(text)
    assert (result["age"], result["need"], result["area"], result["service_type"]) == (
        7,
        "ASD",
        "nuneaton-and-bedworth",
        "breaks-and-respite",
    )
    by_entity = {span["entity"]: span for span in result["spans"]}
    assert text[by_entity["need"]["start"] : by_entity["need"]["end"]] == "autisitc"
    assert by_entity["need"]["method"] == "fuzzy"
    assert by_entity["area"]["text"] == "Nuneton"
    assert by_entity["service_type"]["text"] == "respite"
    assert by_entity["age"]["value"] == 7


NEED_CODES = {need.code for need in need_categories()}
AREA_CODES = {district.code for district in districts()}
SERVICE_IDS = {category.id for category in service_categories()}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_keeps_its_contract(text: str) -> None:
    result = extract(text)
    assert result["age"] is None or (isinstance(result["age"], int) and 0 <= result["age"] <= 25)
    assert result["need"] is None or result["need"] in NEED_CODES
    assert set(result["needs"]) <= NEED_CODES and (result["need"] is None) == (not result["needs"])
    assert result["area"] is None or result["area"] in AREA_CODES
    assert result["service_type"] is None or result["service_type"] in SERVICE_IDS
    assert set(result["when"]) <= set(WHEN_VALUES) and len(set(result["when"])) == len(result["when"])
    assert result["postcode"] is None or re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?( \d[A-Z]{2})?", result["postcode"])
    for span in result["spans"]:
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert span["text"] == text[span["start"] : span["end"]]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 16 and autistic", 16),
        ("my son (7) has adhd", 7),
        ("twins (aged 4)", 4),
        ("my twins are 4", 4),
        ("they're both 6", 6),
        ("nine", 9),
        ("year 5", 9),
        ("reception", 4),
        ("she's nearly six", 6),
        ("nearly six", 6),
        ("I'm 34 and my son is 6", 6),
        ("i am 40, my daughter is in year 3", 7),
        ("she's actually 9", 9),
        ("sorry not 8, she is 9", 9),
        ("my baby is 18 months", 1),
        ("my teenager is 15", 15),
        ("they are 7", 7),
        ("we waited nearly 2 years", None),
        ("she'll be 5 in September", 5),
        ("he is 1 in a million", None),
        ("she started reception", 4),
        ("my grandaughter is 6", 6),
        ("DS is 7", 7),
    ],
)
def test_age_said_in_more_ways(text: str, age: int | None) -> None:
    assert extract(text)["age"] == age


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("any after-school clubs?", ["after_school"]),
        ("something in the evenings", ["evening"]),
        ("saturdays or sundays", ["weekend"]),
        ("over the summer holidays", ["school_holidays"]),
        ("at weekends and in half term", ["weekend", "school_holidays"]),
        ("term time only", ["term_time"]),
        ("after school or at weekends", ["after_school", "weekend"]),
        ("not at weekends", []),
        ("he doesn't sleep at night", []),
        ("my son is 7", []),
        ("a holiday club", ["school_holidays"]),
    ],
)
def test_when(text: str, when: list[str]) -> None:
    assert extract(text)["when"] == when


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("we live at CV11 4AB", "CV11 4AB"),
        ("cv114ab", "CV11 4AB"),
        ("Cv11  4ab please", "CV11 4AB"),
        ("anything near CV21?", "CV21"),
        ("b46 area", "B46"),
        ("LE10 0AA", "LE10 0AA"),
        ("he's in year 5", None),
        ("stuck on the M6", None),
        ("b4 school", None),
        ("the A46 is shut", None),
        ("my son is 7", None),
    ],
)
def test_postcode(text: str, postcode: str | None) -> None:
    assert extract(text)["postcode"] == postcode


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("he is deaf and blind", ["MSI"]),
        ("she is non-speaking", ["SLCN"]),
        ("behavioural difficulties", ["SEMH"]),
        ("my complaint fell on deaf ears", []),
        ("the school turned a blind eye", []),
        ("my son has a.d.h.d", ["SEMH"]),
        ("sensory issues", ["OTH"]),
        ("my son has CP", ["PD"]),
        ("I'm so anxious about the move and my son has autism", ["ASD"]),
        ("my anxiety is bad", []),
        ("he is very anxious", ["SEMH"]),
    ],
)
def test_more_needs_and_idioms_that_are_not_needs(text: str, needs: list[str]) -> None:
    assert extract(text)["needs"] == needs


def test_when_and_postcode_spans_point_at_their_words() -> None:
    text = "Weekend clubs near cv11 4ab"
    spans = {span["entity"]: span for span in extract(text)["spans"]}
    assert spans["when"]["text"] == "Weekend" and spans["when"]["value"] == "weekend"
    assert text[spans["postcode"]["start"] : spans["postcode"]["end"]] == "cv11 4ab"


@pytest.mark.parametrize(
    ("text", "needs"),
    [("his adhd's got worse", ["SEMH"]), ("wheel chair", ["PD"]), ("austic", ["ASD"]), ("Rugby's great", [])],
)
def test_possessives_and_common_misspellings(text: str, needs: list[str]) -> None:
    assert extract(text)["needs"] == needs
