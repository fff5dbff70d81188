"""Nothing personal reaches a log line while things go wrong.

Every record logged during the fault scenarios (a database failure while an answer with an email and free text is
sent, a failed job, a 500, a search and an invitation link with personal words in the query string) is written
through the JSON formatter the app uses outside tests, and each line is checked: JSON, and free of the email,
the free text, the query's words and the token.
"""

from __future__ import annotations

import io
import json
import logging

import pytest

from consultation import public_routes
from portal.core.request_log import json_handler
from tests.consultation.conftest import valid_answers
from tests.security.test_error_logs import (
    EMAIL,
    FREE_TEXT,
    _failing_insert,
    raising_page,  # noqa: F401  (a fixture)
)

TOKEN = "Qx7vK2mN9pL4rT8wZ1bC3d"
SEARCH_WORDS = "Alfie+Oakwood"


@pytest.fixture()
def log_lines():
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _assert_clean(lines: list[dict]) -> None:
    text = json.dumps(lines)
    for secret in (EMAIL, FREE_TEXT, "Alfie", "Oakwood", TOKEN):
        assert secret not in text, secret


def test_fault_scenarios_log_nothing_personal(client, make_consultation, monkeypatch, log_lines, raising_page):  # noqa: F811
    consultation = make_consultation()
    monkeypatch.setattr(public_routes, "save_response", _failing_insert)
    data = {**valid_answers(consultation), "email": EMAIL}
    assert client.post(f"/have-your-say/{consultation.slug}/respond", data=data).status_code == 503
    assert client.get(f"/services/?text={SEARCH_WORDS}", headers={"X-Request-ID": "probe-1"}).status_code == 500
    client.get(f"/have-your-say/link/{TOKEN}?who={SEARCH_WORDS}")
    logging.getLogger("werkzeug").info('"GET /services/?text=%s HTTP/1.1" 200 -', SEARCH_WORDS)
    lines = log_lines()
    assert any("database unavailable" in line["message"] for line in lines)
    assert any(line["request_id"] == "probe-1" for line in lines)
    _assert_clean(lines)
