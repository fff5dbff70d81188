"""Migration 0010 goes down to 0009 and up again, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from portal.core.config import database_url
from portal.core.extensions import db
from tests.dbsetup import migrated_app


def _uri(tmp_path: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return database_url(url) if url else f"sqlite:///{tmp_path / 'migrate.db'}"


def _shape() -> tuple[set[str], set[str]]:
    inspector = inspect(db.engine)
    return set(inspector.get_table_names()), {c["name"] for c in inspector.get_columns("page_feedback")}


def test_0010_downgrades_and_upgrades(tmp_path):
    with migrated_app(_uri(tmp_path), label="migrate"):
        tables, columns = _shape()
        assert {"service_change", "directory_upload"} <= tables and {"done_at", "done_by"} <= columns
        downgrade(revision="0009")
        tables, columns = _shape()
        assert not {"service_change", "directory_upload"} & tables and not {"done_at", "done_by"} & columns
        upgrade()
        tables, columns = _shape()
        assert {"service_change", "directory_upload"} <= tables and {"done_at", "done_by"} <= columns
