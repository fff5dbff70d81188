"""``flask local-offer …`` commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.core.cli_options import dry_run_option, end_dry_run, progress_bar, progress_option
from portal.core.extensions import db, refresh_planner_statistics

local_offer_cli = AppGroup("local-offer", help="Work with the Local Offer directory.")


@local_offer_cli.command("rebuild-index")
def rebuild_index_command() -> None:
    """Rebuild the search index and spelling vocabulary from the services."""
    from local_offer.search import rebuild_index

    count = rebuild_index()
    db.session.commit()
    refresh_planner_statistics("search_document", "search_term")
    db.session.commit()
    click.echo(f"Indexed {count} services.")


@local_offer_cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@dry_run_option
@progress_option
def import_command(path: Path, dry_run: bool, progress: bool | None) -> None:
    """Import services from Open Referral UK 3.0 JSON, ORUK 1.0 list JSON or CSV (see local_offer.importer).

    Records are matched by id: new ones are created, changed ones updated. Nothing is saved
    unless the whole file is saved; with --dry-run nothing is saved at all.
    """
    from local_offer.importer import ImportFileError, import_records, read_file

    try:
        found = read_file(path)
    except ImportFileError as error:
        raise click.ClickException(f"{path} was not imported: {error} Nothing was changed.") from None
    records, fmt = found.records, found.format
    with progress_bar(len(records), f"Importing {len(records)} records ({fmt})", progress) as advance:
        summary = import_records(records, fmt, progress=advance, commit=not dry_run)
    summary.notes[:0] = found.notes
    for line in summary.lines():
        click.echo(line)
    if dry_run:
        end_dry_run()


@local_offer_cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["oruk", "csv"]),
    default="oruk",
    show_default=True,
    help="oruk: Open Referral UK 3.0 JSON; csv: the columns the importer reads.",
)
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(fmt: str, path: Path) -> None:
    """Export every service in the directory (archived services are left out)."""
    from local_offer.exporter import export_file

    count = export_file(path, fmt)
    click.echo(f"Exported {count} services to {path} ({fmt}).")
