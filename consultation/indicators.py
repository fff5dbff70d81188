"""Survey answers as strategy indicators: the ``survey`` family of computed sources.

``survey:<question id>`` is the share of answers to a satisfaction or agreement question that are positive
("satisfied or very satisfied", "agree or strongly agree"), and ``survey:<question id>:<respondent type>``
counts only that kind of respondent (like ``parent_carer``). Survey templates (such as the EHC process
satisfaction survey) plug in here with no new code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Flask
from sqlalchemy import case, func, select

from consultation.models import Answer, Consultation, Question, Response
from portal.core.extensions import db
from portal.core.indicator_sources import Computed, ComputedSource, SourceFamily, add_family, percentage

POSITIVE_ANSWERS = {
    "satisfaction": frozenset({"very_satisfied", "satisfied"}),
    "agreement": frozenset({"strongly_agree", "agree"}),
    "confidence": frozenset({"very_confident", "fairly_confident"}),
    "picture": frozenset({"happy"}),
}


def survey_share(question_id: int, positive: frozenset[str], respondent_type: str | None) -> Callable:
    """A compute function: the share of positive answers to one survey question in the period."""

    def compute_share(start: date, end: date) -> Computed:
        good = case((Answer.option_value.in_(positive), 1), else_=0)
        query = (
            select(func.count(Answer.id), func.coalesce(func.sum(good), 0))
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.question_id == question_id, Answer.option_value.is_not(None))
            .where(Response.submitted_on >= start, Response.submitted_on <= end)
        )
        if respondent_type:
            query = query.where(Answer.respondent_type == respondent_type)
        total, positive_count = db.session.execute(query).one()
        return Computed(percentage(int(positive_count), int(total)), int(total))

    return compute_share


def survey_source(key: str) -> ComputedSource | None:
    """Resolve ``survey:<question id>[:<respondent type>]`` to a source, if the question can be scored."""
    _, _, rest = key.partition(":")
    question_text, _, respondent_type = rest.partition(":")
    question = db.session.get(Question, int(question_text)) if question_text.isdigit() else None
    if question is None or question.kind not in POSITIVE_ANSWERS:
        return None
    positive = POSITIVE_ANSWERS[question.kind]
    who = f" ({respondent_type.replace('_', ' ')})" if respondent_type else ""
    return ComputedSource(
        key, f"{question.consultation.title}: {question.text}{who}",
        f"Of the answers to '{question.text}' in the period, the percentage answering "
        f"{' or '.join(sorted(value.replace('_', ' ') for value in positive))}.",
        "percent", "increase", "answers", survey_share(question.id, positive, respondent_type or None),
    )  # fmt: skip


def survey_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Question.id, Question.text, Consultation.title)
        .join(Consultation, Consultation.id == Question.consultation_id)
        .where(Question.kind.in_(list(POSITIVE_ANSWERS)))
        .order_by(Consultation.title, Question.position)
    ).all()
    return [(f"survey:{row.id}", f"{row.title}: {row.text}") for row in rows]


def register(app: Flask) -> None:
    add_family(app, SourceFamily("survey", survey_source, survey_choices))
