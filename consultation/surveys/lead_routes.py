"""Consultation leads' pages: create a survey from a template, and make invitation links."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for

from consultation.blueprints import staff_bp
from consultation.models import Consultation
from consultation.surveys import catalogue, invitations, services
from consultation.surveys.forms import CreateSurveyForm, InvitationBatchForm
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.lookups import found_or_404, get_or_404


@staff_bp.route("/survey-templates")
@staff_required(Role.CONSULTATION_LEAD)
def survey_templates():
    made = {key: services.surveys_from(key) for key in catalogue.SURVEY_KINDS}
    return render_template(
        "consultation/surveys/templates.html", kinds=catalogue.SURVEY_KINDS.values(), made=made, form=CreateSurveyForm()
    )


@staff_bp.route("/survey-templates/<key>", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def create_survey(key: str):
    kind = found_or_404(catalogue.survey_kind(key))
    if not CreateSurveyForm().validate_on_submit():
        return redirect(url_for(".survey_templates"))
    survey = services.create_survey(kind)
    audit.record("survey.create", "consultation", survey.id, template=kind.key)
    db.session.commit()
    flash(f"{survey.title} has been created as a draft. Check its dates and questions, then publish it.")
    return redirect(url_for(".overview", consultation_id=survey.id))


@staff_bp.route("/<int:consultation_id>/invitations", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def invitation_links(consultation_id: int):
    survey = get_or_404(Consultation, consultation_id)
    form = InvitationBatchForm()
    if form.validate_on_submit():
        batch, tokens = invitations.create_batch(
            survey, form.count.data, form.chosen_month(), form.team.data, form.days.data
        )
        audit.record("survey.invitations", "consultation", survey.id, batch=batch.id, links=batch.size)
        db.session.commit()
        return _links_download(survey, batch, tokens)
    return render_template(
        "consultation/surveys/invitations.html",
        consultation=survey,
        form=form,
        batches=invitations.batches_of(survey),
        setup=services.setup_of(survey.id),
    )


def _links_download(survey: Consultation, batch, tokens: list[str]) -> Response:
    def link(token: str) -> str:
        return url_for("consultation_public.invitation_link", token=token, _external=True)

    name = f"invitation-links-{survey.slug}-{batch.month:%Y-%m}-{batch.id}.csv"
    return Response(
        invitations.links_csv(batch, tokens, link),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
