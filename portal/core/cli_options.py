"""Options the long-running commands share: ``--dry-run`` and ``--progress``.

A dry run does all the work, checks included, inside the command's transaction, prints what it would have done
and then rolls back, so nothing is saved, audited or kept. A progress bar is drawn only when the output is a
terminal, or when ``--progress`` asks for one, so that tests and cron mail stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from portal.core.extensions import db

DRY_RUN_NOTE = "Dry run: nothing was changed (everything was checked, then rolled back)."

dry_run_option = click.option(
    "--dry-run",
    is_flag=True,
    help="Do everything, checks included, and print what would change; then roll back so nothing is saved.",
)

progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar. By default one is shown only when the output is a terminal.",
)


def end_dry_run() -> None:
    """Roll back everything the command did and say so."""
    db.session.rollback()
    click.echo(DRY_RUN_NOTE)


def wanted(progress: bool | None) -> bool:
    """Whether to draw a bar: as asked, or when standard output is a terminal."""
    if progress is not None:
        return progress
    return sys.stdout.isatty()


@contextmanager
def progress_bar(length: int, label: str, progress: bool | None) -> Iterator[Callable[[int], None]]:
    """A function that moves the bar on by some steps; it does nothing when no bar is wanted."""
    if not wanted(progress):
        yield lambda steps: None
        return
    with click.progressbar(length=length, label=label) as bar:
        yield bar.update


def by_phases(advance: Callable[[int], None]) -> Callable[[int, int, str], None]:
    """Adapts ``advance`` to ``progress(done, total, message)`` callbacks, one phase after another.

    Each new message starts a phase after the last one's total, so checking then saving fills one bar.
    """
    state = {"offset": 0, "total": 0, "reached": 0}
    messages: list[str] = []

    def report(done: int, total: int, message: str) -> None:
        if message not in messages:
            messages.append(message)
            state["offset"] += state["total"]
        state["total"] = total
        position = state["offset"] + done
        if position > state["reached"]:
            advance(position - state["reached"])
            state["reached"] = position

    return report
