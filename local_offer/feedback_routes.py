"""Directory editors' inbox of parents' feedback: open and done, with 'mark as done'."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from local_offer import inbox
from local_offer.staff_routes import PER_PAGE, _page_number, editor_bp, editor_pagination
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm


@editor_bp.route("/feedback")
@staff_required(Role.DIRECTORY_EDITOR)
def feedback_inbox():
    done = request.args.get("show") == "done"
    items = inbox.feedback_items(done, _page_number(), PER_PAGE)
    return render_template(
        "local_offer/editor/feedback.html",
        items=items,
        done=done,
        open_count=inbox.count_feedback(done=False),
        done_count=inbox.count_feedback(done=True),
        action_form=ActionForm(),
        pages=editor_pagination(items, "local_offer_staff.feedback_inbox", show="done" if done else ""),
    )


@editor_bp.route("/feedback/<int:feedback_id>/done", methods=["POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def feedback_done(feedback_id: int):
    feedback = inbox.find_feedback(feedback_id) or abort(404)
    if ActionForm().validate_on_submit() and feedback.done_at is None:
        inbox.mark_done(feedback, current_user.email)
        audit.record("page_feedback.done", "page_feedback", feedback.id)
        db.session.commit()
        flash("The feedback has been marked as done.")
    return redirect(url_for(".feedback_inbox", page=_page_number(request.form.get("page", "1"))))
