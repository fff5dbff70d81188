"""Importing a directory file from the editors' pages: the preview (the import run and rolled back, so it says
exactly what would be created, updated and skipped) and the import itself as a job (see portal.core.jobs).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete

from local_offer.importer import FORMAT_NAMES, ImportFileError, ImportSummary, RecordsFile, import_records, read_bytes
from local_offer.models import DirectoryUpload
from portal.core import audit
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.jobs import get_job, report_progress

JOB_KIND = "local_offer.import"
JOB_FUNCTION = "local_offer.import_jobs:run_import_job"
MAX_BYTES = 10 * 1024 * 1024
ALLOWED_SUFFIXES = (".json", ".csv")
LISTED = 200  # services listed by name in a preview or result; the rest are counted
KEPT_FOR = timedelta(days=1)  # an upload nobody confirmed


def summary_dict(summary: ImportSummary, notes: list[str]) -> dict[str, Any]:
    """A preview or a result, as JSON the pages show: counts, the first services by name, reasons for skips."""

    def named(ids: list[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": summary.names.get(i, i)} for i in ids[:LISTED]]

    return {
        "format": summary.format,
        "format_name": FORMAT_NAMES[summary.format],
        "created_count": summary.created,
        "updated_count": summary.updated,
        "unchanged_count": summary.unchanged,
        "skipped_count": len(summary.skipped),
        "created": named(summary.created_ids),
        "updated": named(summary.updated_ids),
        "skipped": [{"number": s.number, "id": s.record_id, "reason": s.reason} for s in summary.skipped[:LISTED]],
        "notes": (notes + summary.notes)[:LISTED],
        "notes_count": len(notes) + len(summary.notes),
    }


def preview(found: RecordsFile) -> dict[str, Any]:
    """What importing ``found`` would do, worked out by importing it and rolling back: nothing changes."""
    try:
        summary = import_records(found.records, found.format, commit=False, changed_by="preview")
    finally:
        db.session.rollback()
    return summary_dict(summary, list(found.notes))


def save_upload(filename: str, content: bytes, found: RecordsFile, by: str) -> DirectoryUpload:
    """Keep the file until the import is confirmed; an editor's earlier uploads and stale ones are dropped."""
    db.session.execute(
        delete(DirectoryUpload).where(
            (DirectoryUpload.created_by == by) | (DirectoryUpload.created_at < utcnow() - KEPT_FOR)
        )
    )
    upload = DirectoryUpload(
        filename=filename[:255], format=found.format, content=content, preview=preview(found), created_by=by
    )
    db.session.add(upload)
    db.session.commit()
    return upload


def run_import_job(job_id: str, upload_id: int) -> dict[str, Any]:
    upload = db.session.get(DirectoryUpload, upload_id)
    if upload is None:
        return {"error": "The uploaded file is no longer available. Upload it again."}
    try:
        found = read_bytes(upload.filename, upload.content)
    except ImportFileError as error:
        return {"error": str(error)}
    job = get_job(job_id)
    by = job.created_by if job else None
    total, done = len(found.records), 0

    def progress(count: int) -> None:
        nonlocal done
        done += count
        report_progress(job_id, done, total, "Importing services")

    summary = import_records(found.records, found.format, progress, changed_by=by)
    audit.record(
        "local_offer.import",
        "directory_upload",
        upload.id,
        format=found.format,  # not the file's name: it can hold a person's name
        created=summary.created,
        updated=summary.updated,
        skipped=len(summary.skipped),
        by=by,
    )
    db.session.delete(upload)
    db.session.commit()
    return summary_dict(summary, list(found.notes))
