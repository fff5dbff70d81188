"""The import as a job: progress stored in the database, run on RQ or a thread (see portal.core.jobs)."""

from __future__ import annotations

from typing import Any

from consultation.flagging import check_imported
from consultation.import_files import ImportFileError, read_table
from consultation.importer import MAX_ERRORS_SHOWN, import_table
from consultation.models import Consultation, ResponseUpload
from portal.core import audit
from portal.core.extensions import db
from portal.core.jobs import get_job, report_progress

JOB_KIND = "consultation.import"
JOB_FUNCTION = "consultation.import_jobs:run_import_job"


def job_target(consultation: Consultation) -> str:
    return f"consultation:{consultation.id}"


def run_import_job(job_id: str, upload_id: int, mapping: dict[str, str]) -> dict[str, Any]:
    upload = db.session.get(ResponseUpload, upload_id)
    if upload is None or upload.content is None:
        return {"saved": 0, "errors": ["The uploaded file is no longer available. Upload it again"], "error_count": 1}
    consultation = db.session.get(Consultation, upload.consultation_id)
    try:
        table = read_table(upload.filename, upload.content)
    except ImportFileError as error:
        return {"saved": 0, "errors": [str(error)], "error_count": 1}

    def progress(done: int, total: int, message: str) -> None:
        report_progress(job_id, done, total, message)

    result = import_table(consultation, table, {int(k): v for k, v in mapping.items()}, upload.source, progress)
    if not result.ok:
        db.session.rollback()
        return {"saved": 0, "errors": result.errors[:MAX_ERRORS_SHOWN], "error_count": len(result.errors)}
    job = get_job(job_id)
    audit.record(
        "consultation.import",
        "consultation",
        consultation.id,
        rows=result.saved,
        source=upload.source,
        file_type=upload.filename.rpartition(".")[2].lower(),  # a file's name can hold a person's name
        by=job.created_by if job else None,
    )
    db.session.delete(upload)  # the file holds personal data: keep it no longer than the import needs
    db.session.commit()
    report_progress(job_id, result.saved, result.saved, "Checking written answers for safeguarding")
    flagged = check_imported(result.response_ids)
    return {"saved": result.saved, "errors": [], "error_count": 0, "flagged": flagged, "notes": table.notes}
