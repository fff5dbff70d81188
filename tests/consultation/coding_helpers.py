"""Test data for coding: a consultation with a free-text question and answers from several respondent types."""

from __future__ import annotations

from consultation.builders import free_text, respondent_question
from consultation.coding.codebooks import create_codebook
from consultation.coding.models import CodingSetup
from consultation.models import Answer, Consultation, Question
from portal.core.extensions import db
from tests.factories import add_response, next_reference

CODEBOOK = {
    "name": "Test codebook",
    "themes": [
        {"id": "transport", "name": "Home to school transport", "keywords": ["taxi", "bus", "transport"]},
        {"id": "ehcp", "name": "EHC plans", "keywords": ["plan", "ehcp", "review"]},
        {"id": "ehcp-delay", "name": "Late plans", "keywords": ["late", "weeks"], "parent": "ehcp"},
        {"id": "respite", "name": "Short breaks", "keywords": ["respite"], "phrases": ["short breaks"]},
    ],
}
TEXTS = [
    ("The taxi to school is always late", "parent_carer"),
    ("Our EHCP annual review was missed", "parent_carer"),
    ("We need more short breaks and respite", "young_person"),
    ("The bus driver was kind", "young_person"),
    ("Nothing to add really", "parent_carer"),
]
# Fifty answers of five kinds: enough to train a model on, and to measure it.
MANY = [
    (text, kind)
    for n in range(10)
    for text, kind in [
        (f"The taxi to school was late {n} times", "parent_carer"),
        (f"Our plan review took {n + 20} weeks", "parent_carer"),
        (f"Short breaks and respite for {n} days helped", "young_person"),
        (f"The bus driver number {n} was kind", "young_person"),
        (f"Staff were friendly on day {n}", "education_staff"),
    ]
]


def add_answers(question: Question, texts: list[tuple[str, str | None]]) -> list[Answer]:
    answers = [
        add_response(
            question.consultation_id,
            [{"question_id": question.id, "text": text}],
            respondent_type=kind,
            reference=next_reference(),
        ).answers[0]
        for text, kind in texts
    ]
    db.session.flush()
    return answers


def coding_consultation(make_consultation, texts=None, with_codebook=True) -> tuple[Consultation, Question]:
    consultation = make_consultation(questions=[respondent_question(), free_text("What should we change?")])
    question = next(q for q in consultation.questions if q.kind == "text")
    add_answers(question, TEXTS if texts is None else texts)
    if with_codebook:
        codebook = create_codebook(consultation, CODEBOOK)
        db.session.add(CodingSetup(question_id=question.id, codebook_id=codebook.id))
    db.session.commit()
    return consultation, question
