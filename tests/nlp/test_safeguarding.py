"""nlp.safeguarding.detect must not miss a disclosure, and must rarely cry wolf."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.intents import load_labelled
from nlp.safeguarding import CATEGORIES, SafeguardingResult, detect
from nlp.vocab import data_path


def _rows() -> list[dict[str, str]]:
    with data_path("safeguarding_eval.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_labelled_set_is_big_enough_and_split() -> None:
    rows = _rows()
    assert sum(r["is_risk"] == "1" for r in rows) >= 60
    assert sum(r["is_risk"] == "0" for r in rows) >= 200
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert all(r["category"] in CATEGORIES for r in rows if r["is_risk"] == "1")


def test_recall_is_total_and_false_alarms_rare_on_the_whole_labelled_set() -> None:
    rows = _rows()
    risk = [r for r in rows if r["is_risk"] == "1"]
    ordinary = [r for r in rows if r["is_risk"] == "0"]
    missed = [r["text"] for r in risk if not detect(r["text"]).is_risk]
    alarms = [r["text"] for r in ordinary if detect(r["text"]).is_risk]
    recall = 1 - len(missed) / len(risk)
    false_alarm_rate = len(alarms) / len(ordinary)
    print(f"\nsafeguarding: recall {recall:.1%} on {len(risk)} risk messages, "
          f"false alarms {false_alarm_rate:.1%} on {len(ordinary)} ordinary messages")
    assert missed == []
    assert false_alarm_rate < 0.02, alarms


def test_no_false_alarms_on_the_intent_utterances() -> None:
    texts, _ = load_labelled()
    assert [t for t in texts if detect(t).is_risk] == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i dont want to be alive anymore", "suicide_self_harm"),
        ("i want to dissapear forever", "suicide_self_harm"),
        ("he hits me when mum is out", "abuse_violence"),
        ("someone online wants me to send pics", "sexual_exploitation"),
        ("my dad has a knife and is shouting", "immediate_danger"),
        ("I'm going to kill myself tonight", "immediate_danger"),
        ("i want to k1ll mysel", "suicide_self_harm"),
        ("SUICIDAL", "suicide_self_harm"),
    ],
)
def test_detects_risk(text: str, category: str) -> None:
    result = detect(text)
    assert result.is_risk and result.category == category
    assert result.evidence and result.evidence in text


@pytest.mark.parametrize(
    "text",
    [
        "the school killed his confidence", "this process is killing me", "i could kill for a day off",
        "he hurt his leg at football", "dying to know when the panel meets", "she hit her target",
        "my son's anxiety about dying after grandma passed", "help with knife and fork skills",
        "he has never hit me", "my daughter is not suicidal, just very anxious",
    ],
)
def test_ordinary_messages_with_alarming_words(text: str) -> None:
    assert detect(text) == SafeguardingResult(False, None, "", None)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_keeps_its_contract(text: str) -> None:
    result = detect(text)
    assert isinstance(result.is_risk, bool)
    assert (result.category in CATEGORIES) if result.is_risk else result.category is None
    assert isinstance(result.evidence, str) and (result.evidence in text)
