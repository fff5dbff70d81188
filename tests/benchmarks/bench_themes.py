"""Theme coder benchmark on the NHS patient feedback data in ../shared/data (see its README).

Run: ``.venv/bin/python -m tests.benchmarks.bench_themes``. Prints markdown tables.

Reading of the file (printed with the figures): an answer has text unless it is empty, only
whitespace, or the file's "Did not answer" placeholder; that gives the README's 6,211. Theme
cells are "1" or empty. Every answer with text has at least one theme column set ("Not assigned"
is a theme column). Settings of the coder were chosen by 5-fold cross-validation on the training
split only; the CV row below re-measures the shipped settings that way.
"""

from __future__ import annotations

import os

# One core for every figure, so throughput is comparable across machines; set before numpy loads BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from nlp import metrics  # noqa: E402
from nlp.themes import ThemeCoder  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "nhs_patient_feedback_v6framework.csv"
CODEBOOK = ROOT / "nlp" / "data" / "themes_nhs_v6_codebook.json"
PLACEHOLDER = "Did not answer"  # the file's text for "no comment"; the README counts it as no text
SCORED = [
    "Organisation & efficiency", "Funding & use of financial resources", "Staff manner & personal attributes",
    "Competence & training", "Unspecified communication", "Staff listening, understanding & involving patients",
    "Information directly from staff during care", "Information provision & guidance",
    "Being kept informed, clarity & consistency of information", "Contacting services",
    "Appointment arrangements", "Appointment method", "Timeliness of care", "Pain management", "Discharge",
    "Cleanliness, tidiness & infection control", "Service location", "Transport to/ from services", "Parking",
    "Electronic entertainment", "Feeling safe", "Mental Health Act", "Labelling not possible",
    "Supplying & understanding medication", "Activities & access to fresh air",
    "Food & drink provision & facilities", "Sensory experience", "Interaction with family/ carers",
    "Positive experience & gratitude",
]  # fmt: skip


