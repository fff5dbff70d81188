"""One demonstration staff account per role, so someone trying the portal out can sign in at once.

Made by ``python -m portal.first_run`` (which ``make run`` calls) only when the configuration allows it
(``DEMO_ACCOUNTS``: the development configuration alone) and the database has no staff accounts at all. The
accounts share one password made at random for that database; it is printed once and kept nowhere but its hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from portal.auth.accounts import generate_password
from portal.auth.models import StaffUser
from portal.auth.services import create_staff_user
from portal.core.access import Role
from portal.core.extensions import db

DOMAIN = "example.gov.uk"


@dataclass(frozen=True)
class DemoAccounts:
    emails: list[str]
    password: str


def demo_email(role: Role) -> str:
    return f"demo.{role.value.replace('_', '.')}@{DOMAIN}"


def staff_count() -> int:
    return db.session.scalar(select(func.count()).select_from(StaffUser)) or 0


def create_demo_accounts() -> DemoAccounts | None:
    """Create the accounts when allowed and there are none; None when nothing was made."""
    if not current_app.config.get("DEMO_ACCOUNTS") or staff_count():
        return None
    password = generate_password()
    for role in Role:
        create_staff_user(demo_email(role), f"Demo {role.label.lower()}", password, [role])
    return DemoAccounts([demo_email(role) for role in Role], password)


def describe(made: DemoAccounts | None) -> list[str]:
    """What ``first_run`` prints about the accounts."""
    if made is None:
        if not current_app.config.get("DEMO_ACCOUNTS"):
            return []
        return [
            "Staff accounts already exist: no demonstration accounts made. "
            "Reset a password with: flask --app portal users reset-password EMAIL --generate"
        ]
    lines = ["Demonstration staff accounts (sign in at http://127.0.0.1:5000/staff/sign-in):"]
    lines += [f"  {email}" for email in made.emails]
    lines.append(f"Password for all of them (shown once; made for this database): {made.password}")
    return lines
