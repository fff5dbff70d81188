"""Results of closed questions, counted by the database with GROUP BY, never by looping over responses.

Three queries, whatever the number of responses: respondents by type, answers by
(question, option, respondent type), and, for multiple choice, respondents per question by type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select

from consultation.models import Answer, Consultation, Question, Response
from consultation.presenters import option_labels
from consultation.respondents import respondent_types
from portal.core.extensions import db

NOT_GIVEN = "not_given"


@dataclass
class OptionResult:
    value: str
    label: str
    count: int
    by_type: dict[str, int] = field(default_factory=dict)


@dataclass
class QuestionResult:
    number: int
    question: Question
    answered: int
    answered_by_type: dict[str, int]
    options: list[OptionResult]

    def percent(self, count: int, type_value: str | None = None) -> int:
        base = self.answered if type_value is None else self.answered_by_type.get(type_value, 0)
        return round(100 * count / base) if base else 0


@dataclass
class Results:
    total: int
    by_type: list[tuple[str, str, int]]  # (value, label, count), in the vocabulary's order
    questions: list[QuestionResult]
    text_counts: dict[int, int]


def _type_columns(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    columns = [(t.value, t.label, counts.get(t.value, 0)) for t in respondent_types()]
    if counts.get(NOT_GIVEN):
        columns.append((NOT_GIVEN, "Not given", counts[NOT_GIVEN]))
    return columns


def consultation_results(consultation: Consultation) -> Results:
    type_rows = db.session.execute(
        select(func.coalesce(Response.respondent_type, NOT_GIVEN), func.count())
        .where(Response.consultation_id == consultation.id)
        .group_by(Response.respondent_type)
    ).all()
    type_counts = {value: count for value, count in type_rows}
    questions = list(enumerate(consultation.visible_questions, start=1))
    choice_ids = [q.id for _, q in questions if q.is_choice]
    counts = _option_counts(choice_ids)
    multiple_answered = _respondents_per_question([q.id for _, q in questions if q.kind == "multiple"])
    text_counts = _text_counts([q.id for _, q in questions if q.kind == "text"])
    results = [
        _question_result(number, question, counts.get(question.id, {}), multiple_answered.get(question.id))
        for number, question in questions
        if question.is_choice
    ]
    return Results(sum(type_counts.values()), _type_columns(type_counts), results, text_counts)


def _option_counts(question_ids: list[int]) -> dict[int, dict[str, dict[str, int]]]:
    """{question id: {option value: {respondent type: count}}}."""
    found: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    if not question_ids:
        return found
    rows = db.session.execute(
        select(Answer.question_id, Answer.option_value, Answer.respondent_type, func.count())
        .where(Answer.question_id.in_(question_ids), Answer.option_value.is_not(None))
        .group_by(Answer.question_id, Answer.option_value, Answer.respondent_type)
    )
    for question_id, value, kind, count in rows:
        found[question_id][value][kind or NOT_GIVEN] = count
    return found


def _respondents_per_question(question_ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = defaultdict(dict)
    if not question_ids:
        return found
    rows = db.session.execute(
        select(Answer.question_id, Answer.respondent_type, func.count(distinct(Answer.response_id)))
        .where(Answer.question_id.in_(question_ids))
        .group_by(Answer.question_id, Answer.respondent_type)
    )
    for question_id, kind, count in rows:
        found[question_id][kind or NOT_GIVEN] = count
    return found


def _text_counts(question_ids: list[int]) -> dict[int, int]:
    if not question_ids:
        return {}
    rows = db.session.execute(
        select(Answer.question_id, func.count())
        .where(Answer.question_id.in_(question_ids))
        .group_by(Answer.question_id)
    )
    return {question_id: count for question_id, count in rows}


def _question_result(
    number: int, question: Question, counts: dict[str, dict[str, int]], answered_by_type: dict[str, int] | None
) -> QuestionResult:
    labels = option_labels(question)
    shown = [o.value for o in question.visible_options] if question.kind in ("single", "multiple") else list(labels)
    values = shown + [v for v in counts if v not in shown]
    options = [
        OptionResult(value, labels.get(value, value), sum(counts.get(value, {}).values()), dict(counts.get(value, {})))
        for value in values
    ]
    if answered_by_type is None:  # one answer per respondent: the option counts add up
        answered_by_type = defaultdict(int)
        for by_type in counts.values():
            for kind, count in by_type.items():
                answered_by_type[kind] += count
    return QuestionResult(number, question, sum(answered_by_type.values()), dict(answered_by_type), options)
