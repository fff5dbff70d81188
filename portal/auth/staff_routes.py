from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from portal.auth.blueprints import staff_bp
from portal.auth.forms import SignInForm
from portal.auth.services import authenticate
from portal.auth.throttle import account_locked, count_failure
from portal.core import audit
from portal.core.access import public, staff_required
from portal.core.extensions import db, limiter
from portal.core.registry import contributions

ACCOUNT_LOCKED = "There have been too many attempts to sign in to this account. Wait 15 minutes, then try again"


def _safe_next(target: str | None) -> str:
    """Only follow a ``next`` link to a path on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("auth_staff.staff_home")


@staff_bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        if account_locked(form.email.data):
            form.email.errors.append(ACCOUNT_LOCKED)
            return render_template("auth/sign_in.html", form=form), 429
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            count_failure(form.email.data)
            form.email.errors.append("Enter a correct email address and password")
        else:
            session.clear()
            login_user(user)
            now = datetime.now(UTC).timestamp()
            session["staff_started"] = session["staff_seen"] = now
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@staff_bp.route("/sign-out", methods=["POST"])
@staff_required()
def sign_out():
    audit.record("auth.sign_out", "staff_user", current_user.id)
    current_user.end_sessions()  # a copy of this session's cookie stops working too
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("main_public.home"))


@staff_bp.route("/")
@staff_required()
def staff_home():
    return render_template("auth/staff_home.html", tools=contributions("staff_tools"))
