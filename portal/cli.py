"""Command-line tools: ``flask users create`` and ``flask demo-data``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from portal.access import Role

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", required=True, help="The person's full name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="A role to give; repeat for more than one.",
)
@click.password_option(help="At least 12 characters; prompted for when not given.")
def create_user(email: str, name: str, roles: tuple[str, ...], password: str) -> None:
    """Create a staff account."""
    from portal.auth.services import AccountError, create_staff_user

    try:
        user = create_staff_user(email, name, password, roles)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(r.value for r in user.roles))}")


@click.command("demo-data")
def demo_data() -> None:
    """Load demonstration data into an empty database."""
    from portal.demo import load_demo_data

    for line in load_demo_data():
        click.echo(line)


def init_app(app: Flask) -> None:
    from portal import retention

    app.cli.add_command(users_cli)
    retention.init_app(app)
    app.cli.add_command(demo_data)
