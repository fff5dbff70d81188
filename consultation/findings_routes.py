"""'We asked, you said, we did': the lead writes what people said and what the council did, then publishes it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from consultation import services
from consultation.blueprints import staff_bp
from consultation.forms import FindingForm
from consultation.models import Consultation, Finding
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.lookups import get_or_404


def _finding_or_404(consultation: Consultation, finding_id: int) -> Finding:
    return get_or_404(Finding, finding_id, where=lambda finding: finding.consultation_id == consultation.id)


@staff_bp.route("/<int:consultation_id>/you-said-we-did")
@staff_required(Role.CONSULTATION_LEAD)
def findings(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    return render_template("consultation/lead/findings.html", consultation=consultation, action_form=ActionForm())


@staff_bp.route("/<int:consultation_id>/you-said-we-did/new", methods=["GET", "POST"])
@staff_bp.route("/<int:consultation_id>/you-said-we-did/<int:finding_id>", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def edit_finding(consultation_id: int, finding_id: int | None = None):
    consultation = get_or_404(Consultation, consultation_id)
    finding = _finding_or_404(consultation, finding_id) if finding_id is not None else None
    form = FindingForm(obj=finding)
    if form.validate_on_submit():
        services.save_finding(consultation, finding, form.topic.data, form.you_said.data, form.we_did.data)
        audit.record("consultation.finding_save", "consultation", consultation.id)
        db.session.commit()
        flash("The topic has been saved.")
        return redirect(url_for(".findings", consultation_id=consultation.id))
    return render_template("consultation/lead/finding_form.html", consultation=consultation, form=form, finding=finding)


@staff_bp.route("/<int:consultation_id>/you-said-we-did/<int:finding_id>/delete", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def delete_finding(consultation_id: int, finding_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    finding = _finding_or_404(consultation, finding_id)
    if ActionForm().validate_on_submit():
        services.delete_finding(consultation, finding)
        audit.record("consultation.finding_delete", "consultation", consultation.id)
        db.session.commit()
        flash("The topic has been deleted.")
    return redirect(url_for(".findings", consultation_id=consultation.id))


@staff_bp.route("/<int:consultation_id>/you-said-we-did/publish", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def publish_findings(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    if ActionForm().validate_on_submit():
        try:
            services.publish_results(consultation)
        except services.ConsultationError as error:
            flash(str(error))
        else:
            audit.record("consultation.publish_results", "consultation", consultation.id, slug=consultation.slug)
            db.session.commit()
            flash("‘We asked, you said, we did’ is published on the consultation page.")
    return redirect(url_for(".findings", consultation_id=consultation.id))
