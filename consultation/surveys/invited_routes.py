"""Answering a survey that needs an invitation link.

Such a survey uses the ordinary question pages. ``guard`` runs before them: it lets in only a person
holding an unspent link, and it takes over every final "send" (check your answers, or the one-page form)
so that the response is saved, tied to its batch and the link spent in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, render_template, request, session, url_for
from sqlalchemy.exc import IntegrityError

from consultation import journey, queries
from consultation.flagging import YOUNG_PERSON, check_response, confirmation_help
from consultation.models import Consultation, Response
from consultation.response_forms import answers_as_formdata, build_form, numbered_questions
from consultation.responses import response_for_token, save_response
from consultation.surveys.invitations import InvitationCheck, check_invitation, spend
from consultation.surveys.models import Invitation, ResponseBatch, SurveySetup
from consultation.surveys.services import setup_of
from portal.core.extensions import db

HELD = "survey_invitations"
GUARDED = frozenset({"consultation_page", "respond", "question", "check_answers", "confirmation"})
LINK_PAGES = {
    "unknown": ("consultation/surveys/link_unknown.html", 404),
    "used": ("consultation/surveys/link_used.html", 410),
    "expired": ("consultation/surveys/link_expired.html", 410),
    "missing": ("consultation/surveys/link_needed.html", 403),
}


def hold(invitation: Invitation) -> None:
    held = dict(session.get(HELD, {}))
    held[str(invitation.batch.consultation_id)] = invitation.id
    session[HELD] = held


def held_check(consultation: Consultation) -> InvitationCheck:
    invitation_id = session.get(HELD, {}).get(str(consultation.id))
    if invitation_id is None:
        return InvitationCheck("missing")
    return check_invitation(db.session.get(Invitation, invitation_id))


def link_page(status: str, consultation: Consultation | None = None):
    template, code = LINK_PAGES[status]
    return render_template(template, consultation=consultation), code


def guard():
    """Before each public answering page: None to carry on, or the page to show instead."""
    endpoint = (request.endpoint or "").rpartition(".")[2]
    if endpoint not in GUARDED or not request.view_args:
        return None
    consultation = queries.published_by_slug(request.view_args.get("slug", ""))
    setup = setup_of(consultation.id) if consultation else None
    if setup is None or not setup.requires_invitation:
        return None
    if endpoint == "confirmation":
        return thank_you(consultation, setup)
    if endpoint == "check_answers" and request.method == "POST":
        return send(consultation, setup)
    if endpoint == "respond" and request.method == "POST" and not consultation.uses_one_question_per_page:
        return send_one_page(consultation, setup)
    check = held_check(consultation)
    if check.status != "ok":
        return link_page(check.status, consultation)
    if endpoint == "consultation_page":
        return render_template("consultation/surveys/start.html", consultation=consultation)
    return None


def _for_young_people(setup: SurveySetup) -> bool:
    return setup.respondent_type == YOUNG_PERSON


def thank_you(consultation: Consultation, setup: SurveySetup):
    if journey.done_reference(consultation) is None:
        return redirect(url_for("consultation_public.consultation_page", slug=consultation.slug))
    shown = confirmation_help(consultation, easy_read=_for_young_people(setup))
    return render_template("consultation/surveys/thank_you.html", consultation=consultation, help=shown)


def _finish(consultation: Consultation, reference: str | None):
    journey.remember_done(consultation, reference or "")
    return redirect(url_for("consultation_public.confirmation", slug=consultation.slug))


def _already_sent_or_link_problem(consultation: Consultation, token: str | None):
    """(a page to show instead, or None; the link check). A repeat of a sent form shows its confirmation."""
    already = response_for_token(consultation, token)
    if already is not None:
        return _finish(consultation, already.reference), None
    check = held_check(consultation)
    if check.status != "ok":
        return link_page(check.status, consultation), None
    return None, check


def _sent(consultation: Consultation, setup: SurveySetup, response: Response | None):
    """After the save: a link spent elsewhere, or the answers checked for risk and the confirmation."""
    if response is None:
        return link_page("used", consultation)
    check_response(consultation, response, "young_person_answer" if _for_young_people(setup) else "answer")
    return _finish(consultation, response.reference)


def send(consultation: Consultation, setup: SurveySetup):
    """The final submit: one response per form however often it is sent, and one per link."""
    shown, check = _already_sent_or_link_problem(consultation, request.form.get("submission_token"))
    if shown is not None:
        return shown
    current = journey.draft(consultation)
    if current is None:
        return redirect(url_for("consultation_public.consultation_page", slug=consultation.slug))
    numbered = numbered_questions(consultation)
    if not build_form(numbered, formdata=answers_as_formdata(current["answers"]), csrf=False).validate():
        return redirect(url_for("consultation_public.check_answers", slug=consultation.slug))
    if not build_form([]).validate_on_submit():
        return redirect(url_for("consultation_public.check_answers", slug=consultation.slug))
    response = save_invited_response(consultation, setup, current["answers"], current["token"], check.invitation)
    if response is not None:
        journey.clear_draft(consultation)
    return _sent(consultation, setup, response)


def send_one_page(consultation: Consultation, setup: SurveySetup):
    """The one-page form's submit. An invalid form (or a closed survey) goes on to the ordinary page."""
    if consultation.status() != "open":
        return None
    form = build_form(numbered_questions(consultation), ask_contact=consultation.allow_contact)
    token = form.submission_token.data
    shown, check = _already_sent_or_link_problem(consultation, token)
    if shown is not None:
        return shown
    if not form.validate_on_submit():
        return None
    return _sent(
        consultation, setup, save_invited_response(consultation, setup, form.answers(), token, check.invitation)
    )


def save_invited_response(
    consultation: Consultation,
    setup: SurveySetup,
    answers: Mapping[str, Any],
    token: str | None,
    invitation: Invitation,
) -> Response | None:
    """Save the response, tie it to the link's batch and spend the link, all in one commit.

    Returns the response (or the one this form already made), or None when the link was spent elsewhere.
    """
    batch_id = invitation.batch_id
    if not spend(invitation.id):
        db.session.rollback()
        return response_for_token(consultation, token)

    def tie_to_batch(response: Response) -> None:
        db.session.add(ResponseBatch(response_id=response.id, batch_id=batch_id))

    try:
        return save_response(
            consultation, answers, token, respondent_type=setup.respondent_type, before_commit=tie_to_batch
        )
    except IntegrityError:  # rolled back, and no response holds this form's token: the link went elsewhere
        return None
