"""Consultation leads' pages for reading responses: results, browsing, one response, export."""

from __future__ import annotations

import io
import re

from flask import render_template, request, send_file, url_for

from consultation import exporter, queries
from consultation.blueprints import staff_bp
from consultation.forms import ExportForm, ResponseFilterForm
from consultation.models import Consultation
from consultation.presenters import option_labels
from consultation.respondents import respondent_types
from consultation.results import NOT_GIVEN, consultation_results
from portal.core.access import Role, staff_required
from portal.core.lookups import found_or_404, get_or_404
from portal.core.numbers import whole_number
from portal.core.paging import page_links, page_number

PER_PAGE = 25


@staff_bp.route("/<int:consultation_id>/results")
@staff_required(Role.CONSULTATION_LEAD)
def results(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    return render_template(
        "consultation/lead/results.html", consultation=consultation, results=consultation_results(consultation)
    )


def _filter_form(consultation: Consultation) -> ResponseFilterForm:
    form = ResponseFilterForm(request.args)
    types = [(t.value, t.label) for t in respondent_types()] + [(NOT_GIVEN, "Not given")]
    form.respondent_type.choices = [("", "Any")] + types
    numbered = list(enumerate(consultation.visible_questions, start=1))
    form.question.choices = [("", "Any")] + [(str(q.id), f"{n}. {q.text}") for n, q in numbered]
    form.answer.choices = [("", "Any")] + [
        (f"{q.id}:{value}", f"{n}. {label}")
        for n, q in numbered
        if q.is_choice
        for value, label in option_labels(q).items()
    ]
    return form


def _filters(form: ResponseFilterForm) -> queries.ResponseFilters:
    if not form.validate():
        return queries.ResponseFilters()
    question_id = whole_number(form.question.data)
    option_value = None
    match = re.match(r"^(\d+):(.+)$", form.answer.data or "")
    if match:
        question_id, option_value = int(match.group(1)), match.group(2)
    return queries.ResponseFilters(form.respondent_type.data or None, question_id, option_value, form.q.data or None)


@staff_bp.route("/<int:consultation_id>/responses")
@staff_required(Role.CONSULTATION_LEAD)
def responses(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    filters_form = _filter_form(consultation)
    filters = _filters(filters_form)
    page = queries.browse_responses(consultation, filters, page_number(request.args.get("page", "1")), PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "page" and v}

    def href(number: int) -> str:
        return url_for(".responses", consultation_id=consultation.id, page=number, **args)

    return render_template(
        "consultation/lead/responses.html",
        consultation=consultation,
        filters=filters_form,
        form=filters_form if filters_form.errors else None,
        page=page,
        pages=page_links(page, href, numbered=False),
    )


@staff_bp.route("/<int:consultation_id>/responses/<int:response_id>")
@staff_required(Role.CONSULTATION_LEAD)
def response(consultation_id: int, response_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    found = found_or_404(queries.response_in(consultation, response_id))
    return render_template(
        "consultation/lead/response.html",
        consultation=consultation,
        response=found,
        answers=queries.response_answers(found),
    )


@staff_bp.route("/<int:consultation_id>/export", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def export(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = ExportForm()
    redacting = exporter.load_redactor() is not None
    if form.validate_on_submit():
        stream = io.BytesIO()
        exporter.export_responses(consultation, stream, form.file_format.data, bool(form.free_text_checked.data))
        stream.seek(0)
        mimetype = {
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[form.file_format.data]
        return send_file(
            stream,
            mimetype=mimetype,
            as_attachment=True,
            download_name=f"{consultation.slug}-responses.{form.file_format.data}",
        )
    return render_template("consultation/lead/export.html", consultation=consultation, form=form, redacting=redacting)
