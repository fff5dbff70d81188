"""Schemathesis against the served OpenAPI document, through the WSGI app, with the demonstration directory loaded.

No operation answers any generated request with a server error, and every response matches the document.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.core.extensions import db, refresh_planner_statistics
from tests.conftest import _empty_tables
from tests.snapshot import Snapshot, restore_snapshot

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 60


@pytest.fixture(scope="module")
def api_schema(app: Flask, demo_snapshot: Snapshot) -> Iterator[object]:
    from local_offer.search import spelling

    with app.app_context():
        _empty_tables()
        restore_snapshot(demo_snapshot)
        spelling.invalidate()
        refresh_planner_statistics()
        db.session.commit()
        db.session.remove()
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", app)
        db.session.remove()


def _fuzz(operation, statuses: list[int]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        statuses.append(case.call_and_validate(checks=CHECKS).status_code)

    run()


def test_the_api_never_fails_and_keeps_to_its_document(api_schema):
    # Operations one by one, not schemathesis' pytest plugin: its lazy fixture loader does not run on pytest 9.
    failures, tested, statuses = {}, [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        tested.append(operation.label)
        try:
            _fuzz(operation, statuses)
        except Exception as error:  # every operation is fuzzed; all failures are reported together
            failures[operation.label] = str(error)[:3000]
    assert len(tested) >= 10 and len(statuses) >= len(tested) * 5
    print(f"schemathesis: {len(tested)} operations, {len(statuses)} requests, statuses {sorted(set(statuses))}")
    assert failures == {}
