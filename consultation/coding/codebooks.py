"""Codebooks: checking imported JSON, exporting it, starting one, and editing its themes.

Functions add to the session; the route writes the audit entry and commits.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from consultation.coding.models import CodingCode, CodingCodebook, CodingSetup
from consultation.models import Consultation
from portal.core.extensions import db

MAX_BYTES = 1_000_000
MAX_THEMES = 500
MAX_LIST = 200
THEME_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
STARTER = Path(__file__).resolve().parents[2] / "nlp" / "data" / "send_strategy_codebook.json"
LIST_FIELDS = ("keywords", "phrases", "examples", "exclude_examples")
TEXT_LIMITS = {"name": 200, "description": 1000}


class CodebookError(ValueError):
    """A codebook that cannot be used, in words to show the lead."""


def parse_codebook(content: bytes) -> dict[str, Any]:
    """The codebook in ``content`` (JSON bytes), checked and normalised, or CodebookError."""
    if len(content) > MAX_BYTES:
        raise CodebookError("The file must be 1MB or smaller")
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CodebookError("The file must be saved as UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise CodebookError(f"The file is not valid JSON: {error.msg} on line {error.lineno}") from None
    except RecursionError:
        raise CodebookError("The file is not a codebook: its lists or objects are nested too deeply") from None
    return check_codebook(data)


def check_codebook(data: object) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise CodebookError("The file must hold one JSON object with a name and a list of themes")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError("The codebook must have a name")
    themes = data.get("themes")
    if not isinstance(themes, list) or not themes:
        raise CodebookError("The codebook must have a list of themes")
    if len(themes) > MAX_THEMES:
        raise CodebookError(f"The codebook must have {MAX_THEMES} themes or fewer")
    checked = [_check_theme(number, theme) for number, theme in enumerate(themes, start=1)]
    _check_ids_and_parents(checked)
    return {"name": name.strip()[:200], "themes": checked}


def _check_theme(number: int, theme: object) -> dict[str, Any]:
    if not isinstance(theme, dict):
        raise CodebookError(f"Theme {number} must be a JSON object")
    tid = theme.get("id")
    if not isinstance(tid, str) or not THEME_ID.match(tid) or len(tid) > 80:
        raise CodebookError(
            f"Theme {number} must have an id of lower-case letters, numbers and hyphens, 80 characters or fewer"
        )
    clean: dict[str, Any] = {"id": tid}
    for field, limit in TEXT_LIMITS.items():
        value = theme.get(field, "" if field == "description" else None)
        if not isinstance(value, str) or (field == "name" and not value.strip()):
            raise CodebookError(f"Theme {number} ({tid}) must have a {field} as text")
        if len(value) > limit:
            raise CodebookError(f"The {field} of theme {number} ({tid}) must be {limit} characters or fewer")
        clean[field] = value.strip()
    for field in LIST_FIELDS:
        value = theme.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > MAX_LIST:
            raise CodebookError(f"The {field} of theme {number} ({tid}) must be a list of up to {MAX_LIST} texts")
        clean[field] = [v.strip()[:1000] for v in value if v.strip()]
    parent = theme.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise CodebookError(f"The parent of theme {number} ({tid}) must be another theme's id")
    clean["parent"] = parent or None
    return clean


def _check_ids_and_parents(themes: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for theme in themes:
        if theme["id"] in seen:
            raise CodebookError(f"More than one theme has the id {theme['id']}. Each id must be different")
        seen.add(theme["id"])
    parents = {theme["id"]: theme["parent"] for theme in themes}
    for tid, parent in parents.items():
        if parent is not None and parent not in parents:
            raise CodebookError(f"Theme {tid} has a parent, {parent}, that is not in the codebook")
        walked = {tid}
        while parent is not None:
            if parent in walked:
                raise CodebookError(f"Theme {tid} is inside itself: check the parents of its broader themes")
            walked.add(parent)
            parent = parents[parent]


def export_json(codebook: CodingCodebook) -> str:
    return json.dumps(codebook.as_dict(), ensure_ascii=False, indent=2)


def create_codebook(consultation: Consultation, data: dict[str, Any]) -> CodingCodebook:
    codebook = CodingCodebook(consultation_id=consultation.id, name=data["name"], themes=list(data["themes"]))
    db.session.add(codebook)
    db.session.flush()
    return codebook


def starter_codebook() -> dict[str, Any]:
    return check_codebook(json.loads(STARTER.read_text(encoding="utf-8")))


def theme_ids(codebook: CodingCodebook) -> list[str]:
    return [theme["id"] for theme in codebook.themes or []]


def hierarchy(codebook: CodingCodebook) -> list[tuple[int, dict[str, Any]]]:
    """(depth, theme) with each theme's narrower themes straight after it."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    known = set(theme_ids(codebook))
    for theme in codebook.themes or []:
        parent = theme.get("parent") if theme.get("parent") in known else None
        children.setdefault(parent, []).append(theme)
    ordered: list[tuple[int, dict[str, Any]]] = []

    def walk(parent: str | None, depth: int) -> None:
        for theme in children.get(parent, []):
            ordered.append((depth, theme))
            walk(theme["id"], depth + 1)

    walk(None, 0)
    return ordered


