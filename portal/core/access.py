"""Every route declares who may use it.

``public`` marks a view anyone may use; ``staff_required(*roles)`` lets in signed-in staff
holding one of the roles (admins hold every role). A guard-rail test fails for any view
that declares neither, so a new staff page cannot ship open by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
ANY_STAFF = "any-staff"


class Role(StrEnum):
    ADMIN = "admin"
    DIRECTORY_EDITOR = "directory_editor"
    CONSULTATION_LEAD = "consultation_lead"
    STRATEGY_LEAD = "strategy_lead"
    SAFEGUARDING_LEAD = "safeguarding_lead"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.DIRECTORY_EDITOR: "Directory editor",
    Role.CONSULTATION_LEAD: "Consultation lead",
    Role.STRATEGY_LEAD: "Strategy lead",
    Role.SAFEGUARDING_LEAD: "Safeguarding lead",
}


def public(view: F) -> F:
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def _session_expired() -> bool:
    """Staff sessions end after 30 minutes idle and 12 hours in all."""
    now = datetime.now(UTC).timestamp()
    started = session.get("staff_started", now)
    seen = session.get("staff_seen", now)
    idle = current_app.config["STAFF_IDLE_TIMEOUT"].total_seconds()
    total = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    if now - seen > idle or now - started > total:
        return True
    session["staff_seen"] = now
    return False


def staff_required(*roles: Role) -> Callable[[F], F]:
    """Allow signed-in staff with any of ``roles``; no roles means any signed-in staff."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("auth_staff.sign_in", next=request.full_path))
            if _session_expired():
                logout_user()
                session.clear()
                flash("You were signed out because you had not used the service for 30 minutes.")
                return redirect(url_for("auth_staff.sign_in", next=request.full_path))
            if roles and not current_user.has_any_role(roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = frozenset(roles) or ANY_STAFF  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
