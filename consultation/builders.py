"""Building consultations and surveys in code: for the demo, tests and later features (satisfaction surveys).

``create_consultation`` makes one from plain data; ``SurveyTemplate`` is a reusable set of questions,
such as ``EHC_ASSESSMENT_SATISFACTION``, that ``create_from_template`` turns into a new survey.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from consultation.models import Consultation
from consultation.services import QuestionInput, add_question, publish
from portal.core.extensions import db


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    title: str
    summary: str
    audience: str
    questions: tuple[QuestionInput, ...]
    easy_read_summary: str = ""
    kind: str = "survey"
    retention_months: int = 24


def create_consultation(
    slug: str,
    title: str,
    questions: list[QuestionInput] | tuple[QuestionInput, ...],
    *,
    opens_on: date,
    closes_on: date,
    kind: str = "consultation",
    summary: str = "",
    easy_read_summary: str = "",
    audience: str = "",
    retention_months: int = 24,
    one_question_per_page: bool | None = None,
    allow_contact: bool = False,
    published: bool = True,
) -> Consultation:
    """Add a consultation with its questions to the session (flushed, not committed)."""
    consultation = Consultation(
        slug=slug,
        title=title,
        kind=kind,
        summary=summary,
        easy_read_summary=easy_read_summary,
        audience=audience,
        opens_on=opens_on,
        closes_on=closes_on,
        retention_months=retention_months,
        one_question_per_page=one_question_per_page,
        allow_contact=allow_contact,
    )
    db.session.add(consultation)
    db.session.flush()
    for question in questions:
        add_question(consultation, question)
    if published:
        publish(consultation)
    db.session.flush()
    return consultation


def create_from_template(
    template: SurveyTemplate, *, slug: str, opens_on: date, closes_on: date, published: bool = True, **overrides
) -> Consultation:
    values = {
        "kind": template.kind,
        "summary": template.summary,
        "easy_read_summary": template.easy_read_summary,
        "audience": template.audience,
        "retention_months": template.retention_months,
    } | overrides
    return create_consultation(
        slug,
        overrides.pop("title", template.title),
        template.questions,
        opens_on=opens_on,
        closes_on=closes_on,
        published=published,
        **{k: v for k, v in values.items() if k != "title"},
    )


def satisfaction(text: str, hint: str = "", required: bool = True) -> QuestionInput:
    return QuestionInput("satisfaction", text, hint, required=required)


def agreement(text: str, hint: str = "", required: bool = True) -> QuestionInput:
    return QuestionInput("agreement", text, hint, required=required)


def free_text(text: str, hint: str = "", max_length: int = 1000, required: bool = False) -> QuestionInput:
    return QuestionInput("text", text, hint, required=required, max_length=max_length)


def respondent_question(required: bool = True) -> QuestionInput:
    return QuestionInput("respondent_type", "Which of these best describes you?", required=required)


EHC_ASSESSMENT_SATISFACTION = SurveyTemplate(
    key="ehc_assessment_satisfaction",
    title="How was your EHC needs assessment?",
    summary=(
        "If your child or young person has had an education, health and care (EHC) needs assessment in the last "
        "12 months, tell us how it went. We use your answers to measure and improve the assessment process, and "
        "report them to the SEND partnership board every quarter."
    ),
    easy_read_summary="Tell us how your EHC needs assessment went. It takes about 5 minutes.",
    audience="Parents and carers whose child had an EHC needs assessment in the last 12 months",
    questions=(
        respondent_question(),
        satisfaction("How satisfied are you with how well we kept you informed during the assessment?"),
        satisfaction("How satisfied are you that your views and your child's views were listened to?"),
        satisfaction("How satisfied are you with how long the assessment took?"),
        satisfaction(
            "How satisfied are you that the EHC plan describes your child's needs accurately?",
            hint="Answer ‘Neither’ if you did not receive a plan.",
        ),
        satisfaction("Overall, how satisfied are you with the EHC needs assessment process?"),
        free_text("What went well?", max_length=1000),
        free_text("What could we have done better?", max_length=1000),
    ),
)

TEMPLATES: dict[str, SurveyTemplate] = {EHC_ASSESSMENT_SATISFACTION.key: EHC_ASSESSMENT_SATISFACTION}
