"""Demonstration consultations: a closed SEND strategy consultation with 480 made-up responses and a
published "you said, we did", an open transport consultation, and an EHC assessment satisfaction survey.

``load_consultation_demo()`` yields progress lines and does nothing for a consultation already loaded.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from consultation import demo_text
from consultation.builders import (
    EHC_ASSESSMENT_SATISFACTION,
    agreement,
    create_consultation,
    create_from_template,
    free_text,
    respondent_question,
)
from consultation.importer import PreparedRow, save_rows
from consultation.models import SCALES, Consultation
from consultation.queries import consultation_by_slug
from consultation.respondents import demographic_presets, respondent_types
from consultation.services import QuestionInput, add_demographic, save_finding
from portal.core.audit import utcnow
from portal.core.extensions import db

SEED = 2026
STRATEGY_SLUG = "send-strategy-2026"
TRANSPORT_SLUG = "home-to-school-transport-2026"
SURVEY_SLUG = "ehc-assessment-satisfaction"
STRATEGY_RESPONSES = 480
SURVEY_RESPONSES = 140
TYPE_WEIGHTS = {
    "parent_carer": 55,
    "young_person": 14,
    "education_staff": 16,
    "health_social_care": 7,
    "voluntary_community": 5,
    "other": 3,
}
TOPICS = {
    "inclusion": "Inclusion in mainstream school",
    "ehcp": "EHC plans",
    "health": "Health and therapies",
    "social_care": "Social care and short breaks",
    "adulthood": "Preparing for adulthood",
    "transport": "Home to school transport",
    "workforce": "Staff training and workforce",
    "funding": "Funding",
}
SERVICES_WORK_TOGETHER = ["Very well", "Quite well", "Not very well", "Not at all well", "Don't know"]

STRATEGY_QUESTIONS = [
    respondent_question(),
    agreement("Do you agree that including children with SEND in mainstream schools should be our first priority?"),
    agreement("Do you agree with our plan to make EHC needs assessments quicker and clearer?"),
    agreement("Do you agree with our plans to help young people prepare for adulthood?"),
    QuestionInput(
        "multiple",
        "Which of these matter most to you?",
        "Select all that apply.",
        options=tuple(TOPICS.values()),
        add_other=True,
    ),
    QuestionInput(
        "single",
        "How well do education, health and care services work together for you?",
        options=tuple(SERVICES_WORK_TOGETHER),
        required=True,
    ),
    free_text("What is working well?", max_length=1500),
    free_text("What should we change first?", max_length=1500, required=True),
]

FINDINGS = [
    (
        "EHC needs assessments",
        "Assessments take too long, and you often did not know what was happening or who your caseworker was.",
        "We have recruited six more caseworkers, and every family now gets a named caseworker and "
        "an update at least every four weeks. We report the share of plans finished within 20 weeks to the SEND board "
        "every month.",
    ),
    (
        "Support in mainstream schools",
        "Schools need more help to meet needs early, and part-time timetables and exclusions are used too often.",
        "From September every school can call on an inclusion support team, and "
        "we will publish the number of part-time timetables each term.",
    ),
    (
        "Preparing for adulthood",
        "Planning starts too late and there is too little after 19.",
        "Annual reviews from "
        "Year 9 will include a preparing for adulthood section, and we are funding 30 more supported internships.",
    ),
]


def _dates(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _respondent(rng: random.Random) -> tuple[str, str | None]:
    kind = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    spec = next(t for t in respondent_types() if t.value == kind)
    if spec.detail:
        return kind, rng.choice(spec.detail.options).value
    if spec.asks_for_text:
        return kind, rng.choice(["Grandparent", "Childminder", "Foster carer", "Local councillor"])
    return kind, None


def _scale(rng: random.Random, scale: str, lean: float) -> str:
    """A 5-point answer; ``lean`` above 0 pushes towards the positive end."""
    weights = [max(0.2, 2 + lean * 2), 3 + lean, 2, max(0.2, 2 - lean), max(0.2, 1.5 - lean * 1.5)]
    return rng.choices([value for value, _ in SCALES[scale]], weights=weights)[0]


def _strategy_row(consultation: Consultation, rng: random.Random) -> PreparedRow:
    who, inclusion, ehc, adulthood, topics_q, together, well, change, district = consultation.questions
    kind, detail = _respondent(rng)
    lean = {"parent_carer": -0.6, "young_person": 0.2, "education_staff": 0.3}.get(kind, 0.0)
    row = PreparedRow(_dates(rng, consultation.opens_on, consultation.closes_on), kind, detail)
    for question in (inclusion, ehc, adulthood):
        if rng.random() < 0.95:
            row.answers.append((question.id, _scale(rng, "agreement", lean + rng.uniform(-0.5, 0.5)), None))
    topics = rng.sample(list(TOPICS), k=rng.choice([1, 2, 2, 3, 4]))
    values = {o.label: o.value for o in topics_q.options}
    row.answers += [(topics_q.id, values[TOPICS[t]], None) for t in topics]
    if rng.random() < 0.04:
        row.answers.append((topics_q.id, "other", rng.choice(["Sport and leisure", "Dentists", "Housing"])))
    together_values = [o.value for o in together.options]
    row.answers.append((together.id, rng.choices(together_values, weights=[1, 3, 4, 3, 1])[0], None))
    if rng.random() < 0.7:
        row.answers.append((well.id, None, demo_text.compose(demo_text.WORKING_WELL, topics, kind, rng)))
    row.answers.append((change.id, None, demo_text.compose(demo_text.CHANGE_FIRST, topics, kind, rng)))
    if rng.random() < 0.6:
        row.answers.append((district.id, rng.choice(district.options).value, None))
    return row


def _load_strategy(rng: random.Random) -> Iterator[str]:
    today = date.today()
    consultation = create_consultation(
        STRATEGY_SLUG,
        "Our SEND and inclusion strategy 2026 to 2029",
        STRATEGY_QUESTIONS,
        opens_on=today - timedelta(days=120),
        closes_on=today - timedelta(days=30),
        summary="We asked parents, carers, children, young people and professionals what they think of our draft "
        "strategy for special educational needs and disabilities (SEND) and inclusion.\n\nThe strategy sets our "
        "priorities for the next three years: inclusion in mainstream schools, quicker and clearer EHC plans, "
        "health and care support, and preparing for adulthood.",
        easy_read_summary="We want to make things better for children and young people with SEND. We asked what "
        "you think of our plans.",
        audience="Parents and carers, children and young people aged 0 to 25, school and college staff, health "
        "and care professionals, and community groups",
        one_question_per_page=True,
    )
    add_demographic(consultation, next(p for p in demographic_presets() if p.key == "district"))
    db.session.flush()
    rows = [_strategy_row(consultation, rng) for _ in range(STRATEGY_RESPONSES)]
    save_rows(consultation, rows, "online")
    for topic, said, did in FINDINGS:
        save_finding(consultation, None, topic, said, did)
    consultation.results_published_at = utcnow()
    db.session.commit()
    yield f"Consultation: {consultation.title} (closed, {STRATEGY_RESPONSES} responses, you said, we did published)"


def _load_transport() -> Iterator[str]:
    today = date.today()
    consultation = create_consultation(
        TRANSPORT_SLUG,
        "Home to school transport policy for 2026",
        [
            respondent_question(),
            agreement(
                "Do you agree that we should offer independent travel training to every young person aged 14 "
                "and over who could benefit?"
            ),
            agreement("Do you agree with offering a personal transport budget instead of a taxi place?"),
            free_text("Is there anything else you want to tell us about home to school transport?", max_length=1000),
        ],
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=50),
        summary="We are reviewing how we help children and young people with SEND travel to school and college. "
        "Tell us what you think of our proposals before we decide.",
        easy_read_summary="We want to hear how you travel to school or college, and what would make it better.",
        audience="Families and young people who use or may need home to school transport",
        allow_contact=True,
    )
    db.session.commit()
    yield f"Consultation: {consultation.title} (open)"


def _load_survey(rng: random.Random) -> Iterator[str]:
    today = date.today()
    survey = create_from_template(
        EHC_ASSESSMENT_SATISFACTION,
        slug=SURVEY_SLUG,
        opens_on=today - timedelta(days=200),
        closes_on=today + timedelta(days=165),
    )
    who, *scales, good, better = survey.questions
    rows = []
    for _ in range(SURVEY_RESPONSES):
        row = PreparedRow(_dates(rng, survey.opens_on, today), "parent_carer")
        lean = rng.uniform(-1.2, 1.0)
        row.answers += [(q.id, _scale(rng, "satisfaction", lean), None) for q in scales]
        if rng.random() < 0.6:
            row.answers.append((good.id, None, demo_text.add_typos(rng.choice(demo_text.SATISFACTION_GOOD), rng)))
        if rng.random() < 0.7:
            row.answers.append((better.id, None, demo_text.add_typos(rng.choice(demo_text.SATISFACTION_BETTER), rng)))
        rows.append(row)
    save_rows(survey, rows, "online")
    db.session.commit()
    yield f"Survey: {survey.title} (open, {SURVEY_RESPONSES} responses)"


def load_consultation_demo() -> Iterator[str]:
    """Load the demonstration consultations that are not there yet."""
    rng = random.Random(SEED)
    if consultation_by_slug(STRATEGY_SLUG) is None:
        yield from _load_strategy(rng)
    else:
        yield f"Consultation {STRATEGY_SLUG} already loaded"
    if consultation_by_slug(TRANSPORT_SLUG) is None:
        yield from _load_transport()
    if consultation_by_slug(SURVEY_SLUG) is None:
        yield from _load_survey(random.Random(SEED + 1))
