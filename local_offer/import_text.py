"""Reading foreign values: HTML to safe plain text, numbers, dates and vocabulary names.

Council feeds put HTML in descriptions; the directory stores plain text (the templates escape it),
so markup is removed with nh3 while paragraphs and line breaks survive as newlines.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import nh3

from local_offer.services import district_for_name
from nlp import vocab

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|ul|ol|table|blockquote|section|article)\s*>", re.IGNORECASE)
_ITEM_START = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_ROW_END = re.compile(r"</tr\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z/!?][^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_NEEDS_WORK = re.compile(r"[<&\r\n\t\f\v\u00a0\u2000-\u200b\u202f\u3000]| {2}|^\s|\s$")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u3000]+")


class ValueProblem(ValueError):
    """A value in a record that cannot be read; the record is skipped with this reason."""


def _strip_markup(text: str) -> str:
    # Escaped markup ("&lt;b&gt;") turns into markup when unescaped, so repeat until none is left.
    for _ in range(4):
        text = _BREAK.sub("\n", text)
        text = _BLOCK_END.sub("\n\n", text)
        text = _ITEM_START.sub("\n- ", text)
        text = _ROW_END.sub("\n", text)
        text = html.unescape(nh3.clean(text, tags=set()))
        if not _TAG.search(text) and not _ENTITY.search(text):
            return text
    return _ENTITY.sub(" ", _TAG.sub(" ", text))


def _tidy(text: str, multiline: bool) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not multiline:
        return " ".join(line for line in lines if line)
    paragraphs, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return "\n\n".join(paragraphs)


def plain_text(value: Any, multiline: bool = True) -> str | None:
    """Safe plain text from a value that may hold HTML; None when nothing is left."""
    if value is None or isinstance(value, dict | list):
        return None
    text = value if value.__class__ is str else str(value)
    if not _NEEDS_WORK.search(text):
        return text or None
    if "<" in text or "&" in text:
        text = _strip_markup(text)
    return _tidy(text, multiline) or None


def one_line(value: Any) -> str | None:
    if value.__class__ is str and not _NEEDS_WORK.search(value):
        return value or None
    return plain_text(value, multiline=False)


def identifier(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = str(value).strip()
    return text or None


def whole_number(value: Any, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueProblem(f"{field} ‘{value}’ is not a number") from None
    if number != int(number) or not 0 <= number <= 150:
        raise ValueProblem(f"{field} ‘{value}’ is not an age in whole years")
    return int(number)


def decimal_number(value: Any, places: int = 2) -> Decimal | None:
    """A money amount or coordinate; "£5.50" reads as 5.50. None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace("£", "").replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def read_date(value: Any, field: str) -> date | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise ValueProblem(f"{field} ‘{value}’ is not a date (use YYYY-MM-DD)")


def read_datetime(value: Any) -> datetime | None:
    """An ISO date-time as naive UTC, the way the database holds it; None when unreadable."""
    if value is None or not str(value).strip():
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower().replace("&", " and ")).split())


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, list[tuple[str, str]]]:
    """Every name, code and alias of a need or service category, to (kind, code)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for need in vocab.need_categories():
        for name in (need.code, need.label, *need.aliases):
            table.setdefault(_key(name), []).append(("need", need.code))
    for cat in vocab.service_categories():
        for name in (cat.id, cat.label, *cat.aliases):
            table.setdefault(_key(name), []).append(("category", cat.id))
    return table


def vocabulary_matches(*names: str | None) -> list[tuple[str, str]]:
    """(kind, code) pairs for names that are one of our needs or categories ("Autism", "ASD", "SALT")."""
    found: list[tuple[str, str]] = []
    for name in names:
        if name:
            found += _vocabulary().get(_key(name), [])
    return list(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def district_code(name: str | None) -> str | None:
    return district_for_name(name)


def forget_vocabulary() -> None:
    """After a council edits its vocabulary files."""
    _vocabulary.cache_clear()
    district_code.cache_clear()
