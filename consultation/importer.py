"""Importing paper and email responses: match columns to questions, check every row, save all or nothing.

A file with any invalid row is rejected with each row's reason, and nothing is saved. A valid
file is saved in one transaction with bulk inserts, so 100,000 rows take seconds, not minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from sqlalchemy import insert
from sqlalchemy import text as sql_text

from consultation.import_files import Cell, Table
from consultation.models import SCALES, Answer, Consultation, Question, Response
from consultation.respondents import respondent_types
from portal.core.extensions import db

IGNORE, RESPONDENT, DATE = "ignore", "respondent_type", "date"
TEXT_MAX = 20_000
BATCH = 5_000
MAX_ERRORS_SHOWN = 200
MULTIPLE_SPLIT = re.compile(r"[;\n|]")
Progress = Callable[[int, int, str], None]


class CellError(ValueError):
    pass


@dataclass
class PreparedRow:
    submitted_on: date
    respondent_type: str | None = None
    respondent_detail: str | None = None
    answers: list[tuple[int, str | None, str | None]] = field(default_factory=list)


@dataclass
class ImportResult:
    saved: int
    errors: list[str]
    response_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def importable_questions(consultation: Consultation) -> list[Question]:
    return [q for q in consultation.questions if q.kind != "respondent_type"]


def mapping_choices(consultation: Consultation) -> list[tuple[str, str]]:
    choices = [(IGNORE, "Do not import this column"), (RESPONDENT, "Respondent type"), (DATE, "Date sent")]
    for number, question in enumerate(consultation.questions, start=1):
        if question.kind == "respondent_type":
            continue
        choices.append((f"q{question.id}", f"{number}. {_short(question.text, 90)}"))
        if any(o.asks_for_text for o in question.options):
            choices.append((f"q{question.id}_other", f"{number}. {_short(question.text, 70)} – other, please say"))
    return choices


def suggest_mapping(headers: list[str], consultation: Consultation) -> list[str]:
    """A target for each column: exact ids or texts first, then the closest fuzzy match of header to question."""
    texts = {value: label.split(". ", 1)[-1] for value, label in mapping_choices(consultation) if value != IGNORE}
    asks_who = next((q.text for q in consultation.questions if q.kind == "respondent_type"), "")
    texts[RESPONDENT] = f"respondent type who are you responding as {asks_who}"
    texts[DATE] = "date sent submitted received"
    suggested = [_exact_target(header, texts) for header in headers]
    used = {target for target in suggested if target}
    for index, header in enumerate(headers):
        if suggested[index] is not None:
            continue
        candidates = {k: v for k, v in texts.items() if k not in used}
        match = process.extractOne(
            header, candidates, scorer=fuzz.token_set_ratio, processor=default_process, score_cutoff=80
        )
        if match:
            used.add(match[2])
        suggested[index] = match[2] if match else IGNORE
    return [target or IGNORE for target in suggested]


def _exact_target(header: str, texts: dict[str, str]) -> str | None:
    key = _norm(header)
    if key in texts:
        return key
    if key.isdigit() and f"q{key}" in texts:
        return f"q{key}"
    return next((value for value, text in texts.items() if _norm(text) == key), None)


def _choice_lookup(question: Question) -> dict[str, str]:
    pairs = list(SCALES.get(question.kind, [])) + [(o.value, o.label) for o in question.options]
    lookup = {}
    for value, label in pairs:
        lookup[_norm(value)] = value
        lookup[_norm(label)] = value
    return lookup


def _respondent_lookup() -> dict[str, tuple[str, str | None]]:
    lookup: dict[str, tuple[str, str | None]] = {}
    for kind in respondent_types():
        lookup[_norm(kind.label)] = lookup[_norm(kind.value)] = (kind.value, None)
        for option in kind.detail.options if kind.detail else ():
            pair = (kind.value, option.value)
            for text in (option.label, option.value, f"{kind.label} ({option.label})", f"{kind.label}: {option.label}"):
                lookup[_norm(text)] = pair
    return lookup


def _as_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return cell.isoformat() if isinstance(cell, date) else str(cell).strip()


def _parse_date(cell: Cell) -> date:
    if isinstance(cell, date):
        return cell
    text = _as_text(cell)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"‘{_short(text, 40)}’ is not a date. Use the format 31/12/2025")


@dataclass(frozen=True)
class ColumnPlan:
    """What one column holds, worked out once so the per-row loop touches no ORM attributes."""

    target: str
    question_id: int = 0
    kind: str = ""
    short_text: str = ""
    lookup: dict[str, str] = field(default_factory=dict)
    other_value: str = ""


def _plan(target: str, question: Question | None) -> ColumnPlan:
    if question is None:
        return ColumnPlan(target)
    other = next((o.value for o in question.options if o.asks_for_text), "")
    kind = "other" if target.endswith("_other") else question.kind
    lookup = _choice_lookup(question) if question.is_choice else {}
    return ColumnPlan(target, question.id, kind, _short(question.text), lookup, other)


class RowReader:
    """Turns one row's cells into a prepared response, or raises CellError with the reason."""

    def __init__(self, consultation: Consultation, mapping: dict[int, str]) -> None:
        questions = {f"q{q.id}": q for q in importable_questions(consultation)}
        self.plans = [
            (col, _plan(target, questions.get(target.removesuffix("_other"))))
            for col, target in sorted(mapping.items())
            if target != IGNORE
        ]
        self.respondents = _respondent_lookup()
        self.type_names = ", ".join(t.label for t in respondent_types())
        self.today = date.today()

    def read(self, cells: list[Cell]) -> PreparedRow | None:
        texts = [(plan, _as_text(cells[col]) if col < len(cells) else "", col) for col, plan in self.plans]
        if not any(text for _, text, _ in texts):
            return None
        row = PreparedRow(submitted_on=self.today)
        errors = []
        for plan, text, col in texts:
            if not text:
                continue
            try:
                self._read_cell(row, plan, text, cells[col])
            except CellError as error:
                errors.append(str(error))
        if errors:
            raise CellError("; ".join(errors))
        return row

    def _read_cell(self, row: PreparedRow, plan: ColumnPlan, text: str, cell: Cell) -> None:
        if plan.target == DATE:
            row.submitted_on = _parse_date(cell)
        elif plan.target == RESPONDENT:
            found = self.respondents.get(_norm(text))
            if found is None:
                raise CellError(f"‘{_short(text, 40)}’ is not a respondent type. Use one of: {self.type_names}")
            row.respondent_type, row.respondent_detail = found
        elif plan.kind == "other":
            _attach_other(row, plan, text)
        elif plan.kind == "text":
            if len(text) > TEXT_MAX:
                raise CellError(f"the answer to ‘{plan.short_text}’ is longer than {TEXT_MAX:,} characters")
            row.answers.append((plan.question_id, None, text))
        else:
            parts = [p.strip() for p in MULTIPLE_SPLIT.split(text) if p.strip()] if plan.kind == "multiple" else [text]
            for part in parts:
                value = plan.lookup.get(part.casefold()) or plan.lookup.get(_norm(part))
                if value is None:
                    raise CellError(f"‘{_short(part, 40)}’ is not an option for ‘{plan.short_text}’")
                if value == plan.other_value and any(a[:2] == (plan.question_id, value) for a in row.answers):
                    continue  # its "please say" column came first and already chose it
                row.answers.append((plan.question_id, value, None))


