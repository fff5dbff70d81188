"""Staff accounts for administrators: list, create, change roles, deactivate, reactivate, reset a password."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from portal.admin.blueprints import staff_bp
from portal.admin.users_forms import ConfirmForm, NewAccountForm, RolesForm
from portal.auth import accounts
from portal.auth.services import AccountError, create_staff_user
from portal.core.access import Role, staff_required
from portal.core.lookups import found_or_404


def _password_page(user, password: str):
    """The only time the password is shown; never cached, never in a flashed message or a URL."""
    response = make_response(render_template("admin/users/password.html", account=user, password=password))
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_bp.route("/users")
@staff_required(Role.ADMIN)
def users_page():
    return render_template("admin/users/list.html", accounts=accounts.list_staff())


@staff_bp.route("/users/new", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def new_user():
    form = NewAccountForm()
    if form.validate_on_submit():
        password = accounts.generate_password()
        try:
            user = create_staff_user(form.email.data, form.name.data, password, form.roles.data)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            return _password_page(user, password)
    return render_template("admin/users/new.html", form=form)


@staff_bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def user_page(user_id: int):
    user = found_or_404(accounts.find_account(user_id))
    form = RolesForm()
    if not form.is_submitted():
        form.roles.data = sorted(r.value for r in user.roles)
    elif form.validate():
        try:
            accounts.set_roles(user, form.roles.data)
        except AccountError as error:
            form.roles.errors.append(str(error))
        else:
            flash(f"The roles of {user.email} have been saved.")
            return redirect(url_for(".user_page", user_id=user.id))
    return render_template("admin/users/account.html", account=user, form=form)


def _confirm(user, action: str, template: str):
    """GET shows the confirmation; a confirmed POST does ``action``; a refusal is shown on the same page."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template(template, account=user, form=form)
    try:
        return action(user)
    except AccountError as error:
        form.confirmed.errors = [str(error)]
        return render_template(template, account=user, form=form)


@staff_bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def deactivate_user(user_id: int):
    def done(user):
        accounts.deactivate_account(user, acting=current_user)
        flash(f"The account for {user.email} has been deactivated. It cannot sign in and its sessions have ended.")
        return redirect(url_for(".user_page", user_id=user.id))

    return _confirm(found_or_404(accounts.find_account(user_id)), done, "admin/users/deactivate.html")


@staff_bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@staff_required(Role.ADMIN)
def reactivate_user(user_id: int):
    user = found_or_404(accounts.find_account(user_id))
    try:
        accounts.reactivate_account(user)
    except AccountError as error:
        flash(str(error))
    else:
        flash(f"The account for {user.email} has been reactivated.")
    return redirect(url_for(".user_page", user_id=user.id))


@staff_bp.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def reset_user_password(user_id: int):
    def done(user):
        return _password_page(user, accounts.reset_password(user))

    return _confirm(found_or_404(accounts.find_account(user_id)), done, "admin/users/reset.html")
