"""Reviewing suggestions one answer a page, coding a blind sample a second time, and bulk acceptance (a job)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from consultation.coding import accuracy, codebooks, items, job_routes, jobs
from consultation.coding.blueprints import staff_bp
from consultation.coding.forms import ThresholdForm, ticked
from consultation.coding.lookups import text_question_or_404
from consultation.coding.models import FIRST, SECOND
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.numbers import whole_number

ORDERS = {items.LEAST_CERTAIN: "Least certain first", items.IN_ORDER: "In the order they arrived"}


def _themes(question):
    setup = items.setup_for(question)
    return setup, (codebooks.hierarchy(setup.codebook) if setup.codebook else [])


@staff_bp.route("/questions/<int:question_id>/review", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def review(consultation_id: int, question_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    order = request.values.get("order", items.LEAST_CERTAIN)
    order = order if order in ORDERS else items.LEAST_CERTAIN
    item_id = whole_number(request.values.get("item"))
    item = items.item_in(question.id, item_id) if item_id else items.next_item(question.id, order)
    if item_id and item is None:
        abort(404)
    setup, themes = _themes(question)
    form = ActionForm()
    if item is not None and form.validate_on_submit():
        allowed = {t["id"] for _, t in themes} | item.suggested() | item.themes()
        chosen = ticked("themes", allowed) | ticked("add", allowed)
        items.set_codes(item, chosen, FIRST, current_user.email)
        db.session.commit()
        flash("Saved. Here is the next answer.")
        return redirect(url_for(".review", consultation_id=consultation.id, question_id=question.id, order=order))
    return render_template(
        "consultation/coding/review.html",
        consultation=consultation,
        question=question,
        item=item,
        text=items.answer_text(item) if item else "",
        themes=themes,
        names=setup.codebook.theme_names() if setup.codebook else {},
        order=order,
        orders=ORDERS,
        counts=items.counts(question.id),
        form=form,
    )


@staff_bp.route("/questions/<int:question_id>/second", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def second_coding(consultation_id: int, question_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    item = items.next_second_item(question.id, current_user.email)
    _, themes = _themes(question)
    form = ActionForm()
    if item is not None and form.validate_on_submit() and whole_number(request.form.get("item")) == item.id:
        items.set_codes(item, ticked("themes", {t["id"] for _, t in themes}), SECOND, current_user.email)
        db.session.commit()
        flash("Saved. Here is the next answer.")
        return redirect(url_for(".second_coding", consultation_id=consultation.id, question_id=question.id))
    return render_template(
        "consultation/coding/second.html",
        consultation=consultation,
        question=question,
        item=item,
        text=items.answer_text(item) if item else "",
        themes=themes,
        left=items.second_coding_left(question.id),
        form=form,
    )


@staff_bp.route("/questions/<int:question_id>/bulk-accept", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def bulk_accept(consultation_id: int, question_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    form = ThresholdForm(request.form if request.method == "POST" else request.args)
    threshold = float(form.threshold.data) if form.threshold.data in dict(form.threshold.choices) else 0.8
    if request.method == "POST" and form.validate_on_submit():
        return job_routes.start(question, jobs.BULK_ACCEPT, threshold=threshold)
    return render_template(
        "consultation/coding/bulk_accept.html",
        consultation=consultation,
        question=question,
        form=form,
        threshold=threshold,
        precision=accuracy.precision_at(question.id, threshold),
        candidates=accuracy.bulk_candidates(question.id, threshold),
        min_reviewed=accuracy.MIN_REVIEWED,
    )
