"""Password rules for staff: 12 or more characters and not a commonly used password."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
_COMMON_FILE = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"
_TRAILING_JUNK = re.compile(r"[\d\W_]+$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Return the GOV.UK-style error message for a password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    lowered = password.lower()
    stem = _TRAILING_JUNK.sub("", lowered)
    common = common_passwords()
    if lowered in common or stem in common or len(set(lowered)) <= 2:
        return "Password is too common. Choose a password that is harder to guess"
    return None
