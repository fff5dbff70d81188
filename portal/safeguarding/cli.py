"""``flask safeguarding pending``: the unreviewed items for cron, without anyone's words."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.safeguarding.queries import pending

safeguarding_cli = AppGroup("safeguarding", help="The safeguarding queue of flagged free text.")


@safeguarding_cli.command("pending")
@click.option(
    "--minutes",
    type=click.IntRange(min=0),
    default=None,
    help="Exit 1 when an emergency has waited longer than this (default SAFEGUARDING_ALERT_MINUTES).",
)
def pending_command(minutes: int | None) -> None:
    """List unreviewed items (id, source, level, category, minutes waiting); exit 1 if an emergency is overdue."""
    limit = current_app.config["SAFEGUARDING_ALERT_MINUTES"] if minutes is None else minutes
    items = pending()
    for item in items:
        click.echo(f"{item.id}\t{item.source_kind}\t{item.level}\t{item.category or '-'}\t{item.minutes} min")
    overdue = [item for item in items if item.level == "emergency" and item.minutes > limit]
    click.echo(f"{len(items)} unreviewed, {len(overdue)} emergency waiting longer than {limit} minutes", err=True)
    if overdue:
        click.get_current_context().exit(1)
