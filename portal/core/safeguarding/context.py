"""How the safeguarding queue shows a flag in its context. The feature that saved the words says, through
``portal.core.registry``, how to describe the row a flag points at (``add_context``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from portal.core.registry import contribute, contributions
from portal.core.safeguarding.models import SafeguardingFlag


@dataclass
class FlagContext:
    """The flagged words and what staff need around them to act: where, when and in answer to what."""

    text: str
    details: list[tuple[str, str]] = field(default_factory=list)
    others: list[tuple[str, str]] = field(default_factory=list)  # the same person's other written answers


@dataclass(frozen=True)
class ContextSource:
    """Flags whose ``column`` (``answer_id``, ``page_feedback_id``, ``problem_report_id``) is set are described by
    ``describe(row id)``, which gives None when the row has gone."""

    column: str
    describe: Callable[[int], FlagContext | None]


def add_context(app: Flask, column: str, describe: Callable[[int], FlagContext | None]) -> None:
    contribute(app, "flag_contexts", ContextSource(column, describe))


def flag_context(flag: SafeguardingFlag) -> FlagContext | None:
    """The flagged text in its context, or None when its source has gone."""
    for source in contributions("flag_contexts"):
        row_id = getattr(flag, source.column)
        if row_id is not None:
            return source.describe(row_id)
    return None
