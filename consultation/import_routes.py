"""Consultation leads' pages for importing paper and email responses: upload, map columns, watch progress."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from sqlalchemy import delete
from werkzeug.exceptions import NotFound
from wtforms import SelectField, SubmitField

from consultation.blueprints import staff_bp
from consultation.forms import UploadForm
from consultation.import_files import MAX_BYTES, ImportFileError, Table, read_table
from consultation.import_jobs import JOB_FUNCTION, JOB_KIND, job_target
from consultation.importer import check_mapping, mapping_choices, suggest_mapping
from consultation.models import Consultation, ResponseUpload
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.jobs import Job, get_job, start_job
from portal.core.lookups import found_or_404, get_or_404

SAMPLE_ROWS = 3


@staff_bp.route("/<int:consultation_id>/import", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def upload(consultation_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    form = UploadForm(data={"source": "paper"})
    if form.validate_on_submit():
        storage = form.file.data
        content = storage.read(MAX_BYTES + 1)
        try:
            table = read_table(storage.filename, content)
        except ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            db.session.execute(delete(ResponseUpload).where(ResponseUpload.consultation_id == consultation.id))
            saved = ResponseUpload(
                consultation_id=consultation.id,
                filename=storage.filename[:255],
                source=form.source.data,
                content=content,
                headers=table.headers,
                samples=sample_rows(table),
                row_count=len(table.rows),
            )
            db.session.add(saved)
            db.session.commit()
            return redirect(url_for(".mapping", consultation_id=consultation.id, upload_id=saved.id))
    return render_template("consultation/lead/import_upload.html", consultation=consultation, form=form)


def sample_rows(table: Table) -> list[list[str | None]]:
    """The first rows as text, for the mapping page's examples."""
    return [[None if cell is None else str(cell) for cell in row] for row in table.rows[:SAMPLE_ROWS]]


def _upload_or_404(consultation: Consultation, upload_id: int) -> ResponseUpload:
    return get_or_404(
        ResponseUpload,
        upload_id,
        where=lambda found: found.consultation_id == consultation.id and found.content is not None,
    )


def mapping_form(consultation: Consultation, found: ResponseUpload, samples: list[list]) -> FlaskForm:
    choices = mapping_choices(consultation)
    suggested = suggest_mapping(found.headers, consultation)
    fields = {}
    for index, header in enumerate(found.headers):
        examples = [str(row[index]) for row in samples if index < len(row) and row[index] not in (None, "")]
        hint = "For example: " + "; ".join(e[:60] for e in examples) if examples else "The first rows are empty"
        fields[f"col_{index}"] = SelectField(
            f"Column {index + 1}: {header}",
            choices=choices,
            default=suggested[index],
            description=hint,
            widget=GovSelect(),
        )
    fields["submit"] = SubmitField("Import responses", widget=GovSubmitInput())
    return type("MappingForm", (FlaskForm,), fields)()


@staff_bp.route("/<int:consultation_id>/import/<int:upload_id>", methods=["GET", "POST"])
@staff_required(Role.CONSULTATION_LEAD)
def mapping(consultation_id: int, upload_id: int):
    consultation = get_or_404(Consultation, consultation_id)
    found = _upload_or_404(consultation, upload_id)
    form = mapping_form(consultation, found, found.samples or [])
    if form.validate_on_submit():
        chosen = {index: form[f"col_{index}"].data for index in range(len(found.headers))}
        problem = check_mapping(chosen, consultation)
        if problem:
            form["col_0"].errors.append(problem)
        else:
            job = start_job(
                JOB_KIND,
                JOB_FUNCTION,
                target=job_target(consultation),
                created_by=current_user.email,
                upload_id=found.id,
                mapping={str(k): v for k, v in chosen.items()},
            )
            return redirect(url_for(".import_progress", consultation_id=consultation.id, job_id=job.id))
    return render_template("consultation/lead/import_mapping.html", consultation=consultation, form=form, upload=found)


def _import_job_or_404(consultation: Consultation, job_id: str) -> Job:
    job = found_or_404(get_job(job_id))
    if job.kind != JOB_KIND or job.target != job_target(consultation):
        raise NotFound
    return job


@staff_bp.route("/<int:consultation_id>/import/jobs/<job_id>")
@staff_required(Role.CONSULTATION_LEAD)
def import_progress(consultation_id: int, job_id: str):
    consultation = get_or_404(Consultation, consultation_id)
    job = _import_job_or_404(consultation, job_id)
    upload_left = db.session.query(ResponseUpload.id).filter_by(consultation_id=consultation.id).scalar()
    return render_template(
        "consultation/lead/import_progress.html", consultation=consultation, job=job, upload_id=upload_left
    )


@staff_bp.route("/<int:consultation_id>/import/jobs/<job_id>/status")
@staff_required(Role.CONSULTATION_LEAD)
def import_status(consultation_id: int, job_id: str):
    """What the progress page's script polls; without JavaScript the lead reloads the page."""
    job = _import_job_or_404(get_or_404(Consultation, consultation_id), job_id)
    return jsonify(job.progress_status("Waiting to start"))
