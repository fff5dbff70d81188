"""Codebooks: create, edit themes, import and export as JSON, bad files, starters, and who may use them."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from consultation.coding.codebooks import CodebookError, check_codebook, parse_codebook
from consultation.coding.models import CodingCodebook
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.consultation.coding_helpers import CODEBOOK, coding_consultation


def test_coding_pages_need_the_consultation_lead_role(client_request, sign_in, make_consultation):
    consultation, question = coding_consultation(make_consultation)
    ids = {"consultation_id": consultation.id, "question_id": question.id}
    pages = [
        ("coding_staff.index", {"consultation_id": consultation.id}),
        ("coding_staff.review", ids),
        ("coding_staff.analysis_page", ids),
    ]
    client_request.get("coding_staff.index", consultation_id=consultation.id, _expected_status=302)
    sign_in(Role.DIRECTORY_EDITOR)
    for endpoint, values in pages:
        client_request.get(endpoint, _expected_status=403, **values)
    client_request.post("coding_staff.starter_codebook", consultation_id=consultation.id, _expected_status=403)


def test_overview_links_to_coding(client_request, lead, make_consultation):
    consultation, _ = coding_consultation(make_consultation)
    page = client_request.get("consultation_staff.overview", consultation_id=consultation.id)
    assert page.select_one(f"a[href='/staff/consultations/{consultation.id}/coding/']")


def test_create_a_codebook_and_add_edit_and_delete_themes(client_request, lead, make_consultation):
    consultation, _ = coding_consultation(make_consultation, with_codebook=False)
    page = client_request.post("coding_staff.new_codebook", {"name": ""}, 200, consultation_id=consultation.id)
    assert "Enter a name for the codebook" in page.select_one(".govuk-error-summary").text
    client_request.post("coding_staff.new_codebook", {"name": "Priorities"}, consultation_id=consultation.id)
    codebook = db.session.scalar(select(CodingCodebook))
    ids = {"consultation_id": consultation.id, "codebook_id": codebook.id}
    client_request.post(
        "coding_staff.edit_theme",
        {"name": "Transport", "description": "Getting to school", "keywords": "taxi, bus\ncoach", "parent": ""},
        **ids,
    )
    client_request.post("coding_staff.edit_theme", {"name": "Taxis", "keywords": "taxi", "parent": "transport"}, **ids)
    db.session.refresh(codebook)
    assert [t["id"] for t in codebook.themes] == ["transport", "taxis"]
    assert codebook.themes[0]["keywords"] == ["taxi", "bus", "coach"]
    client_request.post(
        "coding_staff.edit_theme", {"name": "School transport", "parent": ""}, theme_id="transport", **ids
    )
    page = client_request.get("coding_staff.codebook", **ids)
    assert [h.text.split("(")[0].strip() for h in page.select("#themes h2")] == ["School transport", "Taxis"]
    client_request.post("coding_staff.delete_theme", theme_id="transport", **ids)  # has a narrower theme: refused
    db.session.refresh(codebook)
    assert len(codebook.themes) == 2
    client_request.post("coding_staff.delete_theme", theme_id="taxis", **ids)
    db.session.refresh(codebook)
    assert [t["id"] for t in codebook.themes] == ["transport"]


def test_import_and_export_round_trip(client, client_request, lead, make_consultation):
    consultation, _ = coding_consultation(make_consultation, with_codebook=False)
    upload = {"file": (io.BytesIO(json.dumps(CODEBOOK).encode()), "codebook.json")}
    client_request.post("coding_staff.import_codebook", upload, consultation_id=consultation.id)
    codebook = db.session.scalar(select(CodingCodebook))
    exported = client.get(f"/staff/consultations/{consultation.id}/coding/codebooks/{codebook.id}/export")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    assert exported.get_json() == check_codebook(CODEBOOK)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "coding.codebook_import" in actions


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "The file is not valid JSON"),
        (b"[]", "must hold one JSON object"),
        (json.dumps({"name": "x", "themes": []}).encode(), "must have a list of themes"),
        (json.dumps({"name": "x", "themes": [{"id": "Bad Id", "name": "x"}]}).encode(), "Theme 1 must have an id"),
        (json.dumps({"name": "x", "themes": [{"id": "a", "name": "A", "parent": "zz"}]}).encode(), "not in the"),
        (json.dumps({"name": "x", "themes": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}).encode(), "id a"),
        (b" " * 1_000_001, "1MB or smaller"),
        (b'{"name": "x", "themes": ' + b"[" * 400_000 + b"]" * 400_000 + b"}", "nested too deeply"),  # finding 11
    ],
)
def test_bad_codebooks_are_refused_with_a_clear_error(content, message):
    with pytest.raises(CodebookError, match=message):
        parse_codebook(content)


def test_a_bad_import_shows_the_error_and_saves_nothing(client_request, lead, make_consultation):
    consultation, _ = coding_consultation(make_consultation, with_codebook=False)
    upload = {"file": (io.BytesIO(b'{"name": "x", "themes": "no"}'), "codebook.json")}
    page = client_request.post(
        "coding_staff.import_codebook", upload, consultation_id=consultation.id, _expected_status=200
    )
    assert "The codebook must have a list of themes" in page.text
    assert db.session.scalar(select(CodingCodebook)) is None


def test_a_deeply_nested_codebook_gets_a_clear_error_on_the_page(client_request, lead, make_consultation):
    """Probe finding 11: a codebook nested deeply enough to exhaust the JSON parser gave a 500."""
    consultation, _ = coding_consultation(make_consultation, with_codebook=False)
    nested = b'{"name": "x", "themes": ' + b"[" * 400_000 + b"]" * 400_000 + b"}"
    upload = {"file": (io.BytesIO(nested), "codebook.json")}
    page = client_request.post(
        "coding_staff.import_codebook", upload, consultation_id=consultation.id, _expected_status=200
    )
    assert "nested too deeply" in page.text


def test_start_from_the_strategy_priorities_and_keep_the_ticked_themes(client_request, lead, make_consultation):
    consultation, _ = coding_consultation(make_consultation, with_codebook=False)
    client_request.post("coding_staff.starter_codebook", consultation_id=consultation.id)
    codebook = db.session.scalar(select(CodingCodebook))
    assert len(codebook.themes) >= 10
    ids = {"consultation_id": consultation.id, "codebook_id": codebook.id}
    page = client_request.post("coding_staff.choose_themes", {}, 200, **ids)
    assert "Select at least one theme to keep" in page.select_one(".govuk-error-summary").text
    client_request.post("coding_staff.choose_themes", {"themes": ["transport", "ehc-timeliness"]}, **ids)
    db.session.refresh(codebook)
    assert [t["id"] for t in codebook.themes] == ["ehc-timeliness", "transport"]
    assert codebook.themes[0]["parent"] is None  # its parent was not kept


def test_start_from_discovered_themes(client_request, lead, make_consultation):
    groups = ["The school taxi was late again", "Speech therapy waiting list", "Short breaks helped", "Nice staff"]
    texts = [(f"{group} on day {i}", "parent_carer") for group in groups for i in range(6)]
    consultation, question = coding_consultation(make_consultation, texts=texts, with_codebook=False)
    client_request.post("coding_staff.discover", {"question": question.id}, consultation_id=consultation.id)
    codebook = db.session.scalar(select(CodingCodebook))
    names = " ".join(t["name"].lower() for t in codebook.themes)
    assert "taxi" in names and len(codebook.themes) >= 3
