"""Theme counts by respondent type, the answers behind them, representative quotes, and the export.

Quotes come only from redacted text (``nlp.redact``): a candidate is redacted when it is shown
and redacted again, on the server, when the lead approves it, so what is stored is what was checked.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from consultation.coding.models import BULK, FIRST, CodingCode, CodingItem, CodingQuote
from consultation.exporter import safe_cell
from consultation.models import Answer
from consultation.respondents import respondent_type_label, respondent_types
from consultation.results import NOT_GIVEN
from nlp.redact import redact
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.paging import Page, paginate
from portal.core.safeguarding.flags import flagged_answers, levels_for_answers

QUOTES_SHOWN = 5
QUOTE_LENGTH = (30, 400)
CHUNK = 2000


@dataclass
class ThemeCount:
    theme: str
    name: str
    depth: int
    count: int
    by_type: dict[str, int]


@dataclass
class Analysis:
    coded: int
    coded_by_type: dict[str, int]
    types: list[tuple[str, str]]  # (value, label) of the respondent types with coded answers
    themes: list[ThemeCount]

    def percent(self, count: int, type_value: str | None = None) -> int:
        base = self.coded if type_value is None else self.coded_by_type.get(type_value, 0)
        return round(100 * count / base) if base else 0


def analysis(question_id: int, ordered_themes: list[tuple[int, dict]]) -> Analysis:
    coded_rows = db.session.execute(
        select(func.coalesce(CodingItem.respondent_type, NOT_GIVEN), func.count())
        .where(CodingItem.question_id == question_id, CodingItem.reviewed_at.is_not(None))
        .group_by(CodingItem.respondent_type)
    ).all()
    coded_by_type = {value: count for value, count in coded_rows}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    code_rows = db.session.execute(
        select(CodingCode.theme, func.coalesce(CodingCode.respondent_type, NOT_GIVEN), func.count())
        .where(CodingCode.question_id == question_id, CodingCode.coder == FIRST)
        .group_by(CodingCode.theme, CodingCode.respondent_type)
    )
    for theme, kind, count in code_rows:
        counts[theme][kind] = count
    types = [(t.value, t.label) for t in respondent_types() if t.value in coded_by_type]
    if NOT_GIVEN in coded_by_type:
        types.append((NOT_GIVEN, "Not given"))
    themes = [
        ThemeCount(t["id"], t["name"], depth, sum(counts.get(t["id"], {}).values()), counts.get(t["id"], {}))
        for depth, t in ordered_themes
    ]
    known = {t["id"] for _, t in ordered_themes}
    themes += [ThemeCount(tid, tid, 0, sum(c.values()), c) for tid, c in counts.items() if tid not in known]
    return Analysis(sum(coded_by_type.values()), coded_by_type, types, themes)


def answers_with_theme(question_id: int, theme: str, respondent_type: str | None, page: int,
                       per_page: int = 50) -> Page[tuple[int, str, str | None]]:  # fmt: skip
    """(answer id, text, respondent type) of the answers coded with the theme, a page at a time."""
    query = (
        select(Answer.id, Answer.text, Answer.respondent_type)
        .join(CodingItem, CodingItem.answer_id == Answer.id)
        .join(CodingCode, CodingCode.item_id == CodingItem.id)
        .where(CodingCode.question_id == question_id, CodingCode.coder == FIRST, CodingCode.theme == theme)
    )
    if respondent_type == NOT_GIVEN:
        query = query.where(CodingCode.respondent_type.is_(None))
    elif respondent_type:
        query = query.where(CodingCode.respondent_type == respondent_type)
    return paginate(query.order_by(Answer.id), page, per_page, rows=True)


def quote_candidates(question_id: int, theme: str, limit: int = QUOTES_SHOWN) -> list[tuple[int, str]]:
    """(answer id, redacted text) of answers coded with the theme that read well as quotes."""
    taken = select(CodingQuote.answer_id).where(CodingQuote.question_id == question_id)
    rows = db.session.execute(
        select(Answer.id, Answer.text, CodingItem.review_method)
        .join(CodingItem, CodingItem.answer_id == Answer.id)
        .join(CodingCode, CodingCode.item_id == CodingItem.id)
        .where(CodingCode.question_id == question_id, CodingCode.coder == FIRST, CodingCode.theme == theme)
        .where(Answer.id.not_in(taken), Answer.id.not_in(flagged_answers()))  # flagged words are never quoted
        .order_by(Answer.id)
        .limit(300)
    ).all()
    low, high = QUOTE_LENGTH
    fitting = [(answer_id, text, method) for answer_id, text, method in rows if low <= len(text or "") <= high]
    # Answers a person reviewed first; then those nearest a readable length.
    fitting.sort(key=lambda row: (row[2] == BULK, abs(len(row[1]) - 140), row[0]))
    return [(answer_id, redact(text)[0]) for answer_id, text, _ in fitting[:limit]]


def approve_quotes(question_id: int, theme: str, answer_ids: list[int], who: str) -> int:
    """Store the redacted text of the chosen candidates; ids not among the candidates are ignored."""
    allowed = dict(quote_candidates(question_id, theme, limit=300))
    approved = 0
    for answer_id in answer_ids:
        if answer_id in allowed:
            db.session.add(
                CodingQuote(
                    question_id=question_id,
                    answer_id=answer_id,
                    theme=theme,
                    redacted_text=allowed[answer_id][:2000],
                    approved_by=who,
                )
            )
            approved += 1
    return approved


def approved_quotes(question_id: int) -> list[CodingQuote]:
    query = select(CodingQuote).where(CodingQuote.question_id == question_id)
    return list(db.session.scalars(query.order_by(CodingQuote.theme, CodingQuote.id)))


def publish_quotes(question_id: int) -> int:
    """Publish the approved quotes, except any whose answer was flagged for safeguarding since."""
    flagged = levels_for_answers(q.answer_id for q in approved_quotes(question_id))
    quotes = [q for q in approved_quotes(question_id) if q.published_at is None and q.answer_id not in flagged]
    for quote in quotes:
        quote.published_at = utcnow()
    return len(quotes)


EXPORT_HEADERS = [
    "Row", "Respondent type", "Answer (redacted)", "Themes", "How it was coded", "Machine suggestions",
    "Safeguarding flag",
]  # fmt: skip
HOW_CODED = {"manual": "Reviewed by a person", "bulk": "Suggestion accepted in bulk"}


def export_rows(question_id: int, names: dict[str, str]) -> Iterator[list[object]]:
    ids = db.session.scalars(
        select(CodingItem.id).where(CodingItem.question_id == question_id).order_by(CodingItem.id)
    ).all()
    number = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        codes: dict[int, list[str]] = defaultdict(list)
        for item_id, theme in db.session.execute(
            select(CodingCode.item_id, CodingCode.theme).where(CodingCode.item_id.in_(chunk), CodingCode.coder == FIRST)
        ):
            codes[item_id].append(names.get(theme, theme))
        rows = db.session.execute(
            select(CodingItem, Answer.text, Answer.respondent_type)
            .join(Answer, Answer.id == CodingItem.answer_id)
            .where(CodingItem.id.in_(chunk))
            .order_by(CodingItem.id)
        ).all()
        flags = levels_for_answers(item.answer_id for item, _, _ in rows)
        for item, text, kind in rows:
            number += 1
            suggested = "; ".join(names.get(s["theme"], s["theme"]) for s in item.suggestions or [])
            how = HOW_CODED.get(item.review_method or "", "Not coded yet")
            row = [number, respondent_type_label(kind), redact(text or "")[0], "; ".join(sorted(codes[item.id]))]
            yield [safe_cell(value) for value in [*row, how, suggested, flags.get(item.answer_id, "")]]


def write_csv(rows: Iterator[list[object]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(EXPORT_HEADERS)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterator[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Coded answers")
    sheet.append(EXPORT_HEADERS)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
