"""Checking the web addresses and emails of an imported record before it is saved.

A value that fails is left empty (the rest of the record is still imported) and the record gets a note
saying which field and why, for the import summary.
"""

from __future__ import annotations

from typing import Any

from local_offer.import_mapping import Bundle
from local_offer.links import is_email_address, is_web_address

SHOWN = 60  # characters of a refused value quoted in the summary
WEB_FIELDS = {"service": ("url",), "organization": ("website", "logo", "uri"), "service_area": ("uri",)}
EMAIL_FIELDS = {"service": ("email", "assurer_email"), "organization": ("email",), "contact": ("email",)}
WEB_REASON = "is not a web address starting with http:// or https://"
EMAIL_REASON = "is not an email address in the correct format, like name@example.com"


def _rows(bundle: Bundle, table: str) -> list[dict[str, Any]]:
    if table == "service":
        return [bundle.service]
    if table == "organization":
        return [bundle.organization] if bundle.organization else []
    return bundle.children.get(table) or []


def _quoted(value: str) -> str:
    return "‘" + (value if len(value) <= SHOWN else value[:SHOWN] + "…") + "’"


def _clear_failing(bundle: Bundle, fields: dict[str, tuple[str, ...]], check, reason: str) -> list[str]:
    notes = []
    for table, names in fields.items():
        for row in _rows(bundle, table):
            for name in names:
                value = row.get(name)
                if value and not check(value):
                    row[name] = None
                    owner = table.replace("_", " ")
                    notes.append(f"the {owner}'s {name} {_quoted(value)} {reason}, so it was left empty")
    return notes


def clear_bad_links(bundle: Bundle) -> list[str]:
    """Empty the record's unusable web addresses and emails; returns a note for each."""
    notes = _clear_failing(bundle, WEB_FIELDS, is_web_address, WEB_REASON)
    return notes + _clear_failing(bundle, EMAIL_FIELDS, is_email_address, EMAIL_REASON)
