"""Redaction: recall and precision per type on hand-labelled answers, the number rules, and robustness."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.redact import PLACEHOLDER, is_valid_nhs_number, redact

CASES = Path(__file__).parent / "fixtures" / "redaction_cases.jsonl"
TYPES = ("email", "phone", "postcode", "nhs", "name")
RECALL_FLOOR = {"email": 0.95, "phone": 0.95, "postcode": 0.95, "nhs": 0.95, "name": 0.85}
PRECISION_FLOOR = 0.9


def _load() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _score() -> tuple[Counter, Counter, Counter]:
    hits, expected, predicted = Counter(), Counter(), Counter()
    for case in _load():
        _, spans = redact(case["text"])
        want = Counter((e["type"], e["text"]) for e in case["expected"])
        got = Counter((s.type, s.original) for s in spans)
        for (kind, _), n in (want & got).items():
            hits[kind] += n
        for (kind, _), n in want.items():
            expected[kind] += n
        for (kind, _), n in got.items():
            predicted[kind] += n
    return hits, expected, predicted


def test_fixture_is_large_and_labelled():
    cases = _load()
    assert len(cases) >= 150
    for case in cases:
        for item in case["expected"]:
            assert item["type"] in TYPES and item["text"] in case["text"]


def test_recall_and_precision_per_type():
    hits, expected, predicted = _score()
    print("\n| type | expected | found | correct | recall | precision |")
    for kind in TYPES:
        recall = hits[kind] / expected[kind]
        precision = hits[kind] / predicted[kind] if predicted[kind] else 1.0
        print(f"| {kind} | {expected[kind]} | {predicted[kind]} | {hits[kind]} | {recall:.3f} | {precision:.3f} |")
    for kind in TYPES:
        assert hits[kind] / expected[kind] >= RECALL_FLOOR[kind], kind
        assert hits[kind] / max(1, predicted[kind]) >= PRECISION_FLOOR, kind


def test_spans_are_in_original_coordinates_and_text_is_replaced():
    text = "My son Jack (NHS 943 476 5919) lives at CV34 4AB; call 07700 900123 or a.b@example.com"
    redacted, spans = redact(text)
    assert [s.type for s in spans] == ["name", "nhs", "postcode", "phone", "email"]
    for span in spans:
        assert text[span.start : span.end] == span.original
    assert redacted == ("My son [name] (NHS [nhs number]) lives at [postcode]; call [phone] or [email]")


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("4010232137", True), ("9434765910", False), ("1234567890", False)],
)
def test_nhs_check_digit(number, valid):
    assert is_valid_nhs_number(number) is valid


def test_invalid_nhs_number_may_still_be_a_phone_number():
    _, spans = redact("ring 0121 496 0000 or quote 943 476 5910")
    assert [(s.type, s.original) for s in spans] == [("phone", "0121 496 0000")]


@pytest.mark.parametrize(
    "phone",
    ["07700 900123", "07700-900-123", "+44 7700 900123", "+44 (0)1926 410410", "(01926) 410410", "0300 123 4567"],
)
def test_phone_forms(phone):
    redacted, spans = redact(f"Call {phone} today")
    assert redacted == "Call [phone] today", spans


@pytest.mark.parametrize(
    "text",
    [
        "Will the council reply in May?",
        "Grace periods would help.",
        "We live near Warwick and Rugby.",
        "The taxi was 45 minutes late on 3 days out of 5.",
        "In 2023 we waited 104 weeks.",
    ],
)
def test_ordinary_words_and_places_are_not_names(text):
    assert redact(text) == (text, [])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_redact_never_raises_and_keeps_contract(text):
    redacted, spans = redact(text)
    last = 0
    for span in spans:
        assert span.type in PLACEHOLDER and last <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.original
        last = span.end
    if not spans:
        assert redacted == text


@pytest.mark.parametrize(
    "text,address",
    [
        ("We live at 14 Acacia Avenue, near the park.", "14 Acacia Avenue"),
        ("Post it to flat 2, 7 Mill Lane please", "flat 2, 7 Mill Lane"),
        ("Our house is 3b Church Street in Bedworth.", "3b Church Street"),
        ("Flat 12 Riverside Court has no lift.", "Flat 12 Riverside Court"),
        ("The bus stops outside 221 Station Road every morning.", "221 Station Road"),
        ("we are at 9 oak close", "9 oak close"),
        ("Send letters to 40 St John's Road.", "40 St John's Road"),
    ],
)
def test_house_number_and_street_addresses_are_redacted(text, address):
    redacted, spans = redact(text)
    assert [(s.type, s.original) for s in spans if s.type == "address"] == [("address", address)]
    assert address not in redacted and "[address]" in redacted


@pytest.mark.parametrize(
    "text,setting",
    [
        ("He is in year 2 at St Mary's Primary School.", "St Mary's Primary School"),
        ("She moved to Oakwood Academy last year.", "Oakwood Academy"),
        ("Little Stars Nursery have been brilliant.", "Little Stars Nursery"),
        ("The SENCo at St. Joseph's Catholic Primary School listened.", "St. Joseph's Catholic Primary School"),
        ("He started at Brookfield Infant School in September.", "Brookfield Infant School"),
        ("They go to Sunflowers Pre-School on Tuesdays.", "Sunflowers Pre-School"),
        ("Riverside College said no.", "Riverside College"),
    ],
)
def test_school_and_setting_names_are_redacted(text, setting):
    redacted, spans = redact(text)
    assert [(s.type, s.original) for s in spans if s.type == "school"] == [("school", setting)]
    assert setting not in redacted and "[school]" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "He goes to a special school now.",
        "She is in Year 6 at primary school.",
        "We walked 2 miles down the road to the Nursery.",
        "The Academy did not reply to my emails.",
        "Our Special School place came through after 3 weeks.",
        "It took 2 years and 14 appointments.",
        "The Primary School offered 10 hours a week.",
    ],
)
def test_ordinary_mentions_of_schools_and_roads_are_kept(text):
    assert [s for s in redact(text)[1] if s.type in ("address", "school")] == []
