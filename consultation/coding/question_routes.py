"""A free-text question's coding: its codebook, bulk coding and retraining as jobs, the second coder's sample."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from consultation.coding import accuracy, codebooks, items, job_routes, jobs, model_store
from consultation.coding.blueprints import staff_bp
from consultation.coding.forms import SampleForm, SetupForm
from consultation.coding.lookups import text_question_or_404
from consultation.coding.presenters import counted
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm


@staff_bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def question(consultation_id: int, question_id: int):
    consultation, found = text_question_or_404(consultation_id, question_id)
    setup = items.setup_for(found)
    form = SetupForm(data={"codebook": setup.codebook_id})
    form.codebook.choices = [(c.id, c.name) for c in codebooks.codebooks_for(consultation)]
    if form.validate_on_submit():
        setup.codebook_id = form.codebook.data
        audit.record("coding.codebook_choose", "consultation_question", found.id, codebook=setup.codebook_id)
        db.session.commit()
        flash("The codebook has been chosen. Now code the answers.")
        return redirect(url_for(".question", consultation_id=consultation.id, question_id=found.id))
    items.ensure_items(found.id)
    db.session.commit()
    return render_template(
        "consultation/coding/question.html",
        consultation=consultation,
        question=found,
        setup=setup,
        form=form,
        counts=items.counts(found.id),
        sample_form=SampleForm(),
        second_left=items.second_coding_left(found.id),
        action_form=ActionForm(),
        min_training=jobs.MIN_TRAINING,
        machine_note=model_store.machine_note(setup.model, setup.model_examples),
    )


def _start(consultation_id: int, question_id: int, job_kind: jobs.JobKind, action: str):
    consultation, found = text_question_or_404(consultation_id, question_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".question", consultation_id=consultation.id, question_id=found.id))
    return job_routes.start(found, job_kind, action)


@staff_bp.route("/questions/<int:question_id>/code", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def code_all(consultation_id: int, question_id: int):
    return _start(consultation_id, question_id, jobs.CODE, "coding.bulk_code")


@staff_bp.route("/questions/<int:question_id>/retrain", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def retrain(consultation_id: int, question_id: int):
    return _start(consultation_id, question_id, jobs.RETRAIN, "coding.retrain")


@staff_bp.route("/questions/<int:question_id>/sample", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def sample(consultation_id: int, question_id: int):
    consultation, found = text_question_or_404(consultation_id, question_id)
    form = SampleForm()
    if form.validate_on_submit():
        added = accuracy.draw_sample(found.id, form.size.data)
        audit.record("coding.sample", "consultation_question", found.id, added=added)
        db.session.commit()
        flash(f"{counted(added, 'answer')} added to the second coder’s sample.")
    else:
        flash(next(iter(form.size.errors), "Enter how many answers to add to the sample"))
    return redirect(url_for(".question", consultation_id=consultation.id, question_id=found.id))


@staff_bp.route("/questions/<int:question_id>/agreement")
@staff_required(Role.CONSULTATION_LEAD)
def agreement(consultation_id: int, question_id: int):
    consultation, found = text_question_or_404(consultation_id, question_id)
    setup = items.setup_for(found)
    themes = codebooks.hierarchy(setup.codebook) if setup.codebook else []
    return render_template(
        "consultation/coding/agreement.html",
        consultation=consultation,
        question=found,
        themes=themes,
        coders=accuracy.coder_agreement(found.id, [t["id"] for _, t in themes]),
        machine=accuracy.machine_agreement(found.id),
        min_reviewed=accuracy.MIN_REVIEWED,
    )
