"""Themed coding at scale: the bulk coding job over 100,000 answers, and retraining from 5,000 reviewed ones.

Throughput is end to end, as the lead's "Code all answers" button runs it: making the coding
items, reading the answers, suggesting themes with the SEND strategy codebook, writing the
suggestions back in chunks and committing. Retraining reads 5,000 answers reviewed one by one
(their made-up topics as the reviewers' themes), fits the supervised model with the codebook,
stores it and re-codes every answer still waiting for review, as the lead's "Retrain" button does.
SQLite in a temporary file; PostgreSQL too when ``BENCH_CODING_PG_URL`` is set.

Run: ``PORTAL_CONFIG=testing .venv/bin/python -m tests.benchmarks.bench_coding``
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update

from consultation import demo_text
from consultation.builders import create_consultation, free_text, respondent_question
from consultation.coding.codebooks import create_codebook, starter_codebook
from consultation.coding.jobs import CODE_FUNCTION, RETRAIN_FUNCTION, job_target
from consultation.coding.models import FIRST, MANUAL, CodingCode, CodingItem, CodingSetup
from consultation.models import Answer, Response
from portal.core.extensions import db
from portal.core.jobs import Job, start_job
from tests.dbsetup import migrated_app

ANSWERS = int(os.environ.get("BENCH_CODING_ANSWERS", "100000"))
REVIEWED = int(os.environ.get("BENCH_CODING_REVIEWED", "5000"))
PG_URL = os.environ.get("BENCH_CODING_PG_URL")
# The made-up topics of demo answers, as the starter codebook's themes.
TOPIC_THEMES = {
    "inclusion": "mainstream-inclusion",
    "ehcp": "ehc-plans",
    "health": "health-therapies",
    "social_care": "short-breaks",
    "adulthood": "preparing-for-adulthood",
    "transport": "transport",
    "workforce": "workforce",
    "funding": "funding",
}
TYPES = list(demo_text.OPENERS)


def load_answers(n: int, seed: int = 11) -> tuple[int, dict[int, set[str]]]:
    """A consultation with ``n`` made-up free-text answers; returns the question id and each answer's themes."""
    today = date.today()
    questions = [respondent_question(), free_text("What should we change?")]
    consultation = create_consultation("bench-coding", "Coding benchmark", questions, opens_on=today, closes_on=today)
    question = next(q for q in consultation.questions if q.kind == "text")
    setup = CodingSetup(question_id=question.id, codebook_id=create_codebook(consultation, starter_codebook()).id)
    db.session.add(setup)
    db.session.commit()
    rng, truth = random.Random(seed), {}
    responses = [
        {
            "consultation_id": consultation.id,
            "submitted_on": today,
            "source": "online",
            "respondent_type": rng.choice(TYPES),
        }
        for _ in range(n)
    ]
    ids = db.session.scalars(insert(Response).returning(Response.id), responses).all()
    answers = []
    for response_id, response in zip(ids, responses, strict=True):
        topics = rng.sample(list(TOPIC_THEMES), k=rng.choice([1, 1, 2]))
        body = demo_text.compose(demo_text.CHANGE_FIRST, topics, response["respondent_type"], rng)
        answers.append((response_id, response["respondent_type"], body, topics))
    rows = [{"response_id": r, "question_id": question.id, "respondent_type": t, "text": b} for r, t, b, _ in answers]
    answer_ids = db.session.scalars(insert(Answer).returning(Answer.id), rows).all()
    for answer_id, (_, _, _, topics) in zip(answer_ids, answers, strict=True):
        truth[answer_id] = {TOPIC_THEMES[t] for t in topics}
    db.session.commit()
    return question.id, truth


def time_job(kind: str, function: str, question_id: int) -> tuple[float, Job]:
    started = time.perf_counter()
    job = start_job(kind, function, target=job_target(question_id), question_id=question_id)
    seconds = time.perf_counter() - started
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    if job.status != "done":
        raise RuntimeError(job.error)
    return seconds, job


def mark_reviewed(question_id: int, truth: dict[int, set[str]], count: int) -> None:
    items = db.session.execute(
        select(CodingItem.id, CodingItem.answer_id, CodingItem.respondent_type)
        .where(CodingItem.question_id == question_id)
        .order_by(CodingItem.id)
        .limit(count)
    ).all()
    db.session.execute(
        update(CodingItem), [{"id": i, "review_method": MANUAL, "reviewed_by": "bench"} for i, _, _ in items]
    )
    codes = [
        {"item_id": i, "question_id": question_id, "coder": FIRST, "theme": theme, "respondent_type": kind}
        for i, answer_id, kind in items
        for theme in sorted(truth[answer_id])
    ]
    db.session.execute(insert(CodingCode), codes)
    db.session.commit()


def run(uri: str, label: str) -> list[str]:
    with migrated_app(uri, "bench_coding"):
        question_id, truth = load_answers(ANSWERS)
        seconds, job = time_job("coding.code", CODE_FUNCTION, question_id)
        rate = job.result["coded"] / seconds
        mark_reviewed(question_id, truth, REVIEWED)
        retrain, retrained = time_job("coding.retrain", RETRAIN_FUNCTION, question_id)
        recode, job = time_job("coding.code", CODE_FUNCTION, question_id)
        model_rate = job.result["coded"] / recode
    return [
        f"| {label} | bulk coding job, codebook rules | {ANSWERS:,} answers | {seconds:.1f} s "
        f"| {rate:,.0f} answers/s |",
        f"| {label} | retraining job: fit, store, re-code the {retrained.result['recoded']:,} answers waiting "
        f"| {REVIEWED:,} reviewed answers | {retrain:.1f} s | – |",
        f"| {label} | bulk coding job, trained model | {job.result['coded']:,} answers | {recode:.1f} s "
        f"| {model_rate:,.0f} answers/s |",
    ]


def main() -> None:
    lines = ["| database | work | size | time | throughput |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        lines += run(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite")
    if PG_URL:
        lines += run(PG_URL, "PostgreSQL")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
