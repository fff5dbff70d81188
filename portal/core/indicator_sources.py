"""Indicators the portal computes from its own data: the sources features add, and looking them up.

A computed source is a function ``(period_start, period_end) -> Computed``: the figure (None when the
period had no data, never 0) and how many records or responses it rests on. Sources are found by key:

- fixed sources a feature adds with ``add_source`` (the directory's freshness and helpfulness, the
  template surveys' measures);
- families a feature adds with ``add_family``, resolving keys by their prefix: ``survey:<question id>``
  (``consultation.indicators``) is the share of positive answers to one question.

Both go through ``portal.core.registry``; the strategy feature reads them here and knows no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Flask

from portal.core.registry import contribute, contributions


@dataclass(frozen=True)
class Computed:
    value: float | None
    count: int


@dataclass(frozen=True)
class ComputedSource:
    key: str
    title: str
    description: str
    unit: str
    direction: str
    count_label: str
    compute: Callable[[date, date], Computed]


@dataclass(frozen=True)
class SourceFamily:
    """Keys ``prefix:…``: ``resolve(key)`` gives the source (None for a key it does not know) and ``choices()``
    the keys a strategy lead can pick, with their titles."""

    prefix: str
    resolve: Callable[[str], ComputedSource | None]
    choices: Callable[[], list[tuple[str, str]]]


def add_source(app: Flask, source: ComputedSource) -> None:
    contribute(app, "indicator_sources", source)


def add_family(app: Flask, family: SourceFamily) -> None:
    contribute(app, "indicator_families", family)


def computed_source(key: str | None) -> ComputedSource | None:
    if not key:
        return None
    for source in contributions("indicator_sources"):
        if source.key == key:
            return source
    prefix = key.partition(":")[0]
    family = next((f for f in contributions("indicator_families") if f.prefix == prefix), None)
    return family.resolve(key) if family else None


def compute(key: str, start: date, end: date) -> Computed:
    source = computed_source(key)
    if source is None:
        raise KeyError(f"no computed source {key!r}")
    return source.compute(start, end)


def source_choices() -> list[tuple[str, str]]:
    """Every computed source a strategy lead can pick: the fixed ones, then each family's."""
    fixed = [(source.key, source.title) for source in contributions("indicator_sources")]
    return fixed + [choice for family in contributions("indicator_families") for choice in family.choices()]


def percentage(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)
