"""``flask consultation …``: list, import-responses and export."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from consultation import queries
from portal.core import audit
from portal.core.cli_options import by_phases, dry_run_option, end_dry_run, progress_bar, progress_option
from portal.core.extensions import db

consultation_cli = AppGroup("consultation", help="Work with consultations and surveys.")


def _consultation(slug: str):
    consultation = queries.consultation_by_slug(slug)
    if consultation is None:
        raise click.ClickException(f"There is no consultation or survey with the web address ‘{slug}’.")
    return consultation


@consultation_cli.command("list")
def list_command() -> None:
    """Print each consultation's slug, status and number of responses."""
    counts = queries.response_counts()
    for consultation in queries.all_consultations():
        click.echo(f"{consultation.slug}\t{consultation.status()}\t{counts.get(consultation.id, 0)}")


def _mapping(headers: list[str], consultation, maps: tuple[str, ...]) -> dict[int, str]:
    from consultation.importer import suggest_mapping

    mapping = dict(enumerate(suggest_mapping(headers, consultation)))
    for item in maps:
        column, separator, target = item.rpartition("=")
        if not separator or column not in headers:
            raise click.ClickException(f"--map ‘{item}’ must be COLUMN=TARGET, with COLUMN a header in the file.")
        target = target.strip()
        mapping[headers.index(column)] = f"q{target}" if target.isdigit() else target
    return mapping


@consultation_cli.command("import-responses")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "maps",
    multiple=True,
    help="COLUMN=TARGET, where TARGET is a question id (12 or q12), q12_other, respondent_type, date or ignore. "
    "Columns not named are matched to questions by their headers.",
)
@click.option("--source", type=click.Choice(["paper", "email"]), default="paper", show_default=True)
@dry_run_option
@progress_option
def import_command(
    slug: str, path: Path, maps: tuple[str, ...], source: str, dry_run: bool, progress: bool | None
) -> None:
    """Import paper or email responses from a CSV or XLSX file: all rows or none (with --dry-run, none)."""
    from consultation.import_files import ImportFileError, read_table
    from consultation.importer import import_table

    consultation = _consultation(slug)
    try:
        table = read_table(path.name, path.read_bytes())
    except ImportFileError as error:
        raise click.ClickException(str(error)) from error
    for note in table.notes:
        click.echo(f"Note: {note}.")
    mapping = _mapping(table.headers, consultation, maps)
    for index, header in enumerate(table.headers):
        click.echo(f"  {header} -> {mapping[index]}")
    label = f"Checking and saving {len(table.rows):,} rows"
    with progress_bar(2 * len(table.rows), label, progress) as advance:
        result = import_table(consultation, table, mapping, source, by_phases(advance))
    if not result.ok:
        db.session.rollback()
        for error in result.errors:
            click.echo(error, err=True)
        raise click.ClickException(f"Nothing was imported: {len(result.errors):,} problems.")
    if dry_run:
        click.echo(f"Would import {result.saved:,} responses into {consultation.slug}.")
        end_dry_run()
        return
    audit.record(
        "consultation.import",
        "consultation",
        consultation.id,
        rows=result.saved,
        source=source,
        file_type=path.suffix.lower().lstrip("."),  # a file's name can hold a person's name
    )
    db.session.commit()
    click.echo(f"Imported {result.saved:,} responses into {consultation.slug}.")
    from consultation.flagging import check_imported

    flagged = check_imported(result.response_ids)
    if flagged:
        click.echo(f"{flagged:,} written answers were flagged for the safeguarding lead's Needs attention queue.")


@consultation_cli.command("export")
@click.argument("slug")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--free-text-checked", is_flag=True, help="Free text has been checked for personal details.")
def export_command(slug: str, path: Path, free_text_checked: bool) -> None:
    """Export every response as CSV or XLSX (chosen by the file's extension)."""
    from consultation import exporter

    consultation = _consultation(slug)
    file_format = path.suffix.lower().lstrip(".")
    if file_format not in ("csv", "xlsx"):
        raise click.ClickException("PATH must end in .csv or .xlsx.")
    with path.open("wb") as stream:
        count, free_text = exporter.export_responses(consultation, stream, file_format, free_text_checked)
    click.echo(f"Exported {count:,} responses to {path} (free text: {free_text}).")
