"""Every row of every table, for tests that show a command changed nothing."""

from __future__ import annotations

from sqlalchemy import select

from portal.core.extensions import db


def database_rows() -> dict[str, list[str]]:
    """Each table's rows as text, sorted, read afresh from the database."""
    db.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }
