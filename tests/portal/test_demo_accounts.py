"""Demonstration staff accounts: made once per database in development only, one per role, printed once."""

from __future__ import annotations

from portal.auth.demo import create_demo_accounts, demo_email, describe, staff_count
from portal.auth.services import authenticate
from portal.core.access import Role
from portal.core.config import DevelopmentConfig, ProductionConfig, TestingConfig


def test_only_the_development_configuration_makes_them():
    assert DevelopmentConfig.DEMO_ACCOUNTS is True
    assert ProductionConfig.DEMO_ACCOUNTS is False and TestingConfig.DEMO_ACCOUNTS is False


def test_not_made_when_the_configuration_says_no(app_ctx):
    assert create_demo_accounts() is None
    assert staff_count() == 0 and describe(None) == []


def test_one_per_role_with_a_password_for_this_database(app_ctx, monkeypatch, make_staff):
    monkeypatch.setitem(app_ctx.config, "DEMO_ACCOUNTS", True)
    made = create_demo_accounts()
    assert made.emails == [demo_email(role) for role in Role] and len(made.emails) == len(Role)
    user = authenticate(demo_email(Role.SAFEGUARDING_LEAD), made.password)
    assert user.roles == {Role.SAFEGUARDING_LEAD}
    printed = "\n".join(describe(made))
    assert made.password in printed and "demo.admin@example.gov.uk" in printed
    assert create_demo_accounts() is None  # never twice
    assert "already exist" in describe(None)[0]


def test_not_made_when_there_are_staff_accounts(app_ctx, monkeypatch, make_staff):
    monkeypatch.setitem(app_ctx.config, "DEMO_ACCOUNTS", True)
    make_staff(Role.ADMIN)
    assert create_demo_accounts() is None and staff_count() == 1


def test_two_databases_get_different_passwords(app_ctx, monkeypatch):
    from portal.auth.accounts import generate_password

    assert generate_password() != generate_password()
