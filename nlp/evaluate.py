"""How well the chat understands people, measured on the labelled files shipped in ``nlp/data``.

``evaluate_chat_nlp()`` holds out a stratified part of ``intents.csv`` (never trained on),
trains an ``IntentClassifier`` on the rest and scores it; scores ``nlp.entities.extract``
on ``entities_eval.csv``; scores ``nlp.safeguarding.assess`` on its frozen blind set
(``nlp.safeguarding_eval``); and reports intents, entities and the conversation frame on the
frozen blind sets (``nlp.blind_eval``). ``format_report`` prints it.
"""

from __future__ import annotations

import csv
import time

from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

from nlp.blind_eval import blind_entities, blind_frames, blind_intents
from nlp.entities import extract
from nlp.intents import IntentClassifier, load_labelled
from nlp.safeguarding_eval import blind_scores, format_blind_report
from nlp.vocab import data_path

ENTITY_FIELDS = ("age", "need", "area", "service_type")


def _read(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _intent_scores(seed: int, test_size: float) -> dict:
    texts, labels = load_labelled()
    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=test_size, stratify=labels, random_state=seed
    )
    started = time.perf_counter()
    classifier = IntentClassifier(seed=seed).fit(train_x, train_y)
    train_seconds = time.perf_counter() - started
    predicted = [label for label, _ in classifier.predict(test_x)]
    per_intent = f1_score(test_y, predicted, average=None, labels=sorted(set(labels)), zero_division=0)
    return {
        "train_size": len(train_x),
        "test_size": len(test_x),
        "threshold": classifier.threshold,
        "accuracy": accuracy_score(test_y, predicted),
        "macro_f1": f1_score(test_y, predicted, average="macro", zero_division=0),
        "per_intent_f1": dict(zip(sorted(set(labels)), (float(v) for v in per_intent), strict=True)),
        "train_seconds": train_seconds,
    }


def _expected(row: dict[str, str], field: str) -> object:
    value = (row.get(field) or "").strip()
    if field == "age":
        return int(value) if value else None
    return value or None


def _entity_scores() -> dict:
    rows = _read("entities_eval.csv")
    correct = dict.fromkeys(ENTITY_FIELDS, 0)
    exact_rows = 0
    for row in rows:
        found = extract(row["text"])
        hits = [found[field] == _expected(row, field) for field in ENTITY_FIELDS]
        for field, hit in zip(ENTITY_FIELDS, hits, strict=True):
            correct[field] += hit
        exact_rows += all(hits)
    total = len(rows) or 1
    return {
        "rows": len(rows),
        "row_accuracy": exact_rows / total,
        "field_accuracy": {field: correct[field] / total for field in ENTITY_FIELDS},
    }


def evaluate_chat_nlp(seed: int = 42, test_size: float = 0.25, blind: bool = True) -> dict:
    """Intent and entity figures on the shipped labelled data, safeguarding on its blind set, and (unless
    ``blind`` is false) intents, entities and frames on the blind sets with the shipped classifier."""
    result = {
        "seed": seed,
        "intents": _intent_scores(seed, test_size),
        "entities": _entity_scores(),
        "safeguarding_blind": blind_scores(),
    }
    if blind:
        result["blind"] = {"intents": blind_intents(), "entities": blind_entities(), "frames": blind_frames()}
    return result


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def format_report(result: dict) -> str:
    """The evaluation as markdown tables."""
    intents, entities = result["intents"], result["entities"]
    lines = [
        "## Chat understanding: intents (held-out part of intents.csv)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| train / test utterances | {intents['train_size']} / {intents['test_size']} |",
        f"| accuracy | {_pct(intents['accuracy'])} |",
        f"| macro-F1 | {intents['macro_f1']:.3f} |",
        f"| out-of-scope threshold (cross-validated) | {intents['threshold']:.2f} |",
        f"| training time | {intents['train_seconds']:.2f} s |",
        "",
        "| intent | F1 |",
        "|---|---|",
    ]
    lines += [f"| {name} | {score:.2f} |" for name, score in intents["per_intent_f1"].items()]
    lines += [
        "",
        f"## Chat understanding: entities ({entities['rows']} labelled messages)",
        "",
        "| field | accuracy |",
        "|---|---|",
    ]
    lines += [f"| {field} | {_pct(score)} |" for field, score in entities["field_accuracy"].items()]
    lines += [
        f"| all four right | {_pct(entities['row_accuracy'])} |",
        "",
        format_blind_report(result["safeguarding_blind"]),
    ]
    if "blind" in result:
        lines += ["", *_blind_report(result["blind"])]
    return "\n".join(lines)


def _blind_report(blind: dict) -> list[str]:
    intents, entities, frames = blind["intents"], blind["entities"], blind["frames"]
    lines = [
        f"## Blind sets: intents ({intents['rows']} messages, accuracy {_pct(intents['accuracy'])})",
        "",
        "| intent or kind | messages | accuracy |",
        "|---|---|---|",
    ]
    for name, (score, count) in (*intents["per_intent"].items(), *intents["per_kind"].items()):
        lines.append(f"| {name} | {count} | {_pct(score)} |")
    lines += ["", f"## Blind sets: entities ({entities['rows']} messages)", "", "| field | accuracy |", "|---|---|"]
    lines += [f"| {field} | {_pct(score)} |" for field, score in entities["field_accuracy"].items()]
    lines += [
        f"| all fields | {_pct(entities['all_fields'])} |",
        f"| messages with every field right | {_pct(entities['rows_all_right'])} |",
        "",
        f"## Blind sets: conversation frames ({frames['conversations']} conversations)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| turns with the frame right | {_pct(frames['turn_accuracy'])} of {frames['turns']} |",
        f"| conversations right at every turn | {frames['conversations_right']} of {frames['conversations']} |",
    ]
    return lines
