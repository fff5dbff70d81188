"""The portal's vocabularies: need categories, service categories, areas and synonyms.

They are data files a council can edit. ``SEND_VOCAB_DIR`` points at a folder holding
replacements for any of them; files missing there fall back to the shipped ones.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SHIPPED_DIR = Path(__file__).parent / "data"


def data_path(name: str) -> Path:
    override = os.environ.get("SEND_VOCAB_DIR")
    if override and (Path(override) / name).exists():
        return Path(override) / name
    return SHIPPED_DIR / name


@dataclass(frozen=True)
class NeedCategory:
    code: str
    label: str
    description: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ServiceCategory:
    id: str
    label: str
    group: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class District:
    code: str
    name: str
    towns: tuple[str, ...]
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _load_json(name: str):
    with data_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def need_categories() -> tuple[NeedCategory, ...]:
    return tuple(
        NeedCategory(item["code"], item["label"], item.get("description", ""), tuple(item.get("aliases", ())))
        for item in _load_json("needs.json")
    )


@lru_cache(maxsize=1)
def service_categories() -> tuple[ServiceCategory, ...]:
    return tuple(
        ServiceCategory(item["id"], item["label"], item.get("group", "general"), tuple(item.get("aliases", ())))
        for item in _load_json("service_categories.json")
    )


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    data = _load_json("gazetteer.json")
    return tuple(
        District(item["code"], item["name"], tuple(item.get("towns", ())), tuple(item.get("aliases", ())))
        for item in data["districts"]
    )


@lru_cache(maxsize=1)
def gazetteer_name() -> str:
    """The area the gazetteer covers, without any note in brackets ('Warwickshire')."""
    return _load_json("gazetteer.json").get("name", "the area").split(" (")[0]


def need_label(code: str) -> str:
    return next((need.label for need in need_categories() if need.code == code), code)


def service_category_label(category_id: str) -> str:
    return next((cat.label for cat in service_categories() if cat.id == category_id), category_id)


def district_name(code: str) -> str:
    return next((d.name for d in districts() if d.code == code), code)


_SYNONYM_LINE = re.compile(r"^\s*([^=#]+?)\s*=\s*(.+?)\s*$")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Map a lower-case term to the phrases it stands for (``asd`` -> ``("autism",)``)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in data_path("synonyms.txt").read_text(encoding="utf-8").splitlines():
        match = _SYNONYM_LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        term = match.group(1).lower()
        expansions = tuple(part.strip().lower() for part in match.group(2).split("|") if part.strip())
        table[term] = table.get(term, ()) + expansions
    return table


def clear_caches() -> None:
    """Forget loaded vocabularies, for tests and after a council edits a file."""
    for loader in (need_categories, service_categories, districts, synonyms, gazetteer_name):
        loader.cache_clear()
