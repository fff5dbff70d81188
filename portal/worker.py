"""Where an RQ worker starts a job: it builds the whole app first, so this sits beside the app factory."""

from __future__ import annotations

from typing import Any

from portal import create_app
from portal.core.jobs import run_in_app


def run_job_in_new_app(job_id: str, function: str, kwargs: dict[str, Any]) -> None:
    """Entry point on an RQ worker: build the app, then run the job."""
    run_in_app(create_app(), job_id, function, kwargs)
