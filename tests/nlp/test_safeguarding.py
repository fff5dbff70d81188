"""nlp.safeguarding.assess: two levels, Working Together categories, rules plus a model.

The figures that matter are measured on the blind set (tests/nlp/test_safeguarding_blind.py);
these tests pin the contract, the training set's breadth and the clear cases."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.safeguarding import CATEGORIES, LEVELS, Assessment, SafeguardingResult, assess, detect
from nlp.safeguarding_eval import read_blind
from nlp.safeguarding_model import read_training
from nlp.vocab import data_path


def _training_rows() -> list[dict[str, str]]:
    with data_path("safeguarding_train.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_training_set_is_broad() -> None:
    rows = _training_rows()
    per_category = Counter(r["category"] for r in rows if r["level"] != "none")
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 40, per_category
    ordinary = [r for r in rows if r["level"] == "none"]
    assert len(ordinary) >= 600
    assert sum(r["kind"] == "alarming" for r in ordinary) >= 200
    assert {r["level"] for r in rows} == {"emergency", "concern", "none"}
    assert len({r["voice"] for r in rows if r["level"] != "none"}) >= 8


def test_blind_set_never_overlaps_the_training_set() -> None:
    def key(text: str) -> str:
        return " ".join(text.lower().split())

    trained = {key(text) for text in read_training().texts}
    assert not [row.text for row in read_blind() if key(row.text) in trained]


@pytest.mark.parametrize(
    ("text", "level", "category"),
    [
        ("i dont want to be alive anymore", "concern", "self_harm_suicide"),
        ("I'm going to kill myself tonight", "emergency", "self_harm_suicide"),
        ("he hits me when mum is out", "emergency", "physical_abuse"),
        ("my son is having a seizure and it will not stop, his lips are going blue", "emergency", "medical_emergency"),
        ("my 14 year old hasnt come home and her phone is off, its 2am", "emergency", "missing_child"),
        (
            "the little girl next door is always on her own and looks hungry, her clothes are filthy",
            "concern",
            "neglect",
        ),
        ("someone online wants me to send pics", "concern", "sexual_exploitation"),
    ],
)
def test_clear_cases_get_their_level_and_category(text: str, level: str, category: str) -> None:
    found = assess(text)
    assert LEVELS.index(found.level) <= LEVELS.index(level), found
    assert found.category == category, found
    assert found.evidence


@pytest.mark.parametrize(
    "text",
    [
        "this process is killing me",
        "i could kill for a day off",
        "he hurt his leg at football",
        "dying to know when the panel meets",
        "she hit her target",
        "help with knife and fork skills",
        "he overdosed on sweets at the party lol",
        "dog groomers near rugby",
        "Does the council run self-harm awareness training for staff?",
        "My daughter has been missing a lot of school because of hospital appointments",
        "is there any swimming for autistic kids in rugby",
    ],
)
def test_ordinary_messages_with_alarming_words(text: str) -> None:
    assert assess(text).level is None
    assert detect(text) == SafeguardingResult(False, None, "", None)


def test_one_sentence_of_risk_in_a_long_answer_is_found() -> None:
    answer = (
        "The wait for the EHC needs assessment was 31 weeks and nobody returned my calls. The annual review "
        "paperwork was wrong twice. Honestly some nights I have thought about ending it all. The transport "
        "team were helpful though and the driver is lovely."
    )
    assert assess(answer).category == "self_harm_suicide"


def test_detect_is_the_yes_no_view_of_assess() -> None:
    found = assess("my dad hits me")
    assert detect("my dad hits me") == SafeguardingResult(True, found.category, found.evidence, found.rule)


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_keeps_its_contract(text: str) -> None:
    found = assess(text)
    assert isinstance(found, Assessment)
    assert found.level in (None, *LEVELS)
    assert (found.category in CATEGORIES) if found.level else found.category is None
    assert 0.0 <= found.score <= 1.0 and isinstance(found.evidence, str)
