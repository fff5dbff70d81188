"""Bulk loads leave PostgreSQL fresh statistics, so its first plans after them are not made blind."""

from __future__ import annotations

from sqlalchemy import event

from portal import demo
from portal.core.extensions import db, refresh_planner_statistics


def _statements(action) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, *_args) -> None:  # noqa: ARG001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def _on_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def test_the_demonstration_data_is_analysed_once_loaded(app_ctx, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_PARTS", ())
    seen = _statements(lambda: list(demo.load_demo_data()))
    assert [s for s in seen if s.startswith("ANALYZE")] == (["ANALYZE"] if _on_postgresql() else [])


def test_only_the_named_tables_are_analysed(app_ctx):
    seen = _statements(lambda: refresh_planner_statistics("service", "search_term"))
    assert [s for s in seen if s.startswith("ANALYZE")] == (
        ["ANALYZE service, search_term"] if _on_postgresql() else []
    )
