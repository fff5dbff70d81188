"""Consultation leads' pages for questions: add, edit, move, hide and delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from consultation import queries, services
from consultation.blueprints import staff_bp
from consultation.forms import AboutYouForm, QuestionForm
from consultation.models import Consultation, Question
from consultation.respondents import demographic_presets
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.lookups import found_or_404, get_or_404


def _input(form: QuestionForm, demographic: bool = False) -> services.QuestionInput:
    return services.QuestionInput(
        kind=form.kind.data,
        text=form.text.data,
        hint=form.hint.data or "",
        required=bool(form.required.data),
        max_length=form.max_length.data or 1000,
        options=tuple(form.option_labels()),
        add_other=bool(form.add_other.data),
        demographic=demographic,
    )


def _back_to(consultation: Consultation):
    return redirect(url_for(".overview", consultation_id=consultation.id) + "#questions")


@staff_bp.route("/<int:consultation_id>/questions/new", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def new_question(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = QuestionForm(data={"max_length": 1000})
    if form.validate_on_submit():
        try:
            question = services.add_question(consultation, _input(form))
        except services.ConsultationError as error:
            form.kind.errors.append(str(error))
        else:
            audit.record("consultation.question_add", "consultation", consultation.id, question=question.id)
            db.session.commit()
            flash("The question has been added.")
            return _back_to(consultation)
    return render_template("consultation/lead/question_form.html", form=form, consultation=consultation, question=None)


@staff_bp.route("/<int:consultation_id>/questions/<int:question_id>", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def edit_question(consultation_id: int, question_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    question = found_or_404(queries.question_in(consultation, question_id))
    options = [o.label for o in question.visible_options if not o.asks_for_text]
    form = QuestionForm(
        data={
            "kind": question.kind,
            "text": question.text,
            "hint": question.hint,
            "required": question.required,
            "max_length": question.max_length,
            "options": "\n".join(options),
            "add_other": any(o.asks_for_text for o in question.visible_options),
        }
    )
    if form.validate_on_submit():
        try:
            services.update_question(question, _input(form, question.demographic))
        except services.ConsultationError as error:
            form.kind.errors.append(str(error))
        else:
            audit.record("consultation.question_edit", "consultation", consultation.id, question=question.id)
            db.session.commit()
            flash("Your changes to the question have been saved.")
            return _back_to(consultation)
    return render_template(
        "consultation/lead/question_form.html", form=form, consultation=consultation, question=question
    )


@staff_bp.route("/<int:consultation_id>/questions/about-you", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def add_about_you(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = AboutYouForm()
    if form.validate_on_submit():
        preset = next(p for p in demographic_presets() if p.key == form.preset.data)
        question = services.add_demographic(consultation, preset)
        audit.record("consultation.question_add", "consultation", consultation.id, question=question.id)
        db.session.commit()
        flash("The question has been added.")
        return _back_to(consultation)
    return render_template("consultation/lead/about_you.html", form=form, consultation=consultation)


@staff_bp.route("/<int:consultation_id>/questions/<int:question_id>/<action>", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def question_action(consultation_id: int, question_id: int, action: str):
    consultation = get_or_404(Consultation, consultation_id)
    question = found_or_404(queries.question_in(consultation, question_id))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        message = _apply_action(question, action)
    except services.ConsultationError as error:
        flash(str(error))
        return _back_to(consultation)
    audit.record(f"consultation.question_{action}", "consultation", consultation.id, question=question_id)
    db.session.commit()
    flash(message)
    return _back_to(consultation)


def _apply_action(question: Question, action: str) -> str:
    if action == "up":
        services.move_question(question, -1)
        return f"‘{question.text}’ has been moved up."
    if action == "down":
        services.move_question(question, 1)
        return f"‘{question.text}’ has been moved down."
    if action in ("hide", "show"):
        question.hidden = action == "hide"
        return f"‘{question.text}’ is now {'hidden' if question.hidden else 'shown'}."
    if action == "delete" and request.method == "POST":
        services.delete_question(question)
        return f"‘{question.text}’ has been deleted."
    abort(404)
