"""Staff accounts. Parents and young people never need one.

A signed-in session names the account and its ``session_version`` (see ``get_id``). Signing out, a new
password and deactivation bump the version, so every session made before stops working, copies included.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from portal.core.access import Role
from portal.core.audit import utcnow
from portal.core.extensions import db


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles_csv: Mapped[str] = mapped_column("roles", String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def get_id(self) -> str:  # what Flask-Login keeps in the session
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 0) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def roles(self) -> set[Role]:
        return {Role(value) for value in self.roles_csv.split(",") if value}

    @roles.setter
    def roles(self, roles: Iterable[Role | str]) -> None:
        self.roles_csv = ",".join(sorted({Role(role).value for role in roles}))

    def has_any_role(self, roles: Iterable[Role]) -> bool:
        held = self.roles
        return Role.ADMIN in held or any(role in held for role in roles)

    def set_password(self, password: str) -> None:
        # scrypt is werkzeug's current default; the hash string records the method and cost
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
