"""``flask users list|create|roles|deactivate|reactivate|reset-password``."""

from __future__ import annotations

import pytest

from portal.auth.services import find_by_email
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db

PASSWORD = "correct horse battery staple"


@pytest.fixture()
def users(app_ctx):
    runner = app_ctx.test_cli_runner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(args=["users", *args], input=input)

    return run


def _create(users, email="lead@example.gov.uk", *roles):
    role_args = [arg for role in roles or ("safeguarding_lead",) for arg in ("--role", role)]
    result = users("create", "--email", email, "--name", "A Lead", *role_args, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    return result


def test_create_and_list(users):
    assert "There are no staff accounts." in users("list").output
    assert "Created lead@example.gov.uk with roles: safeguarding_lead" in _create(users).output
    listed = users("list").output
    assert "lead@example.gov.uk\tA Lead\tsafeguarding_lead\tactive\tnever signed in" in listed


def test_roles_are_replaced(users):
    _create(users)
    result = users("roles", "lead@example.gov.uk", "--role", "consultation_lead", "--role", "strategy_lead")
    assert result.exit_code == 0, result.output
    assert find_by_email("lead@example.gov.uk").roles == {Role.CONSULTATION_LEAD, Role.STRATEGY_LEAD}


def test_an_unknown_role_or_account_is_a_clear_error(users):
    assert (
        users("roles", "nobody@example.gov.uk", "--role", "admin")
        .output.strip()
        .endswith("There is no account for nobody@example.gov.uk")
    )
    assert "is not one of" in users("roles", "nobody@example.gov.uk", "--role", "wizard").output


def test_deactivate_and_reactivate(users, app_ctx):
    _create(users)
    user = find_by_email("lead@example.gov.uk")
    version = user.session_version
    result = users("deactivate", "lead@example.gov.uk")
    assert result.exit_code == 0 and "cannot sign in" in result.output
    db.session.refresh(user)
    assert not user.active and user.session_version > version
    assert users("deactivate", "lead@example.gov.uk").exit_code == 1  # already deactivated
    assert users("reactivate", "lead@example.gov.uk").exit_code == 0
    db.session.refresh(user)
    assert user.active


def test_the_last_admin_cannot_be_deactivated(users):
    _create(users, "admin@example.gov.uk", "admin")
    result = users("deactivate", "admin@example.gov.uk")
    assert result.exit_code == 1 and "only active administrator" in result.output


def test_reset_password_prompts_or_generates(users, app_ctx):
    _create(users)
    result = users("reset-password", "lead@example.gov.uk", input="another long passphrase\n" * 2)
    assert result.exit_code == 0, result.output
    assert find_by_email("lead@example.gov.uk").check_password("another long passphrase")
    assert users("reset-password", "lead@example.gov.uk", input="short\nshort\n").exit_code == 1
    generated = users("reset-password", "lead@example.gov.uk", "--generate")
    password = generated.output.rsplit(": ", 1)[1].strip()
    assert find_by_email("lead@example.gov.uk").check_password(password)
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent))]
    assert actions.count("staff.password_reset") == 2
