"""Demonstration survey answers: a year of EHC satisfaction, young people's plan feedback (through
invitation links, month by month) and parent confidence, so the strategy indicators have figures.

Loading does nothing for a survey already set up, so it is safe to run again.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select, update

from consultation import demo_text
from consultation.demo import SURVEY_SLUG
from consultation.importer import PreparedRow, save_rows
from consultation.models import SCALES, Consultation, Response
from consultation.queries import consultation_by_slug
from consultation.surveys.catalogue import PARENT_CONFIDENCE, SURVEY_KINDS, YOUNG_PERSON_PLAN_FEEDBACK
from consultation.surveys.invitations import create_batch
from consultation.surveys.models import Invitation, ResponseBatch
from consultation.surveys.services import attach_setup, create_survey, setup_of
from portal.core.extensions import db

SEED = 2027
PLAN_FEEDBACK_SLUG = "your-ehc-plan-feedback"
CONFIDENCE_SLUG = "parent-confidence-in-send-support"
MONTHS = 12
TEAMS = ("EHC plan issued", "Annual review")
WORRIES = ("Tests.", "Making friends.", "Moving to a new school.", "When my TA is off.", "Lunch time. It is loud.")
GOOD_DAYS = ("I can go to the quiet room.", "We do art.", "My friends play with me.", "I get my break cards.")


def _month_starts(today: date) -> list[date]:
    starts = []
    for back in range(MONTHS - 1, -1, -1):
        index = today.year * 12 + today.month - 1 - back
        starts.append(date(index // 12, index % 12 + 1, 1))
    return starts


def _day_in(month: date, rng: random.Random, today: date) -> date:
    last = min(today, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
    return month + timedelta(days=rng.randrange((last - month).days + 1))


def _pick(rng: random.Random, scale: str, weights: list[float]) -> str:
    return rng.choices([value for value, _ in SCALES[scale]], weights=weights)[0]


def _ehc_year(rng: random.Random, today: date) -> Iterator[str]:
    survey = consultation_by_slug(SURVEY_SLUG)
    if survey is None or setup_of(survey.id) is not None:
        return
    attach_setup(survey, SURVEY_KINDS["ehc_assessment_satisfaction"])
    who, *scales, _good, _better = survey.questions
    earlier = [m for m in _month_starts(today) if m < survey.opens_on]
    rows = []
    for month in earlier:
        for _ in range(12):
            row = PreparedRow(_day_in(month, rng, today), "parent_carer")
            row.answers += [(q.id, _pick(rng, "satisfaction", [2, 3, 2, 2, 1.5]), None) for q in scales]
            rows.append(row)
    save_rows(survey, rows, "online")
    survey.opens_on = min([survey.opens_on, *earlier])
    yield f"Survey: {survey.title} ({len(rows)} earlier responses, a year in all)"


def _plan_feedback(rng: random.Random, today: date) -> Iterator[str]:
    survey = create_survey(
        SURVEY_KINDS[YOUNG_PERSON_PLAN_FEEDBACK.key], slug=PLAN_FEEDBACK_SLUG,
        opens_on=_month_starts(today)[0], closes_on=today + timedelta(days=180), published=True,
    )  # fmt: skip
    listened, matters, good_day, worry, _else = survey.questions
    total = 0
    for number, month in enumerate(_month_starts(today)):
        batch, _tokens = create_batch(survey, 40, month, TEAMS[number % 2], days=60)
        lean = number / MONTHS  # plans get better through the year
        rows = []
        for _ in range(rng.randint(14, 24)):
            row = PreparedRow(_day_in(month, rng, today), "young_person")
            for question in (listened, matters):
                if rng.random() < 0.9:
                    row.answers.append((question.id, _pick(rng, "picture", [5 + 3 * lean, 3, 2 - lean]), None))
            if rng.random() < 0.6:
                row.answers.append((good_day.id, None, rng.choice(GOOD_DAYS)))
            if rng.random() < 0.5:
                row.answers.append((worry.id, None, rng.choice(WORRIES)))
            rows.append(row)
        _save_through_batch(survey, batch.id, rows)
        total += len(rows)
    yield f"Survey: {survey.title} ({total} responses through invitation links over {MONTHS} months)"


def _save_through_batch(survey: Consultation, batch_id: int, rows: list[PreparedRow]) -> None:
    before = set(db.session.scalars(select(Response.id).where(Response.consultation_id == survey.id)))
    save_rows(survey, rows, "online")
    new_ids = set(db.session.scalars(select(Response.id).where(Response.consultation_id == survey.id))) - before
    db.session.add_all(ResponseBatch(response_id=rid, batch_id=batch_id) for rid in sorted(new_ids))
    spent = select(Invitation.id).where(Invitation.batch_id == batch_id).limit(len(rows)).scalar_subquery()
    db.session.execute(update(Invitation).where(Invitation.id.in_(spent)).values(used_on=rows[-1].submitted_on))


def _confidence(rng: random.Random, today: date) -> Iterator[str]:
    survey = create_survey(
        SURVEY_KINDS[PARENT_CONFIDENCE.key], slug=CONFIDENCE_SLUG,
        opens_on=_month_starts(today)[0], closes_on=today + timedelta(days=60), published=True,
    )  # fmt: skip
    who, needs_met, know_help, together, more = survey.questions
    rows = []
    for number, month in enumerate(_month_starts(today)):
        for _ in range(rng.randint(20, 35)):
            row = PreparedRow(_day_in(month, rng, today), "parent_carer")
            lean = number / MONTHS
            for question in (needs_met, know_help, together):
                row.answers.append((question.id, _pick(rng, "confidence", [1, 2.5 + lean, 2, 2.5 - lean, 1.5]), None))
            if rng.random() < 0.6:
                text = rng.choice(demo_text.SATISFACTION_BETTER)
                row.answers.append((more.id, None, demo_text.add_typos(text, rng)))
            rows.append(row)
    save_rows(survey, rows, "online")
    yield f"Survey: {survey.title} ({len(rows)} responses over {MONTHS} months)"


def load_survey_demo() -> Iterator[str]:
    """A year of answers to each template survey; nothing for a survey already loaded."""
    rng, today = random.Random(SEED), date.today()
    yield from _ehc_year(rng, today)
    if consultation_by_slug(PLAN_FEEDBACK_SLUG) is None:
        yield from _plan_feedback(rng, today)
    if consultation_by_slug(CONFIDENCE_SLUG) is None:
        yield from _confidence(rng, today)
    db.session.commit()
