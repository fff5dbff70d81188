"""The respondent types and the optional demographic questions, read from data files the council can edit."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class RespondentDetail:
    label: str
    error: str
    options: tuple[Choice, ...]


@dataclass(frozen=True)
class RespondentType:
    value: str
    label: str
    detail: RespondentDetail | None = None
    asks_for_text: bool = False


@dataclass(frozen=True)
class DemographicPreset:
    key: str
    text: str
    kind: str
    options: tuple[str, ...]
    hint: str = ""


@lru_cache(maxsize=1)
def respondent_types() -> tuple[RespondentType, ...]:
    raw = json.loads((DATA / "respondent_types.json").read_text(encoding="utf-8"))
    types = []
    for item in raw["types"]:
        detail = item.get("detail")
        types.append(
            RespondentType(
                value=item["value"],
                label=item["label"],
                asks_for_text=bool(item.get("asks_for_text")),
                detail=RespondentDetail(
                    label=detail["label"],
                    error=detail["error"],
                    options=tuple(Choice(o["value"], o["label"]) for o in detail["options"]),
                )
                if detail
                else None,
            )
        )
    return tuple(types)


def respondent_type(value: str | None) -> RespondentType | None:
    return next((t for t in respondent_types() if t.value == value), None)


def respondent_type_label(value: str | None, detail: str | None = None) -> str:
    """'Education staff (SENCo)', 'Young person (16 to 18)', or 'Not given'."""
    kind = respondent_type(value)
    if kind is None:
        return "Not given"
    if kind.detail and detail:
        label = next((o.label for o in kind.detail.options if o.value == detail), None)
        if label:
            return f"{kind.label} ({label})"
    return kind.label


@lru_cache(maxsize=1)
def demographic_presets() -> tuple[DemographicPreset, ...]:
    raw = json.loads((DATA / "demographic_questions.json").read_text(encoding="utf-8"))
    return tuple(
        DemographicPreset(q["key"], q["text"], q["kind"], tuple(q["options"]), q.get("hint", ""))
        for q in raw["questions"]
    )


def slugify(text: str, max_length: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:max_length] or "option"
