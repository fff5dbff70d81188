"""The staff's "Needs attention" queue: flagged free text, each item read in context and marked reviewed or referred."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.access import Role, staff_required
from portal.core.lookups import found_or_404
from portal.core.safeguarding.context import flag_context
from portal.core.safeguarding.models import NEW
from portal.safeguarding import queries, services
from portal.safeguarding.forms import ReviewForm

bp = Blueprint("safeguarding_staff", __name__, url_prefix="/staff/safeguarding")


@bp.route("/")
@staff_required(Role.SAFEGUARDING_LEAD)
def queue():
    done = request.args.get("show") == "done"
    return render_template(
        "safeguarding/staff/queue.html",
        done=done,
        flags=queries.dealt_with() if done else queries.unreviewed(),
        unreviewed_count=queries.count_unreviewed(),
        done_count=queries.count_dealt_with(),
        minutes_waiting=queries.minutes_waiting,
    )


@bp.route("/<int:flag_id>", methods=["GET", "POST"])
@staff_required(Role.SAFEGUARDING_LEAD)
def item(flag_id: int):
    flag = found_or_404(queries.find_flag(flag_id))
    form = ReviewForm()
    if flag.status == NEW and form.validate_on_submit():
        services.record_outcome(flag, form.outcome.data, form.note.data, current_user.email)
        flash(f"The item has been marked as {flag.status_label.lower()}.")
        return redirect(url_for(".queue"))
    if request.method == "POST" and flag.status != NEW:
        return redirect(url_for(".item", flag_id=flag.id))
    return render_template(
        "safeguarding/staff/item.html",
        flag=flag,
        context=flag_context(flag),
        form=form if flag.status == NEW else None,
        minutes=queries.minutes_waiting(flag),
    )
