"""``flask indicators import PATH``: load indicator values from a CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.core.cli_options import dry_run_option, end_dry_run

indicators_cli = AppGroup("indicators", help="Strategy indicators.")


@indicators_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@dry_run_option
def import_command(path: Path, dry_run: bool) -> None:
    """Import indicator values from a CSV file (idempotent; nothing is saved if any row is wrong or with --dry-run)."""
    from portal.core import audit
    from portal.core.extensions import db
    from portal.strategy.importer import ImportRefused, import_csv

    try:
        summary = import_csv(path.read_bytes())
        if not dry_run:
            audit.record("indicators.import", "file", None, file_type="csv", **summary.counts)  # a name can be personal
            db.session.commit()
    except ImportRefused as refused:
        db.session.rollback()
        for error in refused.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(f"Nothing was imported: {len(refused.errors)} problem(s) in {path.name}.") from None
    except Exception:
        db.session.rollback()
        raise
    for line in summary.lines():
        click.echo(line)
    if dry_run:
        end_dry_run()
