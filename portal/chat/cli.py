"""``flask chat evaluate``, ``flask chat purge-logs`` and ``flask chat seed-knowledge``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

chat_cli = AppGroup("chat", help="The front-door chat helper.")


@chat_cli.command("evaluate")
@click.option("--seed", default=42, show_default=True, help="Random seed for the held-out split.")
def evaluate(seed: int) -> None:
    """Print how well the helper understands people, on the held-out labelled data."""
    from nlp.evaluate import evaluate_chat_nlp, format_report

    click.echo(format_report(evaluate_chat_nlp(seed=seed)))


@chat_cli.command("purge-logs")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Delete entries older than this many days (default: CHAT_LOG_RETENTION_DAYS).",
)
def purge_logs(days: int | None) -> None:
    """Delete chat log entries older than the retention period."""
    from portal.chat.logs import purge_older_than
    from portal.core.extensions import db

    days = current_app.config["CHAT_LOG_RETENTION_DAYS"] if days is None else days
    deleted = purge_older_than(days)
    db.session.commit()
    click.echo(f"Deleted {deleted} chat log {'entry' if deleted == 1 else 'entries'} older than {days} days.")


@chat_cli.command("seed-knowledge")
@click.option("--replace", is_flag=True, help="Overwrite entries staff have edited with the shipped text.")
def seed_knowledge(replace: bool) -> None:
    """Add the shipped knowledge-base entries that are missing."""
    from portal.chat.knowledge import seed_knowledge_base
    from portal.core.extensions import db

    created, updated = seed_knowledge_base(replace=replace)
    db.session.commit()
    click.echo(f"Knowledge base: {created} created, {updated} replaced.")
