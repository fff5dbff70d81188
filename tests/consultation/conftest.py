"""Consultations for tests, built through the same functions the application and demo use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from consultation.builders import agreement, create_consultation, free_text, respondent_question
from consultation.models import Consultation
from consultation.services import QuestionInput
from portal.core.extensions import db


def short_questions() -> list[QuestionInput]:
    return [
        respondent_question(),
        agreement("Do you agree with our priorities?"),
        QuestionInput("single", "How did you hear about this?", options=("School", "Social media"), add_other=True),
        QuestionInput(
            "multiple", "Which services have you used?", options=("Short breaks", "Speech therapy", "Transport")
        ),
        free_text("What should we change?", max_length=50, required=True),
    ]


@pytest.fixture()
def make_consultation(app_ctx):
    def make(
        slug: str = "send-strategy",
        questions: list[QuestionInput] | None = None,
        *,
        status: str = "open",
        one_question_per_page: bool | None = None,
        **fields,
    ) -> Consultation:
        today = date.today()
        opens, closes = {
            "open": (today - timedelta(days=7), today + timedelta(days=30)),
            "closed": (today - timedelta(days=60), today - timedelta(days=1)),
            "scheduled": (today + timedelta(days=3), today + timedelta(days=30)),
            "draft": (today - timedelta(days=7), today + timedelta(days=30)),
        }[status]
        consultation = create_consultation(
            slug,
            fields.pop("title", "Our SEND strategy"),
            short_questions() if questions is None else questions,
            opens_on=opens,
            closes_on=closes,
            summary="We want to know what you think of our plans.",
            audience="Parents, carers and young people",
            one_question_per_page=one_question_per_page,
            published=status != "draft",
            **fields,
        )
        db.session.commit()
        return consultation

    return make


def question_ids(consultation: Consultation) -> list[int]:
    return [q.id for q in consultation.visible_questions]


def valid_answers(consultation: Consultation) -> dict:
    """Form data answering the short consultation's questions."""
    who, agree, heard, used, change = question_ids(consultation)
    return {
        f"q{who}": "young_person",
        f"q{who}_young_person": "16_18",
        f"q{agree}": "agree",
        f"q{heard}": "other",
        f"q{heard}_other": "A leaflet at the GP",
        f"q{used}": ["short_breaks", "transport"],
        f"q{change}": "More short breaks",
    }
