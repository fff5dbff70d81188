"""Demonstration data for a new portal: ``flask demo-data`` and ``make run`` load it.

Each feature package owns its part as a generator function that adds what is missing (so running
again is safe) and yields progress lines. Later parts (consultations, strategy indicators) are added
to ``DEMO_PARTS``; they are imported only when loaded, so the portal does not depend on them at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module

from portal.core.extensions import db, refresh_planner_statistics

# (what it is, "module:function") in the order they load; later parts may rely on earlier ones.
DEMO_PARTS: tuple[tuple[str, str], ...] = (
    ("the directory", "local_offer.demo:load_directory"),
    ("consultations and surveys", "consultation.demo:load_consultation_demo"),
    ("the yearly surveys' answers", "consultation.surveys.demo:load_survey_demo"),
    ("strategy indicators", "portal.strategy.demo:load_indicator_demo"),
)


def _loader(target: str) -> Callable[[], Iterator[str]]:
    module_name, _, function_name = target.partition(":")
    return getattr(import_module(module_name), function_name)


def load_demo_data() -> Iterator[str]:
    """Load every part of the demonstration data, committing after each; yields progress lines."""
    yield "Loading demonstration data (fictional services and people, for trying the portal out)."
    for label, target in DEMO_PARTS:
        yield f"Loading {label}…"
        try:
            yield from _loader(target)()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    refresh_planner_statistics()
    db.session.commit()
    yield "Demonstration data loaded."
