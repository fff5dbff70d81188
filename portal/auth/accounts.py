"""Managing staff accounts: listing, changing roles, deactivating, reactivating and resetting passwords.

Used by the administrators' pages (``portal/admin/users_routes.py``) and by ``flask users …``. Every change is
audited by the account's id, never its password. Deactivation and a reset end every session of the account.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import select

from portal.auth.models import StaffUser
from portal.auth.passwords import password_problem
from portal.auth.services import AccountError, deactivate, find_by_email
from portal.core import audit
from portal.core.access import Role
from portal.core.extensions import db

# Words people can read out and type: no 0/O or 1/l/I.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class NoSuchAccount(LookupError):
    pass


def generate_password(length: int = 20) -> str:
    """A random password in four groups, like ``abcd-efgh-jkmn-pqrs-tuvw`` (about 115 bits)."""
    groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(length // 4)]
    return "-".join(groups)


def list_staff() -> list[StaffUser]:
    """Every account, active first, then by email."""
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.email)))


def find_account(user_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, user_id)


def account_by_email(email: str) -> StaffUser:
    user = find_by_email(email)
    if user is None:
        raise NoSuchAccount(email)
    return user


def _other_active_admins(user: StaffUser) -> int:
    return sum(1 for other in list_staff() if other.id != user.id and other.active and Role.ADMIN in other.roles)


def set_roles(user: StaffUser, roles: Iterable[Role | str]) -> None:
    """Give the account exactly ``roles``. The last active administrator keeps the administrator role."""
    new_roles = {Role(role) for role in roles}
    if not new_roles:
        raise AccountError("Select at least one role")
    if Role.ADMIN in user.roles and Role.ADMIN not in new_roles and user.active and not _other_active_admins(user):
        raise AccountError("This is the only active administrator. Give another account the administrator role first")
    before = sorted(r.value for r in user.roles)
    user.roles = new_roles
    audit.record("staff.roles_changed", "staff_user", user.id, before=before, after=sorted(r.value for r in new_roles))
    db.session.commit()


def deactivate_account(user: StaffUser, acting: StaffUser | None = None) -> None:
    """The account can no longer sign in and its sessions end; nobody deactivates themselves or the last admin."""
    if acting is not None and acting.id == user.id:
        raise AccountError("You cannot deactivate your own account")
    if not user.active:
        raise AccountError(f"The account for {user.email} is already deactivated")
    if Role.ADMIN in user.roles and not _other_active_admins(user):
        raise AccountError("This is the only active administrator. Give another account the administrator role first")
    deactivate(user)


def reactivate_account(user: StaffUser) -> None:
    """The account can sign in again with its password (sessions from before stay ended)."""
    if user.active:
        raise AccountError(f"The account for {user.email} is already active")
    user.active = True
    audit.record("staff.reactivate", "staff_user", user.id)
    db.session.commit()


def reset_password(user: StaffUser, password: str | None = None) -> str:
    """Set ``password`` (or a generated one, returned so it can be shown once); every session of the account ends."""
    new_password = password or generate_password()
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem)
    user.set_password(new_password)
    audit.record("staff.password_reset", "staff_user", user.id, generated=password is None)
    db.session.commit()
    return new_password
