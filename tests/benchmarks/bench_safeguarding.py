"""Safeguarding: the model's grouped cross-validation on the training file (what its thresholds were
chosen by), the figures on the frozen blind set (what we report), and the time to assess a message.

Run with ``.venv/bin/python -m tests.benchmarks.bench_safeguarding``. Notes on the choices made are
in ``tests/benchmarks/notes/safeguarding.md``.
"""

from __future__ import annotations

import statistics
import time

from nlp.safeguarding import CONCERN_THRESHOLD, EMERGENCY_THRESHOLD, assess
from nlp.safeguarding_eval import blind_scores, format_blind_report, format_cv_report, grouped_cv, read_blind
from nlp.safeguarding_model import read_training


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _latency_table() -> list[str]:
    started = time.perf_counter()
    assess("warming up")
    first = time.perf_counter() - started
    texts = [row.text for row in read_blind()] + read_training().texts[:500]
    timings = []
    for text in texts:
        started = time.perf_counter()
        assess(text)
        timings.append((time.perf_counter() - started) * 1000)
    return [
        "## Safeguarding: time to assess one message (in-process)",
        "",
        "| messages | first call (trains the model) | p50 | p95 | max | mean |",
        "|---|---|---|---|---|---|",
        f"| {len(timings)} | {first:.1f} s | {_percentile(timings, 50):.2f} ms | "
        f"{_percentile(timings, 95):.2f} ms | {max(timings):.2f} ms | {statistics.mean(timings):.2f} ms |",
    ]


def main() -> None:
    print("\n".join(_latency_table()), end="\n\n")
    print(format_cv_report(grouped_cv((0.2, 0.25, 0.3, 0.35, 0.4, 0.5))), end="\n\n")
    print(f"Thresholds in use: concern {CONCERN_THRESHOLD}, emergency {EMERGENCY_THRESHOLD}.\n")
    print(format_blind_report(blind_scores()))


if __name__ == "__main__":
    main()
