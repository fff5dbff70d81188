"""Strategy indicators read from the template surveys' answers.

Each reads one question, found by its template wording, across every survey made from the template
(this year's and last year's), so repeating a survey each year keeps one continuous indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Flask
from sqlalchemy import case, func, select

from consultation.indicators import POSITIVE_ANSWERS
from consultation.models import Answer, Question, Response
from consultation.surveys.catalogue import SURVEY_KINDS, SurveyKind, measure_question
from portal.core.extensions import db
from portal.core.indicator_sources import Computed, ComputedSource, add_source, percentage

EHC_SATISFACTION = "survey_ehc_process_satisfaction"
YOUNG_PEOPLE_PLAN = "survey_young_people_plan_matters"
PARENT_CONFIDENCE = "survey_parent_confidence"


def measure_question_ids(kind: SurveyKind) -> list[int]:
    wanted = measure_question(kind)
    return list(
        db.session.scalars(select(Question.id).where(Question.text == wanted.text, Question.kind == wanted.kind))
    )


def template_share(kind: SurveyKind) -> Callable[[date, date], Computed]:
    """A compute function: the share of positive answers to the template's measure question in the period."""
    positive = POSITIVE_ANSWERS[measure_question(kind).kind]

    def compute_share(start: date, end: date) -> Computed:
        ids = measure_question_ids(kind)
        if not ids:
            return Computed(None, 0)
        good = case((Answer.option_value.in_(positive), 1), else_=0)
        total, positive_count = db.session.execute(
            select(func.count(Answer.id), func.coalesce(func.sum(good), 0))
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.question_id.in_(ids), Answer.option_value.is_not(None))
            .where(Response.submitted_on >= start, Response.submitted_on <= end)
        ).one()
        return Computed(percentage(int(positive_count), int(total)), int(total))

    return compute_share


SOURCES = (
    (EHC_SATISFACTION, "ehc_assessment_satisfaction", "% of parents satisfied or very satisfied with the EHC process",
     "Of the parents and carers answering 'Overall, how satisfied are you with the EHC needs assessment process?' "
     "in the EHC assessment satisfaction survey during the period, the percentage answering satisfied or very "
     "satisfied."),
    (YOUNG_PEOPLE_PLAN, "young_person_plan_feedback",
     "% of young people who feel their plan says what matters to them",
     "Of the young people answering 'Does your plan say what matters to you?' in plan feedback during the period, "
     "the percentage choosing the happy face."),
    (PARENT_CONFIDENCE, "parent_confidence", "% of parents and carers confident their child's needs will be met",
     "Of the parents and carers answering 'How confident are you that your child's needs will be met?' in the "
     "annual confidence survey during the period, the percentage answering very or fairly confident."),
)  # fmt: skip


def register_sources(app: Flask) -> None:
    for key, template_key, title, description in SOURCES:
        kind = SURVEY_KINDS[template_key]
        add_source(app, ComputedSource(key, title, description, "percent", "increase", "answers", template_share(kind)))
