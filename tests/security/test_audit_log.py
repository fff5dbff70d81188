"""Sign-in failures and staff changes are audited; the audit log never holds passwords or free text."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.consultation.conftest import question_ids
from tests.factories import make_staff_user
from tests.security.conftest import signed_in_client

WRONG_PASSWORD = "Tr0ub4dor&3 guess"
FREE_TEXT = "Oliver Bennett waited 40 weeks for his EHC plan"
FILE_NAME = "Letters from Priya Shah.csv"
DESCRIPTION = "Quiet sessions run by Mrs Ada Lovelace for children who find busy pools hard."
HEADER = (
    "Who are you?,Do you agree with our priorities,How did you hear about this,Services used,What should we change?"
)


def _fail_sign_ins(app_ctx) -> None:
    make_staff_user(Role.ADMIN, email="victim@example.gov.uk", name="Victim")
    client = app_ctx.test_client()
    for email in ("victim@example.gov.uk", "nobody@example.gov.uk"):
        client.post("/staff/sign-in", data={"email": email, "password": WRONG_PASSWORD})


def _import_and_export(app_ctx, consultation) -> None:
    who, agree, heard, used, change = question_ids(consultation)
    client = signed_in_client(app_ctx, Role.CONSULTATION_LEAD)
    content = f"{HEADER}\r\nParent or carer,Agree,School,Transport,{FREE_TEXT}\r\n".encode()
    response = client.post(
        f"/staff/consultations/{consultation.id}/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(content), FILE_NAME), "source": "paper"},
    )
    mapping = {
        "col_0": "respondent_type",
        "col_1": f"q{agree}",
        "col_2": f"q{heard}",
        "col_3": f"q{used}",
        "col_4": f"q{change}",
    }
    body = client.post(response.headers["Location"], data=mapping, follow_redirects=True).get_data(as_text=True)
    assert "1 response saved" in body or "1 responses saved" in body, body[:3000]
    export = client.post(
        f"/staff/consultations/{consultation.id}/export", data={"file_format": "csv", "free_text_checked": "y"}
    )
    assert export.status_code == 200


def _edit_a_service(app_ctx) -> None:
    from tests.local_offer.test_editor import good_form

    client = signed_in_client(app_ctx, Role.DIRECTORY_EDITOR)
    response = client.post("/staff/directory/services/new", data=good_form())
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    service_id = response.headers["Location"].rstrip("/").split("/")[-1]
    edited = client.post(f"/staff/directory/services/{service_id}", data=good_form(description=DESCRIPTION))
    assert edited.status_code == 302


def _import_indicators(app_ctx) -> None:
    from tests.portal.test_strategy_import import GOOD

    client = signed_in_client(app_ctx, Role.STRATEGY_LEAD)
    response = client.post(
        "/staff/strategy/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(GOOD.encode()), "Figures from Priya Shah.csv")},
    )
    assert response.status_code == 302


def _is_free_text(value) -> bool:
    if isinstance(value, dict):
        return any(_is_free_text(item) for item in value.values())
    if isinstance(value, list):
        return any(_is_free_text(item) for item in value)
    return isinstance(value, str) and (" " in value.strip() or len(value) > 80)


def test_the_audit_log_holds_actions_but_no_secrets_or_free_text(app_ctx, make_consultation):
    _fail_sign_ins(app_ctx)
    _import_and_export(app_ctx, make_consultation())
    _edit_a_service(app_ctx)
    _import_indicators(app_ctx)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [event.action for event in events]
    assert actions.count("auth.sign_in_failed") == 2
    for action in (
        "consultation.import",
        "consultation.export",
        "service.create",
        "service.edit",
        "staff.create",
        "indicators.import",
    ):
        assert action in actions
    logged = json.dumps([[e.actor, e.target_id, e.detail] for e in events], ensure_ascii=False)
    for secret in (WRONG_PASSWORD, "correct horse", "Oliver", "Priya", "Ada Lovelace", "busy pools"):
        assert secret not in logged
    assert [e.detail for e in events if _is_free_text(e.detail)] == []
