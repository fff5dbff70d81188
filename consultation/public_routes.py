"""The pages people use to answer, without signing in.

Short consultations are one form on one page; long ones ask one question per page, keep the
answers in the session and end with "check your answers". Either way the final submit carries
a token issued with the form, so sending it twice records one response.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from consultation import journey, queries
from consultation.blueprints import public_bp
from consultation.flagging import check_response, confirmation_help
from consultation.models import Consultation
from consultation.response_forms import answers_as_formdata, build_form, numbered_questions
from consultation.responses import new_submission_token, response_for_token, save_response
from portal.core.access import public
from portal.core.extensions import limiter, public_post_limit
from portal.core.lookups import found_or_404


def _closed_page(consultation: Consultation):
    return render_template("consultation/closed.html", consultation=consultation), 410


def _finish(consultation: Consultation, reference: str):
    journey.remember_done(consultation, reference)
    return redirect(url_for(".confirmation", slug=consultation.slug))


@public_bp.route("/")
@public
def index():
    return render_template("consultation/index.html", lists=queries.public_lists())


@public_bp.route("/<slug>")
@public
def consultation_page(slug: str):
    consultation = found_or_404(queries.published_by_slug(slug))
    return render_template("consultation/consultation.html", consultation=consultation)


@public_bp.route("/<slug>/respond", methods=["GET", "POST"])
@public
@limiter.limit(public_post_limit, methods=["POST"])
def respond(slug: str):
    consultation = found_or_404(queries.published_by_slug(slug))
    if consultation.status() != "open":
        return _closed_page(consultation)
    if consultation.uses_one_question_per_page:
        journey.start_draft(consultation)
        return redirect(url_for(".question", slug=slug, number=1))
    form = build_form(
        numbered_questions(consultation), submit_text="Send your answers", ask_contact=consultation.allow_contact
    )
    if request.method == "POST":
        already = response_for_token(consultation, form.submission_token.data)
        if already is not None:
            return _finish(consultation, already.reference)
    if form.validate_on_submit():
        response = save_response(consultation, form.answers(), form.submission_token.data, _contact(form))
        check_response(consultation, response)
        return _finish(consultation, response.reference)
    if not form.submission_token.data:
        form.submission_token.data = new_submission_token()
    return render_template("consultation/respond.html", consultation=consultation, form=form)


def _contact(form) -> str | None:
    return form.contact.data if "contact" in form else None


@public_bp.route("/<slug>/questions/<int:number>", methods=["GET", "POST"])
@public
@limiter.limit(public_post_limit, methods=["POST"])
def question(slug: str, number: int):
    consultation = found_or_404(queries.published_by_slug(slug))
    if consultation.status() != "open":
        return _closed_page(consultation)
    numbered = numbered_questions(consultation)
    if not 1 <= number <= len(numbered):
        abort(404)
    current = journey.draft(consultation)
    if current is None:
        return redirect(url_for(".consultation_page", slug=slug))
    form = build_form([numbered[number - 1]], data=current["answers"])
    if form.validate_on_submit():
        names = [name for name in form._fields if name.startswith("q")]
        if journey.store_answers(consultation, names, form.answers()):
            return redirect(_next_page(consultation, number, len(numbered)))
        form[names[0]].errors = [
            "Your answers are too long for us to keep between pages. Shorten this answer, "
            "or send your views by email to the address on the consultation page"
        ]
    return render_template(
        "consultation/question.html",
        consultation=consultation,
        form=form,
        number=number,
        total=len(numbered),
        question=numbered[number - 1][1],
        back=_previous_page(consultation, number),
    )


def _next_page(consultation: Consultation, number: int, total: int) -> str:
    if request.args.get("change") or number >= total:
        return url_for(".check_answers", slug=consultation.slug)
    return url_for(".question", slug=consultation.slug, number=number + 1)


def _previous_page(consultation: Consultation, number: int) -> str:
    if request.args.get("change"):
        return url_for(".check_answers", slug=consultation.slug)
    if number == 1:
        return url_for(".consultation_page", slug=consultation.slug)
    return url_for(".question", slug=consultation.slug, number=number - 1)


@public_bp.route("/<slug>/check-answers", methods=["GET", "POST"])
@public
@limiter.limit(public_post_limit, methods=["POST"])
def check_answers(slug: str):
    consultation = found_or_404(queries.published_by_slug(slug))
    if consultation.status() != "open":
        return _closed_page(consultation)
    current = journey.draft(consultation)
    if current is None:
        already = response_for_token(consultation, request.form.get("submission_token"))
        if already is not None:
            return _finish(consultation, already.reference)
        return redirect(url_for(".consultation_page", slug=slug))
    numbered = numbered_questions(consultation)
    checked = build_form(numbered, formdata=answers_as_formdata(current["answers"]), csrf=False)
    if not checked.validate():
        first_problem = next(n for n, q in numbered if any(_belongs(k, q.id) for k in checked.errors))
        return redirect(url_for(".question", slug=slug, number=first_problem))
    form = build_form([], submit_text="Send your answers", ask_contact=consultation.allow_contact)
    if form.validate_on_submit():
        response = save_response(consultation, current["answers"], current["token"], _contact(form))
        check_response(consultation, response)
        journey.clear_draft(consultation)
        return _finish(consultation, response.reference)
    form.submission_token.data = current["token"]
    return render_template(
        "consultation/check_answers.html",
        consultation=consultation,
        form=form,
        numbered=numbered,
        answers=current["answers"],
    )


def _belongs(field_name: str, question_id: int) -> bool:
    return field_name == f"q{question_id}" or field_name.startswith(f"q{question_id}_")


@public_bp.route("/<slug>/confirmation")
@public
def confirmation(slug: str):
    consultation = found_or_404(queries.published_by_slug(slug))
    reference = journey.done_reference(consultation)
    if reference is None:
        return redirect(url_for(".consultation_page", slug=slug))
    return render_template(
        "consultation/confirmation.html",
        consultation=consultation,
        reference=reference,
        help=confirmation_help(consultation),
    )
