"""Finding the record a page is about, or the 404 page.

``NotFound`` is an ``HTTPException``, so the one handler in ``portal.core.errors`` turns it into the 404 page,
or a JSON 404 under /api/; ``description`` is the message a JSON 404 gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from werkzeug.exceptions import NotFound

from portal.core.extensions import db

T = TypeVar("T")


def found_or_404(value: T | None, description: str | None = None) -> T:
    """The value a lookup found; none found is a 404."""
    if value is None:
        raise NotFound(description)
    return value


def get_or_404(model: type[T], record_id: Any, *, where: Callable[[T], bool] | None = None,
               description: str | None = None) -> T:  # fmt: skip
    """The record with this primary key, if it passes ``where`` (say, it belongs to this consultation)."""
    record = db.session.get(model, record_id)
    if record is None or (where is not None and not where(record)):
        raise NotFound(description)
    return record