def _attach_other(row: PreparedRow, plan: ColumnPlan, text: str) -> None:
    """'Other, please say' text goes with the 'Other' choice, which it implies when that was not ticked."""
    key = (plan.question_id, plan.other_value)
    index = next((i for i, answer in enumerate(row.answers) if answer[:2] == key), None)
    if index is None:
        row.answers.append((plan.question_id, plan.other_value, text))
    else:
        row.answers[index] = (plan.question_id, plan.other_value, text)


def check_mapping(mapping: dict[int, str], consultation: Consultation) -> str | None:
    valid = {value for value, _ in mapping_choices(consultation)}
    bad = [target for target in mapping.values() if target not in valid]
    if bad:
        return f"‘{bad[0]}’ is not a question in this consultation"
    chosen = [target for target in mapping.values() if target != IGNORE]
    if not any(target.startswith("q") for target in chosen):
        return "Choose a question for at least one column"
    repeated = next((target for target in chosen if chosen.count(target) > 1), None)
    if repeated:
        return "Each question can only be chosen for one column"
    return None


def prepare_rows(
    consultation: Consultation, table: Table, mapping: dict[int, str], progress: Progress | None = None
) -> tuple[list[PreparedRow], list[str]]:
    reader = RowReader(consultation, mapping)
    prepared, errors = [], []
    for index, cells in enumerate(table.rows):
        try:
            row = reader.read(cells)
        except CellError as error:
            errors.append(f"Row {index + 2}: {error}")
            continue
        if row is not None:
            prepared.append(row)
        if progress and index % BATCH == 0:
            progress(index, len(table.rows), "Checking rows")
    return prepared, errors


