"""Exports of every response as CSV or XLSX.

Respondents are never identified: no reference numbers or contact details, just a row number.
The "Safeguarding flag" column gives the most serious level any of the response's written answers
was flagged at ("emergency" or "concern"), or is empty.
Free text is personal data. It is exported redacted when ``nlp.redact`` is available; without it,
only when the lead confirms they have checked it, and otherwise left out. Every cell that a
spreadsheet would read as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from consultation.models import SOURCES, Answer, Consultation, Question, Response
from consultation.presenters import long_date, option_labels
from consultation.respondents import respondent_type, respondent_type_label
from portal.core import audit
from portal.core.extensions import db
from portal.core.safeguarding.flags import levels_for_answers, most_serious_level

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
FLAG_HEADER = "Safeguarding flag"
TextPolicy = Callable[[str], str] | None


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def load_redactor() -> Callable[[str], tuple[str, list]] | None:
    """``nlp.redact.redact`` if it can be imported; chosen when an export runs, not when the app starts."""
    try:
        from nlp.redact import redact
    except ImportError:
        return None
    return redact


def free_text_policy(checked: bool) -> tuple[str, TextPolicy]:
    """('redacted' | 'checked' | 'excluded', how to turn stored free text into exported text)."""
    redactor = load_redactor()
    if redactor is not None:
        return "redacted", lambda text: redactor(text)[0]
    if checked:
        return "checked", lambda text: text
    return "excluded", None


@dataclass
class ExportTable:
    headers: list[str]
    rows: Iterator[list[object]]
    free_text: str


def _columns(questions: list[Question], policy: TextPolicy) -> list[tuple[str, Question, str]]:
    """(header, question, part) where part is 'answer' or 'other'."""
    columns = []
    for number, question in enumerate(questions, start=1):
        if question.kind == "respondent_type":
            continue
        if question.kind == "text" and policy is None:
            continue
        hidden = " (hidden)" if question.hidden else ""
        columns.append((f"{number}. {question.text}{hidden}", question, "answer"))
        if policy is not None and any(o.asks_for_text for o in question.options):
            columns.append((f"{number}. {question.text}{hidden} – other, please say", question, "other"))
    return columns


def export_table(consultation: Consultation, free_text_checked: bool = False) -> ExportTable:
    name, policy = free_text_policy(free_text_checked)
    columns = _columns(list(consultation.questions), policy)
    headers = ["Row", "Date sent", "How it was sent", "Respondent type", FLAG_HEADER]
    headers += [header for header, _, _ in columns]
    return ExportTable(headers, _rows(consultation, columns, policy), name)


def _respondent(response: Response, policy: TextPolicy) -> str:
    kind = respondent_type(response.respondent_type)
    if kind is not None and kind.asks_for_text and response.respondent_detail:
        return f"{kind.label}: {policy(response.respondent_detail)}" if policy else kind.label
    return respondent_type_label(response.respondent_type, response.respondent_detail)


def _cell(question: Question, part: str, answers: list[Answer], labels: dict[str, str], policy: TextPolicy) -> str:
    if part == "other":
        texts = [a.text for a in answers if a.option_value is not None and a.text]
        return "; ".join(policy(t) for t in texts) if policy else ""
    if question.kind == "text":
        return "\n\n".join(policy(a.text) for a in answers if a.text) if policy else ""
    return "; ".join(labels.get(a.option_value or "", a.option_value or "") for a in answers)


def _rows(consultation: Consultation, columns: list, policy: TextPolicy) -> Iterator[list[object]]:
    labels = {q.id: option_labels(q) for _, q, _ in columns}
    fields = (Response.id, Response.submitted_on, Response.source, Response.respondent_type, Response.respondent_detail)
    responses = db.session.execute(
        select(*fields).where(Response.consultation_id == consultation.id).order_by(Response.id)
    ).all()
    number = 0
    for start in range(0, len(responses), CHUNK):
        chunk = responses[start : start + CHUNK]
        by_response: dict[int, dict[int, list[Answer]]] = {}
        answers = db.session.scalars(
            select(Answer).where(Answer.response_id.in_([r.id for r in chunk])).order_by(Answer.id)
        )
        flags: dict[int, list[str]] = {}
        answers = list(answers)
        levels = levels_for_answers(answer.id for answer in answers)
        for answer in answers:
            by_response.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(answer)
            if answer.id in levels:
                flags.setdefault(answer.response_id, []).append(levels[answer.id])
        for response in chunk:
            number += 1
            given = by_response.get(response.id, {})
            row: list[object] = [number, _iso(response.submitted_on), SOURCES.get(response.source, response.source)]
            row += [_respondent(response, policy), most_serious_level(flags.get(response.id, []))]
            row += [_cell(q, part, given.get(q.id, []), labels[q.id], policy) for _, q, part in columns]
            yield [safe_cell(value) for value in row]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def write_csv(table: ExportTable, stream: io.BufferedIOBase | io.BytesIO) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([safe_cell(h) for h in table.headers])
    count = 0
    for row in table.rows:
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()
    return count


def write_xlsx(table: ExportTable, stream: io.BufferedIOBase | io.BytesIO, consultation: Consultation) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    sheet.append([safe_cell(h) for h in table.headers])
    count = 0
    for row in table.rows:
        sheet.append(row)
        count += 1
    about = workbook.create_sheet("About this export")
    for line in _about_lines(consultation, table, count):
        about.append([safe_cell(line)])
    workbook.save(stream)
    return count


def export_responses(
    consultation: Consultation, stream: io.BufferedIOBase | io.BytesIO, file_format: str, free_text_checked: bool
) -> tuple[int, str]:
    """Write every response to the stream as CSV or XLSX, record the export in the audit log and commit.

    Returns how many responses were written and how free text was treated.
    """
    table = export_table(consultation, free_text_checked)
    if file_format == "csv":
        count = write_csv(table, stream)
    else:
        count = write_xlsx(table, stream, consultation)
    audit.record(
        "consultation.export",
        "consultation",
        consultation.id,
        format=file_format,
        rows=count,
        free_text=table.free_text,
    )
    db.session.commit()
    return count, table.free_text


def _about_lines(consultation: Consultation, table: ExportTable, count: int) -> list[str]:
    text = {
        "redacted": "Free-text answers have had names, email addresses, phone numbers and postcodes removed.",
        "checked": "Free-text answers are included as written: the lead confirmed they had been checked.",
        "excluded": "Free-text answers are not included because they had not been checked for personal details.",
    }[table.free_text]
    return [
        consultation.title,
        f"{count:,} responses, exported on {long_date(date.today())}.",
        "Each row is one response. Rows are numbered; people are not identified.",
        text,
    ]
