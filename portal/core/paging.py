"""Pages of a long list: the page type, reading the page number, one page of a query, and page links.

``paginate`` counts and fetches itself rather than using Flask-SQLAlchemy's ``db.paginate``: staff lists
keep an out-of-range page number within the pages there are (``db.paginate`` gives an empty page), and some
lists are rows of columns, not one entity a row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import urlencode

from sqlalchemy import Select, func, select

from portal.core.extensions import db
from portal.core.numbers import whole_number

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


class Paged(Protocol):
    page: int

    @property
    def pages(self) -> int: ...


def page_number(value: str | None, high: int | None = None) -> int:
    """The page a query string or form asks for; 1 when it is absent or not a whole number from 1 to ``high``."""
    return whole_number(value, 1, high) or 1


def paginate(statement: Select, page: int, per_page: int, *, clamp: bool = True, rows: bool = False) -> Page:
    """One page of the statement's results. ``clamp`` keeps the page number within the pages there are;
    ``rows`` gives each result row as a tuple of its columns rather than its first column."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    if clamp:
        page = min(max(1, page), max(1, math.ceil(total / per_page)))
    limited = statement.limit(per_page).offset((page - 1) * per_page)
    items: list[Any] = (
        [tuple(row) for row in db.session.execute(limited)] if rows else list(db.session.scalars(limited))
    )
    return Page(items, total, page, per_page)


def query_href(base: str, params: Iterable[tuple[str, str]]) -> Callable[[int], str]:
    """Links to the pages of ``base``, keeping its other query parameters (any old page number goes)."""
    kept = [(key, value) for key, value in params if key != "page"]
    return lambda number: base + "?" + urlencode([*kept, ("page", str(number))])


def page_links(paged: Paged, href: Callable[[int], str], *, numbered: bool = True) -> dict | None:
    """Parameters for the GOV.UK pagination component, or None for a single page: previous and next, and
    (``numbered``) the pages up to two either side of this one."""
    if paged.pages <= 1:
        return None
    params: dict = {}
    if numbered:
        window = range(max(1, paged.page - 2), min(paged.pages, paged.page + 2) + 1)
        params["items"] = [{"number": n, "href": href(n), "current": n == paged.page} for n in window]
    if paged.page > 1:
        params["previous"] = {"href": href(paged.page - 1)}
    if paged.page < paged.pages:
        params["next"] = {"href": href(paged.page + 1)}
    return params
