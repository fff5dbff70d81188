"""nlp.evaluate: the figures the `flask chat evaluate` command prints."""

from __future__ import annotations

import pytest

from nlp.evaluate import evaluate_chat_nlp, format_report
from nlp.intents import load_labelled


@pytest.fixture(scope="module")
def result() -> dict:
    return evaluate_chat_nlp(seed=42)


def test_intents_are_scored_on_a_stratified_held_out_part(result: dict) -> None:
    intents = result["intents"]
    texts, labels = load_labelled()
    assert intents["train_size"] + intents["test_size"] == len(texts)
    assert abs(intents["test_size"] - 0.25 * len(texts)) <= len(set(labels))
    assert set(intents["per_intent_f1"]) == set(labels)
    assert 0.6 <= intents["accuracy"] <= 1.0
    assert 0.6 <= intents["macro_f1"] <= 1.0


def test_entities_and_safeguarding_are_scored(result: dict) -> None:
    assert result["entities"]["rows"] >= 80
    assert all(0.85 <= v <= 1.0 for v in result["entities"]["field_accuracy"].values())
    blind = result["safeguarding_blind"]
    assert blind["risk"] >= 150 and blind["ordinary"] >= 300
    assert set(blind["per_category"]) >= {"neglect", "medical_emergency", "carer_breaking_point"}
    # The issue's targets, on messages written by someone who never saw the rules or training data.
    assert blind["recall_any"]["rate"] >= 0.97
    assert blind["emergency_at_emergency"]["rate"] >= 0.90
    assert blind["false_emergency"]["rate"] <= 0.02
    assert blind["false_concern_or_above"]["rate"] <= 0.15


def test_report_is_readable_markdown(result: dict) -> None:
    report = format_report(result)
    print("\n" + report)
    assert "safeguarding on the blind set" in report
    assert "| hard |" in report and "| postcode |" in report and "conversations right at every turn" in report
    assert "| macro-F1 |" in report and "| recall |" not in report.splitlines()[0]
    assert "| recall at concern or emergency |" in report and "| false alarms at emergency |" in report


def test_a_different_seed_holds_out_different_utterances() -> None:
    other = evaluate_chat_nlp(seed=7, blind=False)["intents"]
    assert 0.5 <= other["accuracy"] <= 1.0


def test_blind_figures_meet_the_issue_16_targets(result: dict) -> None:
    blind = result["blind"]
    intents = blind["intents"]
    assert intents["rows"] == 286 and set(intents["per_kind"]) == {"plain", "hard"}
    assert len(intents["per_intent"]) == 13
    assert intents["accuracy"] >= 0.90
    entities = blind["entities"]
    assert entities["rows"] == 160 and set(entities["field_accuracy"]) == {"age", "need", "area", "when", "postcode"}
    assert entities["all_fields"] >= 0.95
    assert min(entities["field_accuracy"].values()) >= 0.90
    frames = blind["frames"]
    assert frames["conversations"] == 31 and frames["turns"] == 139
    assert frames["conversations_right"] >= 20
    assert frames["turn_accuracy"] >= 0.85
