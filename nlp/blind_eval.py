"""Figures on the frozen blind sets in ``nlp/data/blind`` (see its README): intents per intent and per
kind (plain or hard), entities per field, and the conversation frame per turn and per conversation.

Nothing is trained or tuned on these files; the functions report figures only, never the messages,
so reading a report does not leak the blind set into tuning.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable

from nlp.entities import extract
from nlp.frame import Frame, next_question, update
from nlp.intents import IntentClassifier, default_classifier
from nlp.safeguarding import assess
from nlp.vocab import SHIPPED_DIR

BLIND_DIR = SHIPPED_DIR / "blind"
ENTITY_FIELDS = ("age", "need", "area", "when", "postcode")
_SET_FIELDS = {"need": "needs", "area": "areas", "when": "when"}
FRAME_SLOTS = ("needs", "age", "areas", "when")


def _rows(name: str) -> list[dict[str, str]]:
    with (BLIND_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0


def blind_intents(classifier: IntentClassifier | None = None) -> dict:
    """Accuracy on ``intents_blind.csv`` overall, per intent and per kind."""
    classifier = classifier or default_classifier()
    rows = _rows("intents_blind.csv")
    predicted = [label for label, _ in classifier.predict([row["text"] for row in rows])]
    by_intent: dict[str, list[bool]] = defaultdict(list)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for row, label in zip(rows, predicted, strict=True):
        hit = label == row["intent"].strip()
        by_intent[row["intent"].strip()].append(hit)
        by_kind[row.get("kind", "").strip() or "all"].append(hit)
    hits = [hit for values in by_intent.values() for hit in values]
    return {
        "rows": len(rows),
        "accuracy": _share(hits),
        "per_intent": {name: (_share(v), len(v)) for name, v in sorted(by_intent.items())},
        "per_kind": {name: (_share(v), len(v)) for name, v in sorted(by_kind.items())},
    }


def _expected_entity(row: dict[str, str], field: str) -> object:
    value = (row.get(field) or "").strip()
    if field == "age":
        return int(value) if value else None
    if field in _SET_FIELDS:
        return {part.strip() for part in value.split(";") if part.strip()}
    return value.upper() or None


def _found_entity(found: dict, field: str) -> object:
    if field in _SET_FIELDS:
        return set(found.get(_SET_FIELDS[field]) or ())
    return found.get(field)


def blind_entities(extractor: Callable[[str], dict] = extract) -> dict:
    """Per-field accuracy of ``extract`` on ``entities_blind.csv`` (lists compared as sets)."""
    rows = _rows("entities_blind.csv")
    per_field: dict[str, list[bool]] = {field: [] for field in ENTITY_FIELDS}
    whole = []
    for row in rows:
        found = extractor(row["text"])
        hits = [_found_entity(found, f) == _expected_entity(row, f) for f in ENTITY_FIELDS]
        for field, hit in zip(ENTITY_FIELDS, hits, strict=True):
            per_field[field].append(hit)
        whole.append(all(hits))
    fields = [hit for values in per_field.values() for hit in values]
    return {
        "rows": len(rows),
        "field_accuracy": {f: _share(v) for f, v in per_field.items()},
        "all_fields": _share(fields),
        "rows_all_right": _share(whole),
    }


def _frame_matches(frame: Frame, expect: dict) -> bool:
    got = frame.as_dict()
    return all(
        (set(got[slot]) == set(expect.get(slot) or ()) if slot != "age" else got[slot] == expect.get(slot))
        for slot in FRAME_SLOTS
    )


def chat_intent(text: str, classifier: IntentClassifier) -> str:
    """The chat's reading of a message: safeguarding at emergency overrides the classifier."""
    if assess(text).level == "emergency":
        return "safeguarding"
    return classifier.predict([text])[0][0]


def blind_frames(classifier: IntentClassifier | None = None) -> dict:
    """Turns and whole conversations of ``conversations_blind.json`` whose frame is right after each turn.

    The helper is simulated: after each turn it asks about the slot ``next_question`` names.
    """
    classifier = classifier or default_classifier()
    with (BLIND_DIR / "conversations_blind.json").open(encoding="utf-8") as handle:
        conversations = json.load(handle)
    turns_right, whole_right, turns = 0, 0, 0
    per_conversation = {}
    for conversation in conversations:
        frame, asked, right = Frame(), None, 0
        for turn in conversation["turns"]:
            message = turn["user"]
            frame = update(
                frame, extract(message), intent=chat_intent(message, classifier), asked=asked, message=message
            )
            asked = next_question(frame)
            right += _frame_matches(frame, turn["expect"])
        turns += len(conversation["turns"])
        turns_right += right
        whole_right += right == len(conversation["turns"])
        per_conversation[conversation["id"]] = (right, len(conversation["turns"]))
    return {
        "conversations": len(conversations),
        "turns": turns,
        "turn_accuracy": turns_right / (turns or 1),
        "conversations_right": whole_right,
        "per_conversation": per_conversation,
    }
