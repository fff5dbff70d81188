"""Consultation leads' pages: the list, details, preview, publishing and closing."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from consultation import queries, services
from consultation.blueprints import staff_bp
from consultation.forms import ConsultationForm
from consultation.models import Consultation
from consultation.response_forms import build_form, numbered_questions
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.lookups import get_or_404

LAYOUT_VALUES = {"auto": None, "one": True, "all": False}


@staff_bp.route("/")
@staff_required(Role.CONSULTATION_LEAD)
def home():
    return render_template(
        "consultation/lead/home.html", consultations=queries.all_consultations(), counts=queries.response_counts()
    )


def _form_data(consultation: Consultation) -> dict:
    layout = {None: "auto", True: "one", False: "all"}[consultation.one_question_per_page]
    fields = ("title", "slug", "kind", "summary", "easy_read_summary", "audience", "opens_on", "closes_on")
    data = {name: getattr(consultation, name) for name in fields}
    return data | {
        "retention_months": consultation.retention_months,
        "layout": layout,
        "allow_contact": consultation.allow_contact,
    }


def _save_details(form: ConsultationForm, consultation: Consultation | None) -> Consultation | None:
    slug = form.slug.data or None
    if slug and services.slug_taken(slug, consultation):
        form.slug.errors.append("This web address is already used by another consultation or survey")
        return None
    if consultation is None:
        consultation = Consultation(slug=slug or services.slug_from_title(form.title.data))
        db.session.add(consultation)
    elif slug:
        consultation.slug = slug
    for name in ("title", "kind", "summary", "easy_read_summary", "audience", "opens_on", "closes_on"):
        setattr(consultation, name, getattr(form, name).data or ("" if name == "easy_read_summary" else None))
    consultation.retention_months = form.retention_months.data
    consultation.one_question_per_page = LAYOUT_VALUES[form.layout.data]
    consultation.allow_contact = bool(form.allow_contact.data)
    db.session.flush()
    return consultation


@staff_bp.route("/new", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def new():
    form = ConsultationForm(data={"kind": "consultation", "retention_months": 24, "layout": "auto"})
    if form.validate_on_submit():
        consultation = _save_details(form, None)
        if consultation is not None:
            audit.record("consultation.create", "consultation", consultation.id)
            db.session.commit()
            flash(f"{consultation.title} has been created. Now add its questions.")
            return redirect(url_for(".overview", consultation_id=consultation.id))
    return render_template("consultation/lead/details.html", form=form, consultation=None)


@staff_bp.route("/<int:consultation_id>/details", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def edit(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = ConsultationForm(data=_form_data(consultation))
    if form.validate_on_submit() and _save_details(form, consultation) is not None:
        audit.record("consultation.edit", "consultation", consultation.id)
        db.session.commit()
        flash("Your changes have been saved.")
        return redirect(url_for(".overview", consultation_id=consultation.id))
    return render_template("consultation/lead/details.html", form=form, consultation=consultation)


@staff_bp.route("/<int:consultation_id>")
@staff_required(Role.CONSULTATION_LEAD)
def overview(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    return render_template(
        "consultation/lead/overview.html",
        consultation=consultation,
        responses=queries.response_count(consultation),
        action_form=ActionForm(),
    )


@staff_bp.route("/<int:consultation_id>/preview")
@staff_required(Role.CONSULTATION_LEAD)
def preview(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = build_form(numbered_questions(consultation), ask_contact=consultation.allow_contact)
    return render_template("consultation/respond.html", consultation=consultation, form=form, preview=True)


def _change_state(consultation_id: int, change, action: str, done: str):
    consultation = get_or_404(Consultation, consultation_id)
    if ActionForm().validate_on_submit():
        try:
            change(consultation)
        except services.ConsultationError as error:
            flash(str(error))
            return redirect(url_for(".overview", consultation_id=consultation.id))
        audit.record(action, "consultation", consultation.id, slug=consultation.slug)
        db.session.commit()
        flash(done.format(title=consultation.title))
    return redirect(url_for(".overview", consultation_id=consultation.id))


@staff_bp.route("/<int:consultation_id>/publish", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def publish(consultation_id: int):
    return _change_state(
        consultation_id, services.publish, "consultation.publish", "{title} is published. It opens on its open date."
    )


@staff_bp.route("/<int:consultation_id>/close", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def close(consultation_id: int):
    return _change_state(consultation_id, services.close, "consultation.close", "{title} is closed.")
