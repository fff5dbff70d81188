"""Finding what a coding page is about, or a 404."""

from __future__ import annotations

from consultation.coding.codebooks import codebook_in
from consultation.coding.models import CodingCodebook
from consultation.models import Consultation, Question
from consultation.queries import question_in
from portal.core.lookups import found_or_404, get_or_404


def text_question_or_404(consultation_id: int, question_id: int) -> tuple[Consultation, Question]:
    consultation = get_or_404(Consultation, consultation_id)
    question = question_in(consultation, question_id)
    return consultation, found_or_404(question if question is not None and question.kind == "text" else None)


def codebook_or_404(consultation_id: int, codebook_id: int) -> tuple[Consultation, CodingCodebook]:
    consultation = get_or_404(Consultation, consultation_id)
    return consultation, found_or_404(codebook_in(consultation, codebook_id))


def text_questions(consultation: Consultation) -> list[Question]:
    return [q for q in consultation.questions if q.kind == "text"]


__all__ = ["codebook_or_404", "text_question_or_404", "text_questions"]
