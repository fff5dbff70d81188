"""Codebooks: list, create, import, export, start from the strategy or from discovered themes, edit themes."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from consultation.coding import codebooks, job_routes, jobs
from consultation.coding.blueprints import staff_bp
from consultation.coding.codebooks import CodebookError
from consultation.coding.forms import CodebookForm, ImportForm, QuestionChoiceForm, ThemeForm, ticked
from consultation.coding.lookups import codebook_or_404, text_questions
from consultation.coding.presenters import counted
from consultation.models import Consultation
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.lookups import get_or_404


@staff_bp.route("/")
@staff_required(Role.CONSULTATION_LEAD)
def index(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    return render_template(
        "consultation/coding/index.html",
        consultation=consultation,
        codebooks=codebooks.codebooks_for(consultation),
        questions=text_questions(consultation),
        action_form=ActionForm(),
    )


@staff_bp.route("/codebooks/new", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def new_codebook(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = CodebookForm()
    if form.validate_on_submit():
        codebook = codebooks.create_codebook(consultation, {"name": form.name.data, "themes": []})
        audit.record("coding.codebook_create", "coding_codebook", codebook.id)
        db.session.commit()
        flash(f"{codebook.name} has been created. Now add its themes.")
        return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=codebook.id))
    return render_template("consultation/coding/codebook_form.html", consultation=consultation, form=form)


@staff_bp.route("/codebooks/starter", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def starter_codebook(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".index", consultation_id=consultation.id))
    codebook = codebooks.create_codebook(consultation, codebooks.starter_codebook())
    audit.record("coding.codebook_create", "coding_codebook", codebook.id, source="strategy priorities")
    db.session.commit()
    flash("Tick the strategy priorities to keep as themes.")
    return redirect(url_for(".choose_themes", consultation_id=consultation.id, codebook_id=codebook.id))


@staff_bp.route("/codebooks/import", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def import_codebook(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = ImportForm()
    if form.validate_on_submit():
        storage = form.file.data
        if storage is None or not getattr(storage, "filename", ""):
            form.file.errors.append("Select a codebook file")
        else:
            try:
                data = codebooks.parse_codebook(storage.read(codebooks.MAX_BYTES + 1))
            except CodebookError as error:
                form.file.errors.append(str(error))
            else:
                codebook = codebooks.create_codebook(consultation, data)
                audit.record("coding.codebook_import", "coding_codebook", codebook.id, themes=len(data["themes"]))
                db.session.commit()
                flash(f"{codebook.name} has been imported with {len(data['themes'])} themes.")
                return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=codebook.id))
    return render_template("consultation/coding/import.html", consultation=consultation, form=form)


@staff_bp.route("/codebooks/discover", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def discover(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = QuestionChoiceForm()
    form.question.choices = [(q.id, q.text) for q in text_questions(consultation)]
    if form.validate_on_submit():
        question = next(q for q in text_questions(consultation) if q.id == form.question.data)
        if jobs.answers_to_discover(question.id):
            return job_routes.start(question, jobs.DISCOVER, "coding.discover")
        form.question.errors.append("There are no answers to this question yet")
    return render_template("consultation/coding/discover.html", consultation=consultation, form=form)


@staff_bp.route("/codebooks/<int:codebook_id>")
@staff_required(Role.CONSULTATION_LEAD)
def codebook(consultation_id: int, codebook_id: int):
    consultation, found = codebook_or_404(consultation_id, codebook_id)
    return render_template(
        "consultation/coding/codebook.html",
        consultation=consultation,
        codebook=found,
        themes=codebooks.hierarchy(found),
        action_form=ActionForm(),
    )


@staff_bp.route("/codebooks/<int:codebook_id>/name", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def rename_codebook(consultation_id: int, codebook_id: int):
    consultation, found = codebook_or_404(consultation_id, codebook_id)
    form = CodebookForm(obj=found)
    if form.validate_on_submit():
        found.name = form.name.data
        audit.record("coding.codebook_edit", "coding_codebook", found.id)
        db.session.commit()
        flash("Your changes have been saved.")
        return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=found.id))
    return render_template("consultation/coding/codebook_form.html", consultation=consultation, form=form)


@staff_bp.route("/codebooks/<int:codebook_id>/choose", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def choose_themes(consultation_id: int, codebook_id: int):
    consultation, found = codebook_or_404(consultation_id, codebook_id)
    form = ActionForm()
    error = None
    if form.validate_on_submit():
        keep = ticked("themes", set(codebooks.theme_ids(found)))
        if keep:
            removed = codebooks.keep_themes(found, keep)
            audit.record("coding.codebook_edit", "coding_codebook", found.id, removed=removed)
            db.session.commit()
            flash(f"{counted(len(keep), 'theme')} kept.")
            return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=found.id))
        error = "Select at least one theme to keep"
    return render_template(
        "consultation/coding/choose_themes.html", consultation=consultation, codebook=found, form=form, error=error
    )


@staff_bp.route("/codebooks/<int:codebook_id>/export")
@staff_required(Role.CONSULTATION_LEAD)
def export_codebook(consultation_id: int, codebook_id: int):
    _, found = codebook_or_404(consultation_id, codebook_id)
    return Response(
        codebooks.export_json(found),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="codebook-{found.id}.json"'},
    )


@staff_bp.route("/codebooks/<int:codebook_id>/themes/new", methods=["GET", "POST"])
@staff_bp.route("/codebooks/<int:codebook_id>/themes/<theme_id>", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def edit_theme(consultation_id: int, codebook_id: int, theme_id: str | None = None):
    consultation, found = codebook_or_404(consultation_id, codebook_id)
    theme = next((t for t in found.themes or [] if t["id"] == theme_id), None)
    if theme_id is not None and theme is None:
        return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=found.id))
    form = ThemeForm(data=_theme_data(theme) if request.method == "GET" and theme else None)
    form.parent.choices = [("", "None – this is a top-level theme")] + [
        (t["id"], t["name"]) for t in found.themes or [] if t["id"] != theme_id
    ]
    if form.validate_on_submit():
        try:
            codebooks.save_theme(found, theme_id, form.values())
        except CodebookError as error:
            form.parent.errors.append(str(error))
        else:
            audit.record("coding.codebook_edit", "coding_codebook", found.id, theme=theme_id or "new")
            db.session.commit()
            flash("The theme has been saved.")
            return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=found.id))
    return render_template(
        "consultation/coding/theme_form.html", consultation=consultation, codebook=found, form=form, theme=theme
    )


def _theme_data(theme: dict) -> dict:
    return {
        "name": theme["name"],
        "description": theme.get("description", ""),
        "keywords": "\n".join(theme.get("keywords", [])),
        "phrases": "\n".join(theme.get("phrases", [])),
        "examples": "\n".join(theme.get("examples", [])),
        "exclude_examples": "\n".join(theme.get("exclude_examples", [])),
        "parent": theme.get("parent") or "",
    }


@staff_bp.route("/codebooks/<int:codebook_id>/themes/<theme_id>/delete", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def delete_theme(consultation_id: int, codebook_id: int, theme_id: str):
    consultation, found = codebook_or_404(consultation_id, codebook_id)
    if ActionForm().validate_on_submit():
        try:
            codebooks.delete_theme(found, theme_id)
        except CodebookError as error:
            flash(str(error))
        else:
            audit.record("coding.codebook_edit", "coding_codebook", found.id, deleted=theme_id)
            db.session.commit()
            flash("The theme has been deleted.")
    return redirect(url_for(".codebook", consultation_id=consultation.id, codebook_id=found.id))
