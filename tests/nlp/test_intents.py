"""nlp.intents.IntentClassifier and the shipped utterances."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from nlp.intents import (
    INTENTS,
    OUT_OF_SCOPE,
    IntentClassifier,
    _char_text,
    _lemma_text,
    default_classifier,
    load_labelled,
)
from nlp.vocab import SHIPPED_DIR, data_path


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_file_has_120_examples_of_every_intent_but_safeguarding() -> None:
    rows = _rows(data_path("intents.csv"))
    counts = Counter(row["intent"] for row in rows)
    assert set(counts) == set(INTENTS) - {"safeguarding"}
    assert min(counts.values()) >= 120
    assert len({_key(row["text"]) for row in rows}) == len(rows), "duplicate utterances"


def test_shipped_file_shares_no_utterance_with_the_blind_sets() -> None:
    training = {_key(row["text"]) for row in _rows(data_path("intents.csv"))}
    for name in ("intents_blind.csv", "entities_blind.csv"):
        blind = {_key(row["text"]) for row in _rows(SHIPPED_DIR / "blind" / name)}
        assert not training & blind, name


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I want to make a complaint about the SEND team", "feedback_service"),
        ("just wanted to say the short breaks team were brilliant", "feedback_service"),
        ("the new EHC plan is great, it finally describes him properly", "feedback_plan"),
        ("there are mistakes in section F of my daughter's plan", "feedback_plan"),
        ("the council refused to issue a plan, what can we do", "disagreement"),
        ("what's the weather like in Rugby this weekend", OUT_OF_SCOPE),
    ],
)
def test_default_classifier_understands_the_voices_the_issue_named(text: str, intent: str) -> None:
    assert default_classifier().predict([text])[0][0] == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("my son is 7 and autistic we live in nuneaton what help is there", "find_service"),
        ("how do i ask for an ehc needs assesment", "ehcp"),
        ("the taxi didnt turn up again", "transport"),
        ("i want to appeal to tribunal", "disagreement"),
        ("hiya", "greeting"),
        ("thanks so much", "thanks"),
        ("can i talk to a real person please", "talk_to_person"),
        ("what is the weather tomorrow", OUT_OF_SCOPE),
    ],
)
def test_default_classifier_understands_typical_messages(text: str, intent: str) -> None:
    assert default_classifier().predict([text])[0][0] == intent


def test_default_classifier_is_trained_once_per_process() -> None:
    assert default_classifier() is default_classifier()


def test_learns_any_labelled_set_not_just_ours() -> None:
    texts = [
        "pizza with cheese",
        "i want pasta",
        "burger and chips",
        "order some noodles",
        "is it raining",
        "sunny tomorrow?",
        "will it snow",
        "forecast for the weekend",
    ] * 3
    labels = (["food"] * 4 + ["weather"] * 4) * 3
    classifier = IntentClassifier().fit(texts, labels)
    assert [label for label, _ in classifier.predict(["cheese pizza please", "rain tomorrow"])] == ["food", "weather"]


def test_low_confidence_becomes_out_of_scope() -> None:
    texts, labels = load_labelled()
    strict = IntentClassifier(threshold=0.999).fit(texts[::3], labels[::3])
    assert all(label == OUT_OF_SCOPE for label, _ in strict.predict(["how do i apply for an ehcp", "respite"]))


def test_threshold_is_chosen_by_cross_validation() -> None:
    assert 0.0 <= default_classifier().threshold <= 0.6


def test_round_trips_through_bytes_without_pickle() -> None:
    classifier = default_classifier()
    data = classifier.to_bytes()
    assert b"cnumpy" not in data  # no pickled objects inside
    restored = IntentClassifier.from_bytes(data)
    sample = ["ehcp annual review", "short breaks in rugby", "", "hello"]
    assert restored.predict(sample) == classifier.predict(sample)
    assert restored.threshold == classifier.threshold


def test_rejects_bad_training_data_and_unfitted_use() -> None:
    with pytest.raises(ValueError):
        IntentClassifier().fit(["a", "b"], ["x"])
    with pytest.raises(ValueError):
        IntentClassifier().fit(["a", "b"], ["x", "x"])
    with pytest.raises(RuntimeError):
        IntentClassifier().predict(["hello"])
    assert IntentClassifier().predict([]) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=3))
def test_predict_never_raises_and_keeps_its_contract(texts: list[str]) -> None:
    predictions = default_classifier().predict(texts)
    assert len(predictions) == len(texts)
    for label, confidence in predictions:
        assert label in INTENTS
        assert 0.0 <= confidence <= 1.0


@pytest.mark.parametrize("binary", [False, True])
def test_fast_probabilities_equal_the_fitted_models(binary: bool) -> None:
    texts, labels = load_labelled()
    if binary:
        labels = ["thanks" if label == "thanks" else "other" for label in labels]
    classifier = IntentClassifier(threshold=0.0).fit(texts[::4], labels[::4])
    sample = texts[1::40] + ["", "zzz qqq", "EHCP!!! " * 50]
    lemma_texts, char_texts = [_lemma_text(t) for t in sample], [_char_text(t) for t in sample]
    features = sparse.hstack([classifier._words.transform(lemma_texts), classifier._chars.transform(char_texts)])
    expected = classifier._model.predict_proba(features.tocsr())
    assert np.allclose(classifier._probabilities(lemma_texts, char_texts), expected, atol=1e-9)
