"""Theme counts by respondent type, the answers behind each count, quotes to approve and publish, and the export."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from consultation.coding import analysis, codebooks, items
from consultation.coding.blueprints import staff_bp
from consultation.coding.lookups import text_question_or_404
from consultation.coding.presenters import counted
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.numbers import whole_number
from portal.core.paging import page_number

EXPORTS = {
    "csv": ("text/csv", analysis.write_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", analysis.write_xlsx),
}


def _ordered_themes(question):
    setup = items.setup_for(question)
    return codebooks.hierarchy(setup.codebook) if setup.codebook else []


@staff_bp.route("/questions/<int:question_id>/analysis")
@staff_required(Role.CONSULTATION_LEAD)
def analysis_page(consultation_id: int, question_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    return render_template(
        "consultation/coding/analysis.html",
        consultation=consultation,
        question=question,
        result=analysis.analysis(question.id, _ordered_themes(question)),
        counts=items.counts(question.id),
    )


@staff_bp.route("/questions/<int:question_id>/analysis/<theme>")
@staff_required(Role.CONSULTATION_LEAD)
def theme_answers(consultation_id: int, question_id: int, theme: str):
    consultation, question = text_question_or_404(consultation_id, question_id)
    names = {t["id"]: t["name"] for _, t in _ordered_themes(question)}
    kind = request.args.get("type") or None
    page = analysis.answers_with_theme(question.id, theme, kind, page_number(request.args.get("page")))
    return render_template(
        "consultation/coding/theme_answers.html",
        consultation=consultation,
        question=question,
        theme=theme,
        theme_name=names.get(theme, theme),
        kind=kind,
        page=page,
    )


@staff_bp.route("/questions/<int:question_id>/quotes", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def quotes(consultation_id: int, question_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    themes = _ordered_themes(question)
    form = ActionForm()
    theme = request.form.get("theme", "")
    if form.validate_on_submit() and theme in {t["id"] for _, t in themes}:
        chosen = [n for n in (whole_number(v) for v in request.form.getlist("answers")) if n is not None]
        approved = analysis.approve_quotes(question.id, theme, chosen, current_user.email)
        audit.record("coding.approve_quotes", "consultation_question", question.id, theme=theme, approved=approved)
        db.session.commit()
        flash(f"{counted(approved, 'quote')} approved. They are shown publicly only after you publish them.")
        return redirect(url_for(".quotes", consultation_id=consultation.id, question_id=question.id))
    return render_template(
        "consultation/coding/quotes.html",
        consultation=consultation,
        question=question,
        themes=themes,
        candidates={t["id"]: analysis.quote_candidates(question.id, t["id"]) for _, t in themes},
        approved=analysis.approved_quotes(question.id),
        names={t["id"]: t["name"] for _, t in themes},
        form=form,
    )


@staff_bp.route("/questions/<int:question_id>/quotes/publish", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def publish_quotes(consultation_id: int, question_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    if ActionForm().validate_on_submit():
        published = analysis.publish_quotes(question.id)
        audit.record("coding.publish_quotes", "consultation_question", question.id, published=published)
        db.session.commit()
        flash(f"{counted(published, 'quote')} published.")
    return redirect(url_for(".quotes", consultation_id=consultation.id, question_id=question.id))


@staff_bp.route("/questions/<int:question_id>/quotes/<int:quote_id>/withdraw", methods=["POST"])
@staff_required(Role.CONSULTATION_LEAD)
def withdraw_quote(consultation_id: int, question_id: int, quote_id: int):
    consultation, question = text_question_or_404(consultation_id, question_id)
    quote = next((q for q in analysis.approved_quotes(question.id) if q.id == quote_id), None)
    if quote is None:
        abort(404)
    if ActionForm().validate_on_submit():
        db.session.delete(quote)
        audit.record("coding.withdraw_quote", "consultation_question", question.id, quote=quote_id)
        db.session.commit()
        flash("The quote has been withdrawn.")
    return redirect(url_for(".quotes", consultation_id=consultation.id, question_id=question.id))


@staff_bp.route("/questions/<int:question_id>/export.<fmt>")
@staff_required(Role.CONSULTATION_LEAD)
def export(consultation_id: int, question_id: int, fmt: str):
    _, question = text_question_or_404(consultation_id, question_id)
    if fmt not in EXPORTS:
        abort(404)
    mimetype, writer = EXPORTS[fmt]
    names = {t["id"]: t["name"] for _, t in _ordered_themes(question)}
    content = writer(analysis.export_rows(question.id, names))
    audit.record("coding.export", "consultation_question", question.id, format=fmt)
    db.session.commit()
    filename = f"coded-answers-question-{question.id}.{fmt}"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