def new_theme_id(codebook: CodingCodebook, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:70] or "theme"
    taken, tid, n = set(theme_ids(codebook)), base, 2
    while tid in taken:
        tid, n = f"{base}-{n}", n + 1
    return tid


def save_theme(codebook: CodingCodebook, theme_id: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """Add a theme (``theme_id`` None) or change one; the whole codebook is checked again."""
    themes = [dict(t) for t in codebook.themes or []]
    if theme_id is None:
        theme = {"id": new_theme_id(codebook, values["name"])}
        themes.append(theme)
    else:
        theme = next((t for t in themes if t["id"] == theme_id), None)
        if theme is None:
            raise CodebookError("This theme is no longer in the codebook")
    theme.update(values)
    checked = check_codebook({"name": codebook.name, "themes": themes})
    codebook.themes = checked["themes"]
    return next(t for t in checked["themes"] if t["id"] == theme["id"])


def theme_in_use(codebook: CodingCodebook, theme_id: str) -> bool:
    questions = select(CodingSetup.question_id).where(CodingSetup.codebook_id == codebook.id)
    used = exists().where(CodingCode.question_id.in_(questions), CodingCode.theme == theme_id)
    return bool(db.session.scalar(select(used)))


def delete_theme(codebook: CodingCodebook, theme_id: str) -> None:
    if theme_in_use(codebook, theme_id):
        raise CodebookError("Answers are coded with this theme, so it cannot be deleted")
    if any(t.get("parent") == theme_id for t in codebook.themes or []):
        raise CodebookError("This theme has narrower themes. Move or delete them first")
    codebook.themes = [t for t in codebook.themes or [] if t["id"] != theme_id]


def keep_themes(codebook: CodingCodebook, keep: set[str]) -> int:
    """Keep only the ticked themes (a kept theme whose parent goes becomes top level); return how many went."""
    before = len(codebook.themes or [])
    kept = [dict(t) for t in codebook.themes or [] if t["id"] in keep]
    for theme in kept:
        if theme.get("parent") not in keep:
            theme["parent"] = None
    codebook.themes = kept
    return before - len(kept)


def codebooks_for(consultation: Consultation) -> list[CodingCodebook]:
    query = select(CodingCodebook).where(CodingCodebook.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(CodingCodebook.id)))


def codebook_in(consultation: Consultation, codebook_id: int) -> CodingCodebook | None:
    codebook = db.session.get(CodingCodebook, codebook_id)
    return codebook if codebook is not None and codebook.consultation_id == consultation.id else None
