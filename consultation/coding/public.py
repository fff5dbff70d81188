"""What a public page may show of the coding: only quotes a lead approved and published, already redacted,
and never one whose answer was flagged for safeguarding.

The consultation package offers no hook on its public "you said, we did" page yet; a template
there can call ``published_quotes(consultation)`` (registered as the template global
``coding_published_quotes``) to list them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from consultation.coding.models import CodingCodebook, CodingQuote, CodingSetup
from consultation.models import Consultation, Question
from portal.core.extensions import db
from portal.core.safeguarding.flags import flagged_answers


@dataclass(frozen=True)
class PublishedQuote:
    question: str
    theme: str
    text: str


def published_quotes(consultation: Consultation) -> list[PublishedQuote]:
    rows = db.session.execute(
        select(Question.text, CodingQuote.theme, CodingQuote.redacted_text, CodingCodebook)
        .join(Question, Question.id == CodingQuote.question_id)
        .outerjoin(CodingSetup, CodingSetup.question_id == CodingQuote.question_id)
        .outerjoin(CodingCodebook, CodingCodebook.id == CodingSetup.codebook_id)
        .where(Question.consultation_id == consultation.id, CodingQuote.published_at.is_not(None))
        .where(CodingQuote.answer_id.not_in(flagged_answers()))
        .order_by(Question.position, CodingQuote.theme, CodingQuote.id)
    ).all()
    return [
        PublishedQuote(question, codebook.theme_names().get(theme, theme) if codebook else theme, text)
        for question, theme, text, codebook in rows
    ]
