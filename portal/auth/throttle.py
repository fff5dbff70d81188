"""A limit on failed sign-ins per account, on top of the per-address limit on the sign-in page.

Someone guessing a password from many addresses passes every per-address limit, so failures are also
counted per email address (its SHA-256, not the address itself) in the rate limiter's own storage: Redis
when ``REDIS_URL`` is set, so every worker and host sees the same count. Emails with no account are
counted the same way, so the limit says nothing about which accounts exist.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from limits import RateLimitItem, parse

from portal.core.extensions import limiter

SCOPE = "sign-in-account"


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _limit() -> RateLimitItem:
    return parse(current_app.config["ACCOUNT_SIGN_IN_LIMIT"])


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True) and limiter.enabled)


def account_locked(email: str) -> bool:
    """True while the account has had too many failed sign-ins; even the right password waits."""
    return _enabled() and not limiter.limiter.test(_limit(), SCOPE, _key(email))


def count_failure(email: str) -> None:
    if _enabled():
        limiter.limiter.hit(_limit(), SCOPE, _key(email))
