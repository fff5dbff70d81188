"""Computing the survey-based strategy indicators over 100,000 survey responses.

Three surveys are made from the templates (EHC process satisfaction, young people's plan feedback,
parent confidence); responses spread over twelve months are bulk-inserted, each answering every
scale question. The figure is the time to compute all three indicators for the year and for each
of its twelve months (39 computations), as the strategy pages' recompute does.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from consultation.models import SCALES, Answer, Response
from consultation.surveys.catalogue import SURVEY_KINDS
from consultation.surveys.indicators import EHC_SATISFACTION, PARENT_CONFIDENCE, YOUNG_PEOPLE_PLAN
from consultation.surveys.services import create_survey
from portal.core.extensions import db
from portal.core.indicator_sources import compute
from tests.dbsetup import migrated_app, postgres_reachable

RESPONSES = int(os.environ.get("BENCH_SURVEY_RESPONSES", "100000"))
RUNS = 5
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")
YEAR_START = date(2025, 9, 1)
KEYS = (EHC_SATISFACTION, YOUNG_PEOPLE_PLAN, PARENT_CONFIDENCE)
TEMPLATES = ("ehc_assessment_satisfaction", "young_person_plan_feedback", "parent_confidence")


def _months() -> list[tuple[date, date]]:
    starts = [
        date(YEAR_START.year + (YEAR_START.month - 1 + m) // 12, (YEAR_START.month - 1 + m) % 12 + 1, 1)
        for m in range(13)
    ]
    return [(starts[i], starts[i + 1] - timedelta(days=1)) for i in range(12)]


def scale_values(question) -> list[str]:
    """The answer values of a scale or choice question (scales may have no option rows)."""
    if question.kind in SCALES:
        return [value for value, _label in SCALES[question.kind]]
    return [o.value for o in question.options]


def _load(n: int) -> None:
    rng = random.Random(7)
    surveys = [create_survey(SURVEY_KINDS[key], opens_on=YEAR_START, published=True) for key in TEMPLATES]
    db.session.commit()
    questions = {s.id: [(q.id, scale_values(q)) for q in s.questions if scale_values(q)] for s in surveys}
    next_id = 1
    for start in range(0, n, 10_000):
        responses, answers = [], []
        for offset in range(min(10_000, n - start)):
            survey = surveys[(start + offset) % len(surveys)]
            day = YEAR_START + timedelta(days=rng.randrange(365))
            responses.append({"id": next_id, "consultation_id": survey.id, "submitted_on": day, "source": "online"})
            answers += [
                {"response_id": next_id, "question_id": qid, "option_value": rng.choice(values)}
                for qid, values in questions[survey.id]
            ]
            next_id += 1
        db.session.execute(Response.__table__.insert(), responses)
        if answers:
            db.session.execute(Answer.__table__.insert(), answers)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _compute_year() -> None:
    year_end = YEAR_START.replace(year=YEAR_START.year + 1) - timedelta(days=1)
    for key in KEYS:
        compute(key, YEAR_START, year_end)


def _compute_all() -> None:
    _compute_year()
    for key in KEYS:
        for start, end in _months():
            compute(key, start, end)


def _timed(fn) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, max(samples) * 1000


def measure(name: str, uri: str) -> str:
    with migrated_app(uri, "bench_survey"):
        _load(RESPONSES)
        year = _timed(_compute_year)
        every = _timed(_compute_all)
    return (
        f"| {name} | {RESPONSES:,} | the year (3) | {year[0]:.0f} | {year[1]:.0f} |\n"
        f"| {name} | {RESPONSES:,} | the year and its 12 months (39) | {every[0]:.0f} | {every[1]:.0f} |"
    )


def main() -> None:
    print("## Survey indicators computed from survey responses (target ≤ 1 s)\n")
    print("| database | responses | computations | median ms | slowest ms |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        print(measure("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}"), flush=True)
    if postgres_reachable(PG_URL):
        print(measure("PostgreSQL", PG_URL), flush=True)


if __name__ == "__main__":
    main()
