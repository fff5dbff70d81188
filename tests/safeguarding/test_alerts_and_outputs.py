"""`flask safeguarding pending` for cron, the emergency email (against a local aiosmtpd server), the flag column in
exports, and flagged answers kept out of quotes."""

from __future__ import annotations

import csv
import io
import logging
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from consultation import exporter
from consultation.coding import analysis, items
from consultation.coding.models import FIRST, CodingItem
from consultation.coding.public import published_quotes
from portal.core.audit import utcnow
from portal.core.extensions import db
from portal.core.safeguarding.flags import Said, assess_and_flag
from portal.core.safeguarding.models import SafeguardingFlag
from tests.consultation.coding_helpers import coding_consultation
from tests.safeguarding.conftest import DISCLOSURE
from tests.safeguarding.test_queue import NEGLECT, flagged_response


def _pending(app, *args: str):
    return app.test_cli_runner().invoke(args=["safeguarding", "pending", *args])


def test_pending_lists_items_without_their_words_and_exits_1_for_an_overdue_emergency(app_ctx, make_consultation):
    _, (concern, emergency) = flagged_response(make_consultation, NEGLECT, DISCLOSURE)
    result = _pending(app_ctx)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [str(emergency.id), "answer", "emergency", "self_harm_suicide", "0 min"]
    assert lines[1].startswith(f"{concern.id}\tanswer\tconcern\tneglect")
    assert "hits me" not in result.output and emergency.evidence not in result.output
    emergency.created_at = utcnow() - timedelta(minutes=20)
    db.session.commit()
    assert _pending(app_ctx).exit_code == 1  # SAFEGUARDING_ALERT_MINUTES is 15
    assert _pending(app_ctx, "--minutes", "30").exit_code == 0
    emergency.status = "referred"
    db.session.commit()
    assert _pending(app_ctx, "--minutes", "0").exit_code == 0  # only unreviewed items count


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


@pytest.fixture()
def smtp_server(app_ctx):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False,
                "SAFEGUARDING_ALERT_EMAIL": "safeguarding@example.gov.uk"}  # fmt: skip
    saved = {key: app_ctx.config.get(key) for key in settings}
    app_ctx.config.update(settings)
    yield inbox
    app_ctx.config.update(saved)
    controller.stop()


def test_an_emergency_is_emailed_at_once_without_the_words(client, smtp_server, make_consultation):
    _, (concern, emergency) = flagged_response(make_consultation, NEGLECT, DISCLOSURE)
    assert len(smtp_server.messages) == 1  # the concern is not emailed
    message = smtp_server.messages[0]
    body = message.get_payload(decode=True).decode()
    assert message["To"] == "safeguarding@example.gov.uk" and "Self-harm or suicide" in message["Subject"]
    assert "Consultation or survey answer" in body and "Level: Emergency" in body
    assert f"/staff/safeguarding/{emergency.id}" in body
    assert "hits me" not in body and "want to die" not in body and emergency.evidence not in body


def test_a_failed_email_is_logged_without_words_and_loses_nothing(app_ctx, make_consultation, caplog):
    import portal.core.safeguarding.alerts as alerts

    alerts.log.disabled = False  # the migrations' logging set-up turns existing loggers off
    app_ctx.config.update({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": _free_port(), "SAFEGUARDING_ALERT_EMAIL": "x@y.uk"})
    try:
        with caplog.at_level(logging.ERROR):
            _, (flag,) = flagged_response(make_consultation, DISCLOSURE)
    finally:
        app_ctx.config.update({"SMTP_HOST": None, "SAFEGUARDING_ALERT_EMAIL": None})
    assert flag.status == "new"
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"emailing emergency flag {flag.id} failed" in logged and "want to die" not in logged


def test_export_has_a_flag_column(app_ctx, make_consultation):
    consultation, _ = flagged_response(make_consultation, "More ramps at the library please", NEGLECT, DISCLOSURE)
    table = exporter.export_table(consultation)
    stream = io.BytesIO()
    exporter.write_csv(table, stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue().decode("utf-8-sig"))))
    assert [row["Safeguarding flag"] for row in rows] == ["", "concern", "emergency"]


def test_flagged_answers_are_never_offered_or_published_as_quotes(app_ctx, make_consultation):
    texts = [("The taxi to school is always late and my son misses the start of the day", "parent_carer"),
             ("The school taxi driver hits me and says he will hurt me if I tell anyone", "young_person")]  # fmt: skip
    consultation, question = coding_consultation(make_consultation, texts=texts)
    items.ensure_items(question.id)
    for item in db.session.scalars(select(CodingItem)):
        items.set_codes(item, {"transport"}, FIRST, "lead@example.gov.uk")
    db.session.commit()
    flagged = texts[1][0]
    answer_id = next(answer_id for answer_id, text in analysis.quote_candidates(question.id, "transport", 300))
    all_ids = [row.answer_id for row in db.session.scalars(select(CodingItem))]
    assess_and_flag([Said("answer", flagged, answer_id=all_ids[1])])
    assert db.session.scalar(select(SafeguardingFlag.answer_id)) == all_ids[1]
    offered = [answer for answer, _ in analysis.quote_candidates(question.id, "transport", 300)]
    assert offered == [answer_id] and all_ids[1] not in offered
    assert analysis.approve_quotes(question.id, "transport", all_ids, "lead@example.gov.uk") == 1
    analysis.publish_quotes(question.id)
    db.session.commit()
    assert ["hurt me" in quote.text for quote in published_quotes(consultation)] == [False]
    export = list(analysis.export_rows(question.id, {}))
    assert [row[-1] for row in export] == ["", db.session.scalar(select(SafeguardingFlag.level))]
