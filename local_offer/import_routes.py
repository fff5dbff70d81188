"""Directory editors' import pages: upload a file, see what it would change, confirm, watch the job."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, url_for
from flask_login import current_user

from local_offer import import_jobs
from local_offer.import_forms import ImportUploadForm
from local_offer.importer import ImportFileError, read_bytes
from local_offer.models import DirectoryUpload
from local_offer.staff_routes import editor_bp
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.jobs import Job, get_job, start_job


@editor_bp.route("/import", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def import_upload():
    form = ImportUploadForm()
    if form.validate_on_submit():
        storage = form.file.data
        content = storage.read(import_jobs.MAX_BYTES + 1)
        try:
            if len(content) > import_jobs.MAX_BYTES:
                raise ImportFileError("The selected file must be 10MB or smaller.")
            found = read_bytes(storage.filename, content)
        except ImportFileError as error:
            form.file.errors.append(str(error).rstrip("."))
        else:
            upload = import_jobs.save_upload(storage.filename, content, found, current_user.email)
            return redirect(url_for(".import_preview", upload_id=upload.id))
    return render_template("local_offer/editor/import_upload.html", form=form)


def _upload_or_404(upload_id: int) -> DirectoryUpload:
    """An editor's own upload: a file another editor uploaded is theirs to confirm."""
    upload = db.session.get(DirectoryUpload, upload_id)
    if upload is None or upload.created_by != current_user.email:
        abort(404)
    return upload


@editor_bp.route("/import/<int:upload_id>", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def import_preview(upload_id: int):
    upload = _upload_or_404(upload_id)
    form = ActionForm()
    if form.validate_on_submit():
        job = start_job(
            import_jobs.JOB_KIND, import_jobs.JOB_FUNCTION, created_by=current_user.email, upload_id=upload.id
        )
        return redirect(url_for(".import_progress", job_id=job.id))
    return render_template("local_offer/editor/import_preview.html", upload=upload, preview=upload.preview, form=form)


def _import_job_or_404(job_id: str) -> Job:
    job = get_job(job_id)
    if job is None or job.kind != import_jobs.JOB_KIND:
        abort(404)
    return job


@editor_bp.route("/import/jobs/<job_id>")
@staff_required(Role.DIRECTORY_EDITOR)
def import_progress(job_id: str):
    return render_template("local_offer/editor/import_progress.html", job=_import_job_or_404(job_id))


@editor_bp.route("/import/jobs/<job_id>/status")
@staff_required(Role.DIRECTORY_EDITOR)
def import_status(job_id: str):
    """What the progress page's script polls; without JavaScript the editor reloads the page."""
    return jsonify(_import_job_or_404(job_id).progress_status("Waiting to start"))
