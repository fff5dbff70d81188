"""Web addresses and email addresses in directory records: which ones the directory will link to.

Only ``http`` and ``https`` addresses are links; anything else (``javascript:``, ``data:``, ``vbscript:``,
a bare word) would run or show something other than a web page when a parent follows it. Imports leave
such values out and say so in the summary; the service page and the API skip any stored before the check.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_address(value: str | None) -> bool:
    if not value:
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def is_email_address(value: str | None) -> bool:
    if not value:
        return False
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def web_address(value: str | None) -> str | None:
    """The value when it is a web address the directory may link to, else None."""
    return value if is_web_address(value) else None


def email_address(value: str | None) -> str | None:
    return value if is_email_address(value) else None
