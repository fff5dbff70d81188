"""Finding what a coding page is about, or a 404."""

from __future__ import annotations

from flask import abort

from consultation.coding.codebooks import codebook_in
from consultation.coding.models import CodingCodebook
from consultation.lead_routes import consultation_or_404
from consultation.models import Consultation, Question
from consultation.queries import question_in


def text_question_or_404(consultation_id: int, question_id: int) -> tuple[Consultation, Question]:
    consultation = consultation_or_404(consultation_id)
    question = question_in(consultation, question_id)
    if question is None or question.kind != "text":
        abort(404)
    return consultation, question


def codebook_or_404(consultation_id: int, codebook_id: int) -> tuple[Consultation, CodingCodebook]:
    consultation = consultation_or_404(consultation_id)
    return consultation, codebook_in(consultation, codebook_id) or abort(404)


def text_questions(consultation: Consultation) -> list[Question]:
    return [q for q in consultation.questions if q.kind == "text"]


__all__ = ["consultation_or_404", "codebook_or_404", "text_question_or_404", "text_questions"]
