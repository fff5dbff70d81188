"""The help a confirmation page shows after someone's words were flagged.

The level and category (never the words) wait in the session under the page's own key, so the
confirmation page shows the help again if the person reloads it. The young person's survey
gets the easy-read lines; every other page gets the ``help_for`` panel, 999 first at emergency.
"""

from __future__ import annotations

from flask import session

from portal.core.safeguarding.flags import Risk
from portal.core.safeguarding.help import YOUNG_PERSON_LINES, help_for

HELD = "safeguarding_help"


def remember(key: str, risk: Risk | None) -> None:
    """Keep (or, with no risk, forget) the help for the confirmation page called ``key``."""
    held = dict(session.get(HELD, {}))
    if risk is None:
        held.pop(key, None)
    else:
        held[key] = {"level": risk.level, "category": risk.category}
    session[HELD] = held


def remembered(key: str) -> Risk | None:
    found = session.get(HELD, {}).get(key)
    return Risk(found["level"], found.get("category")) if found else None


def help_view(risk: Risk | None, easy_read: bool = False) -> dict | None:
    """What the help partial draws: the easy-read lines, or a title, lead, contacts and searches."""
    if risk is None:
        return None
    if easy_read:
        return {"easy_read": True, "level": risk.level, "lines": YOUNG_PERSON_LINES}
    shown = help_for(risk.level, risk.category)
    return {
        "easy_read": False,
        "level": risk.level,
        "title": shown.title,
        "lead": shown.lead,
        "contacts": shown.contacts,
        "searches": shown.searches,
    }
