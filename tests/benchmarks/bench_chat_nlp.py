"""Chat understanding speed: intent-classifier training time, and per-message latency of the
whole understanding step (safeguarding, then entities, then intent, then the conversation frame)
in-process.

Run with ``.venv/bin/python -m tests.benchmarks.bench_chat_nlp``. The chat reply budget is
30 ms in all, so the understanding step should stay well under it at p95.
"""

from __future__ import annotations

import csv
import statistics
import time

from nlp.entities import extract
from nlp.evaluate import evaluate_chat_nlp, format_report
from nlp.frame import Frame, update
from nlp.intents import IntentClassifier, default_classifier, load_labelled
from nlp.safeguarding import assess
from nlp.textnorm import warm_up
from nlp.vocab import data_path

ROUNDS = 5


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _messages() -> list[str]:
    texts, _ = load_labelled()
    with data_path("safeguarding_train.csv").open(encoding="utf-8", newline="") as handle:
        texts += [row["text"] for row in csv.DictReader(handle) if row["kind"] != "chat"]
    long = " ".join(texts[:40])  # a rambling message of several hundred words
    return texts + [long] * 5


def understand(text: str, classifier: IntentClassifier) -> dict:
    """The chat's understanding step: safeguarding overrides the intent."""
    risk = assess(text)
    entities = extract(text)
    intent, confidence = ("safeguarding", 1.0) if risk.is_emergency else classifier.predict([text])[0]
    frame = update(_STARTED, entities, intent=intent, message=text)
    return {"intent": intent, "confidence": confidence, "entities": entities, "risk": risk, "frame": frame}


_STARTED = Frame(needs=("ASD",), age=7, areas=("rugby",), active=True)


def _training_table() -> list[str]:
    texts, labels = load_labelled()
    times = []
    for seed in range(3):
        started = time.perf_counter()
        IntentClassifier(seed=seed).fit(texts, labels)
        times.append(time.perf_counter() - started)
    return [
        "## Intent classifier training",
        "",
        "| utterances | intents | runs | median time | slowest |",
        "|---|---|---|---|---|",
        f"| {len(texts)} | {len(set(labels))} | {len(times)} | {statistics.median(times):.2f} s | {max(times):.2f} s |",
    ]


def _frame_stage():
    entities = extract("my son is 7, autistic, anything at weekends in Rugby?")
    return lambda t: update(_STARTED, entities, intent="find_service", message=t)


def _latency_table() -> list[str]:
    warm_up()
    classifier = default_classifier()
    messages = _messages()
    understand("warm up", classifier)
    stages = {
        "safeguarding": assess,
        "entities": extract,
        "intent": lambda t: classifier.predict([t]),
        "frame update (given entities)": _frame_stage(),
        "full understanding step": lambda t: understand(t, classifier),
    }
    lines = [
        "## Chat understanding latency per message (in-process)",
        "",
        "| stage | messages | p50 | p95 | max |",
        "|---|---|---|---|---|",
    ]
    for name, stage in stages.items():
        timings = []
        for _ in range(ROUNDS):
            for text in messages:
                started = time.perf_counter()
                stage(text)
                timings.append((time.perf_counter() - started) * 1000)
        lines.append(
            f"| {name} | {len(timings)} | {_percentile(timings, 50):.2f} ms | "
            f"{_percentile(timings, 95):.2f} ms | {max(timings):.2f} ms |"
        )
    return lines


def main() -> None:
    print("\n".join(_training_table()), end="\n\n")
    print("\n".join(_latency_table()), end="\n\n")
    print(format_report(evaluate_chat_nlp()))


if __name__ == "__main__":
    main()
