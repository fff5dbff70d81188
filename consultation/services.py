"""Changing consultations: details, questions and options, publishing, closing and findings.

Functions add to the session; the route writes the audit entry and commits, so both land together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from consultation.models import Answer, Consultation, Finding, Option, Question, Response
from consultation.respondents import DemographicPreset, slugify
from portal.core.audit import utcnow
from portal.core.extensions import db


class ConsultationError(ValueError):
    """A change that cannot be made, in words to show the lead."""


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    hint: str = ""
    required: bool = False
    max_length: int = 1000
    options: tuple[str, ...] = ()
    add_other: bool = False
    demographic: bool = False


def slug_from_title(title: str) -> str:
    base = slugify(title, 70).replace("_", "-") or "consultation"
    slug, n = base, 2
    while db.session.scalar(select(exists().where(Consultation.slug == slug))):
        slug, n = f"{base}-{n}", n + 1
    return slug


def slug_taken(slug: str, consultation: Consultation | None) -> bool:
    query = select(Consultation.id).where(Consultation.slug == slug)
    found = db.session.scalar(query)
    return found is not None and (consultation is None or found != consultation.id)


def has_responses(consultation: Consultation) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.consultation_id == consultation.id))))


def question_has_answers(question: Question) -> bool:
    return bool(db.session.scalar(select(exists().where(Answer.question_id == question.id))))


def add_question(consultation: Consultation, data: QuestionInput) -> Question:
    if data.kind == "respondent_type" and any(q.kind == "respondent_type" for q in consultation.questions):
        raise ConsultationError("This already asks who is responding. Add that question only once")
    question = Question(position=len(consultation.questions))
    consultation.questions.append(question)
    _apply(question, data)
    db.session.flush()
    return question


def update_question(question: Question, data: QuestionInput) -> None:
    if data.kind != question.kind and question_has_answers(question):
        raise ConsultationError("You cannot change the type of a question that has answers")
    if data.kind == "respondent_type" and any(
        q.kind == "respondent_type" and q.id != question.id for q in question.consultation.questions
    ):
        raise ConsultationError("This already asks who is responding. Add that question only once")
    _apply(question, data)
    db.session.flush()


def _apply(question: Question, data: QuestionInput) -> None:
    question.kind = data.kind
    question.text = data.text
    question.hint = data.hint
    question.required = data.required and not data.demographic
    question.demographic = data.demographic
    question.max_length = data.max_length
    set_options(question, list(data.options) if data.kind in ("single", "multiple") else [], data.add_other)


def set_options(question: Question, labels: list[str], add_other: bool) -> None:
    """Keep options matched by label (their stored value never changes); hide answered ones that go."""
    existing = {option.label.lower(): option for option in question.options if not option.asks_for_text}
    other = next((option for option in question.options if option.asks_for_text), None)
    wanted: list[Option] = []
    for label in labels:
        option = existing.pop(label.lower(), None) or Option(value=_unique_value(question, label), label=label)
        option.label, option.hidden = label, False
        wanted.append(option)
    if add_other and question.kind in ("single", "multiple"):
        other = other or Option(value=_unique_value(question, "other"), label="Other", asks_for_text=True)
        other.hidden = False
        wanted.append(other)
    elif other is not None:
        existing["\0other"] = other
    for option in existing.values():
        if question.id and _option_answered(question, option.value):
            option.hidden = True
            wanted.append(option)
        elif option in question.options:
            question.options.remove(option)
    for position, option in enumerate(wanted):
        option.position = position
        if option not in question.options:
            question.options.append(option)


def _unique_value(question: Question, label: str) -> str:
    taken = {option.value for option in question.options}
    base = slugify(label, 70)
    value, n = base, 2
    while value in taken:
        value, n = f"{base}_{n}", n + 1
    return value


def _option_answered(question: Question, value: str) -> bool:
    return bool(
        db.session.scalar(select(exists().where(Answer.question_id == question.id, Answer.option_value == value)))
    )


def add_demographic(consultation: Consultation, preset: DemographicPreset) -> Question:
    data = QuestionInput(preset.kind, preset.text, preset.hint, options=preset.options, demographic=True)
    return add_question(consultation, data)


def move_question(question: Question, step: int) -> None:
    questions = list(question.consultation.questions)
    index = questions.index(question)
    target = index + step
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
    for position, item in enumerate(questions):
        item.position = position


def delete_question(question: Question) -> None:
    consultation = question.consultation
    if has_responses(consultation):
        raise ConsultationError("This has responses, so its questions cannot be deleted. Hide the question instead")
    consultation.questions.remove(question)
    for position, item in enumerate(consultation.questions):
        item.position = position


def publish(consultation: Consultation) -> None:
    if not consultation.visible_questions:
        raise ConsultationError("Add at least one question before publishing")
    consultation.published_at = utcnow()
    consultation.closed_at = None


def close(consultation: Consultation) -> None:
    if consultation.published_at is None:
        raise ConsultationError("Only a published consultation can be closed")
    consultation.closed_at = utcnow()


def publish_results(consultation: Consultation, today: date | None = None) -> None:
    if consultation.status(today) != "closed":
        raise ConsultationError("Publish what you did after the consultation has closed")
    if not consultation.findings:
        raise ConsultationError("Add at least one topic before publishing")
    consultation.results_published_at = utcnow()


def save_finding(
    consultation: Consultation, finding: Finding | None, topic: str, you_said: str, we_did: str
) -> Finding:
    if finding is None:
        finding = Finding(position=len(consultation.findings))
        consultation.findings.append(finding)
    finding.topic, finding.you_said, finding.we_did = topic, you_said, we_did
    db.session.flush()
    return finding


def delete_finding(consultation: Consultation, finding: Finding) -> None:
    consultation.findings.remove(finding)
    for position, item in enumerate(consultation.findings):
        item.position = position
