from __future__ import annotations

import pytest

from portal.auth.passwords import password_problem
from portal.core.access import Role

SIGN_IN_FROM_STAFF_HOME = "/staff/sign-in?next=/staff/?"  # next= keeps the path it was asked for


@pytest.mark.parametrize(
    "password,ok",
    [
        ("short", False),
        ("password1234", False),
        ("Qwertyuiop123!", False),
        ("aaaaaaaaaaaaaa", False),
        ("correct horse battery staple", True),
        ("Tea-at-4-in-Kenilworth", True),
    ],
)
def test_password_rules(password, ok):
    assert (password_problem(password) is None) is ok


def test_staff_pages_need_sign_in(client_request):
    client_request.get("auth_staff.staff_home", _expected_redirect=SIGN_IN_FROM_STAFF_HOME)


def test_sign_in_and_out(client_request, make_staff):
    make_staff(Role.DIRECTORY_EDITOR, email="ed@example.gov.uk")
    page = client_request.post(
        "auth_staff.sign_in", {"email": "ed@example.gov.uk", "password": "wrong password here"}, _expected_status=200
    )
    assert "Enter a correct email address and password" in page.text
    client_request.post(
        "auth_staff.sign_in", {"email": "ED@example.gov.uk", "password": "correct horse battery staple"}
    )
    page = client_request.get("auth_staff.staff_home")
    assert "Directory" in page.text
    client_request.post("auth_staff.sign_out")
    client_request.get("auth_staff.staff_home", _expected_redirect=SIGN_IN_FROM_STAFF_HOME)


def test_role_is_enforced(client_request, sign_in):
    sign_in(Role.CONSULTATION_LEAD)
    client_request.get("local_offer_staff.editor_home", _expected_status=403)


def test_admin_holds_every_role(client_request, sign_in):
    sign_in(Role.ADMIN)
    client_request.get("local_offer_staff.editor_home")


def test_sign_in_redirect_stays_on_site(client_request, make_staff):
    user = make_staff(Role.ADMIN)
    client_request.post(
        "auth_staff.sign_in",
        {"email": user.email, "password": "correct horse battery staple"},
        next="https://evil.example/",
        _expected_redirect="auth_staff.staff_home",
    )


def test_failed_sign_in_is_audited_without_password(client_request, make_staff):
    from portal.core.audit import AuditEvent
    from portal.core.extensions import db

    user = make_staff(Role.ADMIN)
    data = {"email": user.email, "password": "not the password at all"}
    client_request.post("auth_staff.sign_in", data, _expected_status=200)
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed")).one()
    assert "not the password" not in str(event.detail)


def test_users_create_command(app_ctx):
    from portal.auth.services import find_by_email

    runner = app_ctx.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "lead@example.gov.uk",
            "--name",
            "Lead",
            "--role",
            "consultation_lead",
            "--password",
            "a long enough passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    assert find_by_email("lead@example.gov.uk").roles == {Role.CONSULTATION_LEAD}
    result = runner.invoke(
        args=["users", "create", "--email", "x@example.gov.uk", "--name", "X", "--role", "admin", "--password", "short"]
    )
    assert result.exit_code != 0 and "12 characters" in result.output


@pytest.fixture()
def scrypt_calls(monkeypatch):
    """Each password hash worked out (werkzeug hashes with hashlib.scrypt), with its cost settings."""
    import hashlib

    calls = []
    real = hashlib.scrypt

    def counted(password, **settings):
        calls.append({key: value for key, value in settings.items() if key != "salt"})
        return real(password, **settings)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    return calls


def test_sign_in_does_the_same_work_whether_or_not_the_account_exists(app_ctx, make_staff, scrypt_calls):
    """Probe finding 10: an unknown email answered without hashing, 14 ms against 124 ms."""
    from portal.auth.services import authenticate, deactivate

    user = make_staff(Role.ADMIN)
    scrypt_calls.clear()
    assert authenticate(user.email, "not the right password at all") is None
    known = list(scrypt_calls)
    scrypt_calls.clear()
    assert authenticate("nobody@example.gov.uk", "not the right password at all") is None
    assert scrypt_calls == known and len(known) == 1
    deactivate(user)
    scrypt_calls.clear()
    assert authenticate(user.email, "correct horse battery staple") is None
    assert scrypt_calls == known