def read_rows() -> tuple[list[dict], list[str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        return list(reader), header[header.index("Comment sentiment") + 1 :]


def load(keep_placeholder: bool = False) -> tuple[list[str], list[set[str]], list[str]]:
    rows, themes = read_rows()
    texts, labels = [], []
    for row in rows:
        text = (row["FFT answer"] or "").strip()
        found = {t for t in themes if row[t] == "1"}
        if text and found and (keep_placeholder or text != PLACEHOLDER):
            texts.append(row["FFT answer"])
            labels.append(found)
    return texts, labels, themes


def split(n: int) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's train_test_split(test_size=0.2, random_state=42), as the publishers split."""
    order = np.random.RandomState(42).permutation(n)
    cut = math.ceil(0.2 * n)
    return order[cut:], order[:cut]


def score(true: list[set[str]], pred: list[set[str]]) -> dict[str, float]:
    scored = [t for t in SCORED if any(t in row for row in true)]
    out = metrics.f1_summary(true, pred)
    out["macro_f1"], out["macro_f1_low"], out["macro_f1_high"] = metrics.macro_f1_interval(true, pred, scored)
    out["n_scored"] = len(scored)
    return out


def baseline(train_x, train_y, test_x, class_weight: str | None = None) -> list[set[str]]:
    """Plain TF-IDF (sublinear, word 1-2-grams) + one-vs-rest logistic regression, default C, 0.5 cut-off."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    x, x_test = vectorizer.fit_transform(train_x), vectorizer.transform(test_x)
    out: list[set[str]] = [set() for _ in test_x]
    for label in sorted({t for row in train_y for t in row}):
        y = np.array([label in row for row in train_y])
        if 0 < y.sum() < len(y):
            model = LogisticRegression(solver="liblinear", class_weight=class_weight).fit(x, y)
            for i in np.flatnonzero(model.predict_proba(x_test)[:, 1] >= 0.5):
                out[i].add(label)
    return out


def _row(name: str, s: dict[str, float], extra: str = "") -> str:
    macro = f"{s['macro_f1']:.3f} ({s['macro_f1_low']:.3f}–{s['macro_f1_high']:.3f})"
    sample = f"{s['sample_f1']:.3f} ({s['sample_f1_low']:.3f}–{s['sample_f1_high']:.3f})"
    return f"| {name} | {macro} | {sample} | {s['micro_f1']:.3f} | {extra} |"


def supervised(train_x, train_y, test_x, codebook=None) -> tuple[ThemeCoder, list[set[str]], float]:
    started = time.perf_counter()
    coder = ThemeCoder().fit(train_x, train_y, codebook=codebook)
    seconds = time.perf_counter() - started
    id_to_name = {t["id"]: t["name"] for t in (codebook or {}).get("themes", [])}
    pred = [{id_to_name.get(t, t) for t, _ in found} for found in coder.predict(test_x)]
    return coder, pred, seconds


def cross_validated(train_x, train_y, codebook=None, folds: int = 5) -> dict[str, float]:
    """Pooled out-of-fold predictions over the training split: how the settings were chosen."""
    from sklearn.model_selection import KFold

    pred: list[set[str]] = [set() for _ in train_x]
    for fit_rows, held in KFold(folds, shuffle=True, random_state=1).split(train_x):
        _, found, _ = supervised(
            [train_x[i] for i in fit_rows], [train_y[i] for i in fit_rows], [train_x[i] for i in held], codebook
        )
        for i, themes in zip(held, found, strict=True):
            pred[i] = themes
    return score(train_y, pred)


def throughput(coder: ThemeCoder, texts: list[str], target: int = 6000) -> float:
    batch = (texts * (target // max(1, len(texts)) + 1))[:target]
    coder.predict(batch[:200])  # warm caches (fuzzy repairs) as a running portal would have
    started = time.perf_counter()
    coder.predict(batch)
    return len(batch) / (time.perf_counter() - started)


def quality_table(texts, labels, codebook) -> tuple[list[str], dict]:
    train, test = split(len(texts))
    train_x, train_y = [texts[i] for i in train], [labels[i] for i in train]
    test_x, test_y = [texts[i] for i in test], [labels[i] for i in test]
    facts: dict = {"n_train": len(train), "n_test": len(test), "test_x": test_x}
    plain = score(test_y, baseline(train_x, train_y, test_x))
    balanced = score(test_y, baseline(train_x, train_y, test_x, "balanced"))
    facts["coder"], pred, train_s = supervised(train_x, train_y, test_x)
    facts["coder_cb"], pred_cb, train_cb_s = supervised(train_x, train_y, test_x, codebook)
    facts["zero_coder"] = ThemeCoder.from_codebook(codebook)
    names = {t["id"]: t["name"] for t in codebook["themes"]}
    zero = [{names[t] for t, _ in found} for found in facts["zero_coder"].predict(test_x)]
    facts["n_scored"] = plain["n_scored"]
    lines = [
        _row("TF-IDF + logistic regression (baseline as specified)", plain, "–"),
        _row("same baseline, class_weight='balanced'", balanced, "–"),
        _row("ThemeCoder supervised", score(test_y, pred), f"{train_s:.1f}"),
        _row("ThemeCoder supervised + codebook rules", score(test_y, pred_cb), f"{train_cb_s:.1f}"),
        _row("ThemeCoder zero-shot (codebook only)", score(test_y, zero), "0"),
        _row("ThemeCoder supervised, 5-fold CV on the training split", cross_validated(train_x, train_y), "–"),
        _row(
            "ThemeCoder supervised + codebook rules, 5-fold CV on the training split",
            cross_validated(train_x, train_y, codebook),
            "–",
        ),
    ]
    return lines, facts


def reading_table(labels: list[set[str]]) -> list[str]:
    """How the file was read, so a different count elsewhere can be traced to its cause."""
    rows, themes = read_rows()
    answers = [(r["FFT answer"] or "").strip() for r in rows]
    cells = Counter(r[t] for r in rows for t in themes)
    train, test = split(len(labels))
    in_train = Counter(t for i in train for t in labels[i])
    in_test = Counter(t for i in test for t in labels[i])
    absent = [f"{t} (train {in_train[t]}, test {in_test[t]})" for t in SCORED if not in_test[t]]
    return [
        f"- rows in the file: {len(rows):,}; theme columns: {len(themes)}; theme cell values: "
        + ", ".join(f"{v!r} × {n:,}" for v, n in sorted(cells.items())),
        f"- empty or whitespace-only answers: {answers.count(''):,}; '{PLACEHOLDER}': {answers.count(PLACEHOLDER):,} "
        "(both count as no text; all are coded 'Labelling not possible' or 'Not assigned')",
        f"- answers with text: {len(labels):,}, all with at least one theme; mean themes per answer "
        f"{np.mean([len(x) for x in labels]):.3f}; short answers such as 'No.' or 'N/a' are kept as text",
        f"- listed categories without support in the test split, so not scored: {'; '.join(absent) or 'none'}",
    ]


def main() -> None:
    if not DATA.exists():
        print(f"## Theme coding\n\nData file {DATA} is missing; nothing measured.")
        return
    codebook = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    texts, labels, _ = load()
    with threadpool_limits(limits=1):
        lines, facts = quality_table(texts, labels, codebook)
        speeds = [throughput(facts[k], facts["test_x"]) for k in ("coder", "coder_cb", "zero_coder")]
    print("## Theme coding quality (NHS FFT v6 framework, 80/20 split, random_state=42)\n")
    print("\n".join(reading_table(labels)) + "\n")
    print(
        f"{len(texts)} answers with text and at least one theme; train {facts['n_train']}, test "
        f"{facts['n_test']}; macro-F1 over the {facts['n_scored']} listed categories with support in the test split "
        "(the CV row: over those with support in the training split).\n"
    )
    print("| model | macro-F1 (95% bootstrap) | per-sample F1 (95% bootstrap) | micro-F1 | training s (1 core) |")
    print("|---|---|---|---|---|")
    print("\n".join(lines))
    print("\n## Theme coding speed (one core)\n")
    print("| model | predictions per second |")
    print("|---|---|")
    for name, speed in zip(("supervised", "supervised + codebook rules", "zero-shot"), speeds, strict=True):
        print(f"| {name} | {speed:,.0f} |")
    _placeholder_table()
    discovery_table(texts, labels)
    zero_shot_table(texts, labels, codebook)


def alignment(clusters: list[set[int]], labels: list[set[str]], categories: list[str]) -> float:
    """For each human category with answers, the F1 of its best-matching cluster, averaged."""
    scores = []
    for category in categories:
        truth = {i for i, row in enumerate(labels) if category in row}
        if truth:
            scores.append(max((2 * len(truth & c) / (len(truth) + len(c)) for c in clusters if c), default=0.0))
    return float(np.mean(scores)) if scores else 0.0


def discovery_table(texts: list[str], labels: list[set[str]]) -> None:
    """Discovery on every answer with text, against plain k-means on TF-IDF with as many clusters."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nlp.discovery import discover_themes
    from nlp.phrases import generic_words

    with threadpool_limits(limits=1):
        started = time.perf_counter()
        themes = discover_themes(texts)
        seconds = time.perf_counter() - started
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
        km = KMeans(len(themes), n_init=3, random_state=0).fit(x)
    parents = {t.parent for t in themes}
    ours = [set(t.answers) for t in themes]
    leaves = [set(t.answers) for t in themes if t.name not in parents]
    kmeans = [set(np.flatnonzero(km.labels_ == j).tolist()) for j in range(len(themes))]
    every = sorted({t for row in labels for t in row})
    scored = [t for t in SCORED if any(t in row for row in labels)]
    generic = sum(t.name.lower() in generic_words() for t in themes)
    print("\n## Theme discovery alignment (NHS FFT v6, every answer with text)\n")
    print(
        f"{len(texts)} answers; {len(themes)} candidates ({len(leaves)} themes, {len(themes) - len(leaves)} broader); "
        f"{generic} named by a generic word; {seconds:.1f} s on one core. Mean over human categories of the F1 of "
        "each category's best-matching candidate.\n"
    )
    print(f"| method | {len(scored)} framework categories | all {len(every)} categories |")
    print("|---|---|---|")
    print(
        f"| discover_themes (all candidates) | {alignment(ours, labels, scored):.3f} | "
        f"{alignment(ours, labels, every):.3f} |"
    )
    print(
        f"| discover_themes (themes only, no broader) | {alignment(leaves, labels, scored):.3f} | "
        f"{alignment(leaves, labels, every):.3f} |"
    )
    print(
        f"| k-means on TF-IDF, k = {len(themes)} | {alignment(kmeans, labels, scored):.3f} | "
        f"{alignment(kmeans, labels, every):.3f} |"
    )


def top1(predicted: list[list[tuple[str, float]]], truth: list[set[str]]) -> float:
    return float(np.mean([bool(p) and p[0][0] in t for p, t in zip(predicted, truth, strict=True)]))


def zero_shot_table(texts: list[str], labels: list[set[str]], codebook: dict) -> None:
    """Top-1 of zero-shot coding against plain keyword matching, on the NHS test split and the blind quotes."""
    rows = []
    _, test = split(len(texts))
    names = {t["id"]: t["name"] for t in codebook["themes"]}
    test_x, test_y = [texts[i] for i in test], [labels[i] for i in test]
    rows.append(("NHS FFT test split (development data)", *_zero_shot_pair(codebook, test_x, test_y, names)))
    blind = ROOT / "nlp" / "data" / "blind" / "consultation_quotes.csv"
    books = ROOT / "nlp" / "data" / "blind" / "consultation_codebooks.json"
    if blind.exists() and books.exists():
        rows += _blind_rows(blind, json.loads(books.read_text(encoding="utf-8")))
    print("\n## Zero-shot coding, top-1 (the first theme is one the humans gave)\n")
    print("| data | answers | keyword matching | ThemeCoder.from_codebook |")
    print("|---|---|---|---|")
    for name, n, keywords, ours in rows:
        print(f"| {name} | {n} | {keywords:.3f} | {ours:.3f} |")


def _zero_shot_pair(codebook: dict, texts: list[str], truth: list[set[str]], names: dict) -> tuple:
    from nlp.theme_features import RuleMatcher

    keyword = [[(names[s.theme], s.confidence) for s in found] for found in RuleMatcher(codebook).match(texts)]
    ours = [[(names[t], c) for t, c in found] for found in ThemeCoder.from_codebook(codebook).predict(texts)]
    return len(texts), top1(keyword, truth), top1(ours, truth)


def _blind_rows(path: Path, codebooks: dict) -> list[tuple]:
    """Blind quotes: columns ``codebook``, ``text``, ``themes`` (names or ids separated by ';')."""
    with path.open(encoding="utf-8", newline="") as handle:
        quotes = list(csv.DictReader(handle))
    rows = []
    for key, codebook in codebooks.items():
        mine = [q for q in quotes if q.get("codebook") == key]
        if not mine:
            continue
        names = {t["id"]: t["name"] for t in codebook["themes"]}
        ids = {t["name"]: t["id"] for t in codebook["themes"]}
        truth = [{names.get(x.strip(), x.strip()) for x in q["themes"].split(";")} | set() for q in mine]
        truth = [{names.get(ids.get(x, x), x) for x in row} for row in truth]
        rows.append((f"blind: {key}", *_zero_shot_pair(codebook, [q["text"] for q in mine], truth, names)))
    return rows


def _placeholder_table() -> None:
    """The same split counting the file's 'Did not answer' rows as text, for readers of the other reading."""
    texts, labels, _ = load(keep_placeholder=True)
    with threadpool_limits(limits=1):
        train, test = split(len(texts))
        train_x, train_y = [texts[i] for i in train], [labels[i] for i in train]
        test_x, test_y = [texts[i] for i in test], [labels[i] for i in test]
        _, pred, _ = supervised(train_x, train_y, test_x)
        base = score(test_y, baseline(train_x, train_y, test_x))
    s = score(test_y, pred)
    print("\n## Theme coding, alternative reading: 'Did not answer' rows kept as text\n")
    print(f"{len(texts)} answers; macro-F1 over {s['n_scored']} categories with support.\n")
    print("| model | macro-F1 (95% bootstrap) | per-sample F1 (95% bootstrap) | micro-F1 | |")
    print("|---|---|---|---|---|")
    print(_row("TF-IDF + logistic regression (baseline as specified)", base))
    print(_row("ThemeCoder supervised", s))


if __name__ == "__main__":
    main()
