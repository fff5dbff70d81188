"""Command-line tools: ``flask users …`` (in ``portal/auth/cli.py``) and ``flask demo-data``."""

from __future__ import annotations

import click
from flask import Flask

from portal.auth.cli import users_cli


@click.command("demo-data")
def demo_data() -> None:
    """Load demonstration data into an empty database."""
    from portal.demo import load_demo_data

    for line in load_demo_data():
        click.echo(line)


def init_app(app: Flask) -> None:
    from portal.core import retention

    app.cli.add_command(users_cli)
    retention.init_app(app)
    app.cli.add_command(demo_data)
