"""Starting a coding job, and its progress: a page that survives a reload, and the status it polls."""

from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from consultation.coding.blueprints import staff_bp
from consultation.coding.jobs import KINDS, JobKind, job_target
from consultation.coding.lookups import text_question_or_404
from consultation.models import Consultation, Question
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.jobs import Job, get_job, start_job
from portal.core.lookups import found_or_404, get_or_404


def start(question: Question, job_kind: JobKind, action: str | None = None, **kwargs: Any) -> Response:
    """Start the job on the question and send the lead to its progress page."""
    job = start_job(
        job_kind.kind,
        job_kind.function,
        target=job_target(question.id),
        created_by=current_user.email,
        question_id=question.id,
        **kwargs,
    )
    if action:
        audit.record(action, "consultation_question", question.id, job=job.id)
    db.session.commit()
    return redirect(url_for("coding_staff.job_progress", consultation_id=question.consultation_id, job_id=job.id))


def _job_or_404(consultation_id: int, job_id: str) -> tuple[Consultation, Question, Job]:
    consultation = get_or_404(Consultation, consultation_id)
    job = found_or_404(get_job(job_id))
    if job.kind not in KINDS or not (job.target or "").startswith("question:"):
        raise NotFound
    _, question = text_question_or_404(consultation.id, int(job.target.partition(":")[2]))
    return consultation, question, job


@staff_bp.route("/jobs/<job_id>")
@staff_required(Role.CONSULTATION_LEAD)
def job_progress(consultation_id: int, job_id: str):
    consultation, question, job = _job_or_404(consultation_id, job_id)
    return render_template(
        "consultation/coding/progress.html",
        consultation=consultation,
        question=question,
        job=job,
        job_kind=KINDS[job.kind],
    )


@staff_bp.route("/jobs/<job_id>/status")
@staff_required(Role.CONSULTATION_LEAD)
def job_status(consultation_id: int, job_id: str):
    """What the progress page's script polls; without JavaScript the lead reloads the page."""
    _, _, job = _job_or_404(consultation_id, job_id)
    return jsonify(job.progress_status(KINDS[job.kind].doing))
