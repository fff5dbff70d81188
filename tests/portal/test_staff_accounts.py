"""Staff accounts on the administrators' pages: list, create, roles, deactivate, reactivate, reset a password."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import g, url_for

from portal.auth.services import find_by_email
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db

PASSWORD = "correct horse battery staple"


def _actions() -> list[str]:
    return [event.action for event in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


class _Fresh:
    """A client whose requests do not reuse the signed-in user Flask-Login keeps on ``g``: the tests' app context is
    shared by every request, so without this a second client would be taken for the first."""

    def __init__(self, client) -> None:
        self.client = client

    def __getattr__(self, method: str):
        def call(*args, **kwargs):
            g.pop("_login_user", None)
            try:
                return getattr(self.client, method)(*args, **kwargs)
            finally:
                g.pop("_login_user", None)

        return call


def _signed_in_copy(app, email: str, password: str = PASSWORD):
    other = _Fresh(app.test_client())
    assert other.post("/staff/sign-in", data={"email": email, "password": password}).status_code == 302
    assert other.get("/staff/").status_code == 200
    return other


def test_the_list_shows_every_account_with_its_roles_and_status(client_request, sign_in, make_staff):
    sign_in(Role.ADMIN)
    make_staff(Role.SAFEGUARDING_LEAD, email="lead@example.gov.uk")
    page = client_request.get("admin_staff.users_page")
    table = page.select_one("#staff-accounts").text
    assert "lead@example.gov.uk" in table and "Safeguarding lead" in table and "Active" in table


def test_staff_home_offers_accounts_only_to_admins(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    assert "Staff accounts" not in str(client_request.get("auth_staff.staff_home"))
    client_request.get("admin_staff.users_page", _expected_status=403)


def test_creating_an_account_shows_its_password_once_and_it_signs_in(client_request, sign_in, app_ctx):
    sign_in(Role.ADMIN)
    data = {"email": "New.Person@example.gov.uk", "name": "New Person", "roles": ["safeguarding_lead"]}
    response = client_request.client.post(url_for("admin_staff.new_user"), data=data)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("#new-password").text
    user = find_by_email("new.person@example.gov.uk")
    assert user.roles == {Role.SAFEGUARDING_LEAD}
    assert "staff.create" in _actions()
    _signed_in_copy(app_ctx, "new.person@example.gov.uk", password)


def test_creating_an_account_with_errors_shows_the_error_summary(client_request, sign_in):
    sign_in(Role.ADMIN)
    page = client_request.post("admin_staff.new_user", {"email": "not an email", "name": ""}, _expected_status=200)
    summary = page.select_one(".govuk-error-summary").text
    assert "Enter an email address in the correct format" in summary
    assert "Enter their full name" in summary and "Select at least one role" in summary
    assert page.title.text.startswith("Error:")


def test_an_existing_email_is_refused(client_request, sign_in, make_staff):
    sign_in(Role.ADMIN)
    make_staff(Role.STRATEGY_LEAD, email="taken@example.gov.uk")
    data = {"email": "taken@example.gov.uk", "name": "Someone", "roles": ["admin"]}
    page = client_request.post("admin_staff.new_user", data, _expected_status=200)
    assert "An account for taken@example.gov.uk already exists" in page.select_one(".govuk-error-summary").text


def test_changing_roles_is_saved_and_audited(client_request, sign_in, make_staff):
    sign_in(Role.ADMIN)
    user = make_staff(Role.DIRECTORY_EDITOR, email="ed@example.gov.uk")
    client_request.post("admin_staff.user_page", {"roles": ["consultation_lead", "safeguarding_lead"]}, user_id=user.id)
    db.session.refresh(user)
    assert user.roles == {Role.CONSULTATION_LEAD, Role.SAFEGUARDING_LEAD}
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "staff.roles_changed")).one()
    assert event.detail == {"before": ["directory_editor"], "after": ["consultation_lead", "safeguarding_lead"]}


def test_no_roles_is_an_error(client_request, sign_in, make_staff):
    sign_in(Role.ADMIN)
    user = make_staff(Role.DIRECTORY_EDITOR, email="ed@example.gov.uk")
    page = client_request.post("admin_staff.user_page", {}, user_id=user.id, _expected_status=200)
    assert "Select at least one role" in page.select_one(".govuk-error-summary").text


def test_the_last_admin_keeps_the_admin_role(client_request, sign_in):
    admin = sign_in(Role.ADMIN)
    page = client_request.post(
        "admin_staff.user_page", {"roles": ["strategy_lead"]}, user_id=admin.id, _expected_status=200
    )
    assert "only active administrator" in page.select_one(".govuk-error-summary").text


def test_deactivating_asks_first_then_ends_sessions_and_sign_in(client_request, sign_in, make_staff, app_ctx):
    sign_in(Role.ADMIN)
    user = make_staff(Role.DIRECTORY_EDITOR, email="ed@example.gov.uk")
    theirs = _signed_in_copy(app_ctx, "ed@example.gov.uk")
    page = client_request.get("admin_staff.deactivate_user", user_id=user.id)
    assert page.h1.text == "Are you sure you want to deactivate this account?"
    client_request.post("admin_staff.deactivate_user", {}, user_id=user.id, _expected_status=200)  # not confirmed
    assert find_by_email("ed@example.gov.uk").active
    client_request.post("admin_staff.deactivate_user", {"confirmed": "yes"}, user_id=user.id)
    assert not find_by_email("ed@example.gov.uk").active
    assert theirs.get("/staff/").status_code == 302  # their session has ended
    again = app_ctx.test_client().post("/staff/sign-in", data={"email": "ed@example.gov.uk", "password": PASSWORD})
    assert again.status_code == 200
    assert "staff.deactivate" in _actions()


def test_nobody_deactivates_themselves(client_request, sign_in):
    admin = sign_in(Role.ADMIN)
    page = client_request.post(
        "admin_staff.deactivate_user", {"confirmed": "yes"}, user_id=admin.id, _expected_status=200
    )
    assert "You cannot deactivate your own account" in page.select_one(".govuk-error-summary").text
    assert find_by_email(admin.email).active


def test_reactivating_lets_the_account_sign_in_again(client_request, sign_in, make_staff, app_ctx):
    sign_in(Role.ADMIN)
    user = make_staff(Role.DIRECTORY_EDITOR, email="ed@example.gov.uk")
    client_request.post("admin_staff.deactivate_user", {"confirmed": "yes"}, user_id=user.id)
    client_request.post("admin_staff.reactivate_user", {}, user_id=user.id)
    assert find_by_email("ed@example.gov.uk").active
    _signed_in_copy(app_ctx, "ed@example.gov.uk")
    assert "staff.reactivate" in _actions()


def test_reset_password_shows_a_new_one_once_and_ends_sessions(client_request, sign_in, make_staff, app_ctx):
    sign_in(Role.ADMIN)
    user = make_staff(Role.DIRECTORY_EDITOR, email="ed@example.gov.uk")
    theirs = _signed_in_copy(app_ctx, "ed@example.gov.uk")
    assert client_request.get("admin_staff.reset_user_password", user_id=user.id).h1.text.startswith("Are you sure")
    page = client_request.post(
        "admin_staff.reset_user_password", {"confirmed": "yes"}, user_id=user.id, _expected_status=200
    )
    password = page.select_one("#new-password").text
    assert theirs.get("/staff/").status_code == 302
    old = app_ctx.test_client().post("/staff/sign-in", data={"email": "ed@example.gov.uk", "password": PASSWORD})
    assert old.status_code == 200
    _signed_in_copy(app_ctx, "ed@example.gov.uk", password)
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "staff.password_reset")).one()
    assert password not in str(event.detail)


def test_an_unknown_account_is_not_found(client_request, sign_in):
    sign_in(Role.ADMIN)
    client_request.get("admin_staff.user_page", user_id=999999, _expected_status=404)
