"""``flask users …``: list, create, change roles, deactivate, reactivate and reset the password of staff accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.core.access import Role

users_cli = AppGroup("users", help="Manage staff accounts.")

ROLE_OPTION = click.Choice([r.value for r in Role])


def _account(email: str):
    from portal.auth.accounts import NoSuchAccount, account_by_email

    try:
        return account_by_email(email)
    except NoSuchAccount as error:
        raise click.ClickException(f"There is no account for {email}") from error


def _roles(user) -> str:
    return ", ".join(sorted(r.value for r in user.roles)) or "none"


@users_cli.command("list")
def list_users() -> None:
    """List staff accounts: email, name, roles, whether active, last sign-in."""
    from portal.auth.accounts import list_staff

    accounts = list_staff()
    if not accounts:
        click.echo("There are no staff accounts.")
    for user in accounts:
        state = "active" if user.active else "deactivated"
        seen = user.last_sign_in_at.strftime("%Y-%m-%d %H:%M") if user.last_sign_in_at else "never signed in"
        click.echo(f"{user.email}\t{user.name}\t{_roles(user)}\t{state}\t{seen}")


@users_cli.command("create")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_OPTION, help="A role; repeat for more.")
@click.password_option(help="At least 12 characters; prompted for when not given.")
def create_user(email: str, name: str, roles: tuple[str, ...], password: str) -> None:
    """Create a staff account."""
    from portal.auth.services import AccountError, create_staff_user

    try:
        user = create_staff_user(email, name, password, roles)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} with roles: {_roles(user)}")


def _apply(action, *args):
    from portal.auth.services import AccountError

    try:
        return action(*args)
    except AccountError as error:
        raise click.ClickException(str(error)) from error


@users_cli.command("roles")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_OPTION, help="A role; repeat for more.")
def change_roles(email: str, roles: tuple[str, ...]) -> None:
    """Give the account exactly these roles."""
    from portal.auth.accounts import set_roles

    user = _account(email)
    _apply(set_roles, user, roles)
    click.echo(f"{user.email} now has roles: {_roles(user)}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Stop the account signing in and end its sessions."""
    from portal.auth.accounts import deactivate_account

    user = _account(email)
    _apply(deactivate_account, user)
    click.echo(f"Deactivated {user.email}: it cannot sign in and its sessions have ended.")


@users_cli.command("reactivate")
@click.argument("email")
def reactivate_user(email: str) -> None:
    """Let a deactivated account sign in again."""
    from portal.auth.accounts import reactivate_account

    user = _account(email)
    _apply(reactivate_account, user)
    click.echo(f"Reactivated {user.email}.")


@users_cli.command("reset-password")
@click.argument("email")
@click.option("--generate", is_flag=True, help="Make a random password and print it once instead of asking.")
def reset_user_password(email: str, generate: bool) -> None:
    """Set a new password (asked for, or generated) and end the account's sessions."""
    from portal.auth.accounts import reset_password

    user = _account(email)
    password = None if generate else click.prompt("New password", hide_input=True, confirmation_prompt=True)
    new_password = _apply(reset_password, user, password)
    if generate:
        click.echo(f"New password for {user.email} (shown once): {new_password}")
    else:
        click.echo(f"The password for {user.email} has been changed and its sessions have ended.")
