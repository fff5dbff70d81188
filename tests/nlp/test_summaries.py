"""Summaries for "you said": representative answers and distinctive phrases per group."""

from __future__ import annotations

from nlp.summaries import summarise

GROUPS = {
    "transport": [
        "The school taxi is always late",
        "Our taxi driver changes every week and the school taxi is late",
        "The school taxi never waits for him",
        "Transport to college is a nightmare",
    ],
    "therapy": [
        "Speech therapy stopped after six sessions",
        "We waited a year for speech therapy",
        "Speech therapy in school has been brilliant",
    ],
    "empty": [],
}


def test_each_group_gets_its_own_phrases_and_answers():
    out = summarise(GROUPS)
    assert set(out) == set(GROUPS)
    assert out["transport"].count == 4 and out["therapy"].count == 3
    assert "school taxi" in out["transport"].phrases and "speech therapy" in out["therapy"].phrases
    assert not set(out["transport"].phrases) & set(out["therapy"].phrases)
    assert len(out["therapy"].representative) == 3
    assert set(out["transport"].representative) <= set(GROUPS["transport"])
    assert out["empty"].count == 0 and out["empty"].representative == []


def test_respondent_type_groups_and_no_input():
    out = summarise(
        {"transport / parent": GROUPS["transport"][:2], "transport / young person": GROUPS["transport"][2:]}
    )
    assert out["transport / parent"].count == 2
    assert summarise({}) == {}
