"""Guard rails: every route declares who may use it, and the migrations have one head."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory

from portal.core.config import PROJECT_ROOT


def test_every_route_declares_its_access(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not endpoint.endswith(".static") and not hasattr(view, "access")
    ]
    assert undeclared == [], f"routes with no declared access: {undeclared}"


def test_staff_routes_are_not_public(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.rule.startswith("/staff/") and rule.endpoint not in {"auth_staff.sign_in"}:
            assert getattr(view, "access", None) != "public", f"{rule.rule} is a staff page marked public"


def test_migrations_have_exactly_one_head():
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"migration heads: {heads}"


def _engine_objects(entry) -> bool:
    """The full-text objects each engine keeps by hand (created in migration 0001)."""
    text = str(entry)
    return any(
        name in text
        for name in ("service_fts", "'tsv'", "'ftsv'", "ix_search_document_tsv", "ix_search_document_ftsv", "trgm")
    )


def test_models_match_migrations(app_ctx):
    """Autogenerate against the migrated database finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from portal.core.extensions import db

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diff = compare_metadata(context, db.metadata)
    assert [entry for entry in diff if not _engine_objects(entry)] == []