def save_rows(
    consultation: Consultation,
    rows: list[PreparedRow],
    source: str,
    progress: Progress | None = None,
    saved_ids: list[int] | None = None,
) -> int:
    """Bulk-insert the responses and their answers into the open transaction; the caller commits.

    The new responses' ids are added to ``saved_ids`` when it is given.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        # A bigger page cache for this connection keeps the answer indexes' pages in memory while they grow.
        db.session.execute(sql_text("PRAGMA cache_size = -65536"))
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        # Core inserts, not ORM bulk inserts: the ORM splits a batch wherever the None columns differ.
        responses = Response.__table__
        ids = db.session.scalars(
            insert(responses).returning(responses.c.id, sort_by_parameter_order=True),
            [
                {
                    "consultation_id": consultation.id,
                    "submitted_on": row.submitted_on,
                    "source": source,
                    "respondent_type": row.respondent_type,
                    "respondent_detail": row.respondent_detail,
                }
                for row in batch
            ],
        ).all()
        if saved_ids is not None:
            saved_ids.extend(ids)
        answers = [
            {
                "response_id": response_id,
                "question_id": question_id,
                "option_value": value,
                "text": text,
                "respondent_type": row.respondent_type,
            }
            for response_id, row in zip(ids, batch, strict=True)
            for question_id, value, text in row.answers
        ]
        if answers:
            _insert_answers(answers)
        if progress:
            progress(start + len(batch), len(rows), "Saving responses")
    return len(rows)


ANSWER_COLUMNS = ("response_id", "question_id", "option_value", "text", "respondent_type")


def _insert_answers(answers: list[dict]) -> None:
    """On PostgreSQL, COPY on the session's own connection (same transaction); elsewhere an executemany."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        db.session.execute(insert(Answer.__table__), answers)
        return
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        with cursor.copy(f"COPY consultation_answer ({', '.join(ANSWER_COLUMNS)}) FROM STDIN") as copy:
            for answer in answers:
                copy.write_row([answer[column] for column in ANSWER_COLUMNS])


def import_table(
    consultation: Consultation, table: Table, mapping: dict[int, str], source: str, progress: Progress | None = None
) -> ImportResult:
    """Check every row, then save them all; with any invalid row, save none. The caller commits."""
    problem = check_mapping(mapping, consultation)
    if problem:
        return ImportResult(0, [problem])
    prepared, errors = prepare_rows(consultation, table, mapping, progress)
    if errors:
        return ImportResult(0, errors)
    if not prepared:
        return ImportResult(0, ["The file has no responses in the chosen columns"])
    saved_ids: list[int] = []
    return ImportResult(save_rows(consultation, prepared, source, progress, saved_ids), [], saved_ids)
