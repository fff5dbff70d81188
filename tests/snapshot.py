"""Every row of every table: read back to show a command changed nothing, or kept to copy data into later tests."""

from __future__ import annotations

from sqlalchemy import Integer, select, text

from portal.core.extensions import db

Snapshot = dict[str, list[dict]]


def database_rows() -> dict[str, list[str]]:
    """Each table's rows as text, sorted, read afresh from the database."""
    db.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }


def take_snapshot() -> Snapshot:
    """Each table's rows as column values, in primary-key order, to put back with ``restore_snapshot``."""
    with db.engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table).order_by(*table.primary_key))]
            for table in db.metadata.sorted_tables
        }


def restore_snapshot(snapshot: Snapshot) -> None:
    """Bulk-insert a snapshot into empty tables, parents first; PostgreSQL's id sequences carry on after it.

    Search documents go through the same triggers (SQLite FTS5) or generated columns (PostgreSQL
    tsvector) as any other insert, so the search index is rebuilt with them.
    """
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if snapshot[table.name]:
                connection.execute(table.insert(), snapshot[table.name])
        if connection.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                for column in _serial_columns(table):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                            f"coalesce(max({column}), 0) + 1, false) FROM {table.name}"
                        )
                    )


def _serial_columns(table) -> list[str]:
    return [
        column.name
        for column in table.primary_key.columns
        if isinstance(column.type, Integer) and column.autoincrement in (True, "auto") and len(table.primary_key) == 1
    ]
