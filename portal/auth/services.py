"""Staff account work: creating accounts and checking sign-ins."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from portal.auth.models import StaffUser
from portal.auth.passwords import password_problem
from portal.core import audit
from portal.core.access import Role
from portal.core.audit import utcnow
from portal.core.extensions import db


class AccountError(ValueError):
    pass


def find_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def create_staff_user(email: str, name: str, password: str, roles: Iterable[Role | str]) -> StaffUser:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_by_email(email):
        raise AccountError(f"An account for {email} already exists")
    user = StaffUser(email=email.strip().lower(), name=name.strip())
    user.roles = roles
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("staff.create", "staff_user", user.id, roles=sorted(r.value for r in user.roles))
    db.session.commit()
    return user


def change_password(user: StaffUser, password: str) -> None:
    """Set a new password; every session of the account ends."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
    audit.record("staff.password_changed", "staff_user", user.id)
    db.session.commit()


def deactivate(user: StaffUser) -> None:
    """The account can no longer sign in, and its sessions end."""
    user.active = False
    user.end_sessions()
    audit.record("staff.deactivate", "staff_user", user.id)
    db.session.commit()


# A hash of a random password nobody kept, made as real ones are (same method and cost): checked against
# when there is no account, so sign-in does the same work either way.
DUMMY_HASH = (
    "scrypt:32768:8:1$bHn2K0L7xII9aDAP$"
    "e00d4a6f088fde3b2e735bb67cca6eb9b0d32ee6846c0f6839e2fb7ce361ba253932e06a8309746c1bbfe99a74a7d89f4c5357bd42fee335deb31f495fccd130"
)


def _password_matches(user: StaffUser | None, password: str) -> bool:
    """Always one hash check, so how long sign-in takes does not say whether an account exists."""
    if user is None or not user.active:
        check_password_hash(DUMMY_HASH, password)
        return False
    return user.check_password(password)


def authenticate(email: str, password: str) -> StaffUser | None:
    """Return the user when the email and password match an active account; audit failures."""
    user = find_by_email(email)
    if not _password_matches(user, password):
        audit.record("auth.sign_in_failed", "staff_user", user.id if user else None)
        db.session.commit()
        return None
    user.last_sign_in_at = utcnow()
    audit.record("auth.sign_in", "staff_user", user.id)
    db.session.commit()
    return user
