"""Importing from the editors' pages: upload, a preview that changes nothing, confirm, the job, the result, the
history each import writes; size, type and content errors; access."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import func, select, update

from local_offer.importer import import_file
from local_offer.models import DirectoryUpload, Service, ServiceChange
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.local_offer.test_editor import EDITOR, error_summary

FIXTURES = Path(__file__).parent / "fixtures"


def upload(client, name: str, content: bytes):
    return client.post(
        url_for(f"{EDITOR}.import_upload"),
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def services() -> int:
    return db.session.scalar(select(func.count(Service.id))) or 0


@pytest.mark.parametrize("fixture,fmt,count", [
    ("oruk3_page.json", "Open Referral UK 3.0 JSON", None),
    ("oruk1_feed.json", "Open Referral UK 1.0 JSON", None),
    ("services.csv", "CSV", None),
])  # fmt: skip
def test_preview_then_confirm_imports_and_writes_history(client, client_request, sign_in, fixture, fmt, count):
    user = sign_in(Role.DIRECTORY_EDITOR)
    response = upload(client, fixture, (FIXTURES / fixture).read_bytes())
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    assert services() == 0  # the preview saved nothing
    preview = client_request.get(f"{EDITOR}.import_preview", upload_id=db.session.scalar(select(DirectoryUpload.id)))
    assert fmt in preview.select_one("#import-counts").text
    to_add = [li.text.strip() for li in preview.select("#import-created li")]
    assert to_add and (count is None or len(to_add) == count)
    assert services() == 0

    done = client.post(url_for(f"{EDITOR}.import_preview", upload_id=db.session.scalar(select(DirectoryUpload.id))))
    assert done.status_code == 302
    result = client_request.get(f"{EDITOR}.import_progress", job_id=done.headers["Location"].rsplit("/", 1)[1])
    assert "Services imported" in result.text
    assert services() == len(to_add)
    links = result.select("#import-created a")
    assert [a.text.replace(" – history", "").strip() for a in links] == to_add
    history = client_request.get(f"{EDITOR}.service_history", service_id=links[0]["href"].split("/")[-2])
    assert "Added" in history.text and user.email in history.text and fmt in history.text
    assert db.session.scalar(select(DirectoryUpload.id)) is None  # the file is not kept after the import
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "local_offer.import")).one()
    assert event.detail["created"] == len(to_add) and event.detail["by"] == user.email


def test_reimporting_a_changed_file_records_what_changed(client, client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    import_file(FIXTURES / "oruk3_page.json")
    db.session.execute(update(Service).values(last_modified=datetime(2020, 1, 1)))
    db.session.commit()
    records = json.loads((FIXTURES / "oruk3_page.json").read_text())
    contents = records["contents"] if isinstance(records, dict) else records
    contents[0]["phones"] = [{"id": "new-phone", "number": "01632 960 777"}]
    upload(client, "changed.json", json.dumps(records).encode())
    upload_id = db.session.scalar(select(DirectoryUpload.id))
    preview = client_request.get(f"{EDITOR}.import_preview", upload_id=upload_id)
    assert [li.text.strip() for li in preview.select("#import-updated li")] == ["Bedworth Autism Family Group"]
    client.post(url_for(f"{EDITOR}.import_preview", upload_id=upload_id))
    change = db.session.scalars(
        select(ServiceChange).where(ServiceChange.service_id == contents[0]["id"]).order_by(ServiceChange.id.desc())
    ).first()
    assert change.action == "imported"
    assert {c["field"] for c in change.changes} == {"Telephone"}
    assert "01632 960 777" in change.changes[0]["after"]
    changed = db.session.get(Service, contents[0]["id"])
    db.session.refresh(changed)
    assert changed.last_modified > datetime(2025, 1, 1)  # a new phone number alone moves last_modified


def test_skipped_records_are_listed_with_their_reasons(client, client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    records = [{"id": "a", "name": "Good club", "description": "x"}, {"id": "b"}, "not a record"]
    upload(client, "feed.json", json.dumps(records).encode())
    preview = client_request.get(f"{EDITOR}.import_preview", upload_id=db.session.scalar(select(DirectoryUpload.id)))
    skipped = [li.text for li in preview.select("#import-skipped li")]
    assert len(skipped) == 2 and skipped[0].startswith("Record 2 (id b):")
    assert "Record 3: the record is not an object with fields" in skipped[1]


@pytest.mark.parametrize("name,content,message", [
    ("services.txt", b"id,name\n1,x\n", "The selected file must be a JSON or CSV file"),
    ("services.json", b"", "The file is empty"),
    ("services.json", b"{not json", "The file is not valid JSON"),
    ("services.json", b'{"x": 1}', "The JSON must be a list of services"),
    ("services.csv", b"id,title\n1,x\n", "The CSV has no \u2018name\u2019 column"),
    ("services.json", b"\xff\xfe[1]", "not UTF-8"),
])  # fmt: skip
def test_bad_files_are_refused_with_a_clear_error(client, client_request, sign_in, name, content, message):
    from bs4 import BeautifulSoup

    sign_in(Role.DIRECTORY_EDITOR)
    response = upload(client, name, content)
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert message in error_summary(page)[0]
    assert page.select_one(".govuk-error-summary a")["href"] == "#file"
    assert db.session.scalar(select(DirectoryUpload.id)) is None


def test_no_file_and_a_too_big_file_are_refused(client, client_request, sign_in, monkeypatch):
    from bs4 import BeautifulSoup

    from local_offer import import_jobs

    sign_in(Role.DIRECTORY_EDITOR)
    response = client.post(url_for(f"{EDITOR}.import_upload"), data={}, content_type="multipart/form-data")
    assert error_summary(BeautifulSoup(response.get_data(as_text=True), "html.parser")) == ["Select a JSON or CSV file"]
    monkeypatch.setattr(import_jobs, "MAX_BYTES", 100)
    response = upload(client, "big.json", json.dumps([{"id": str(i), "name": "x" * 50} for i in range(5)]).encode())
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert error_summary(page) == ["The selected file must be 10MB or smaller"]


def test_another_editors_upload_and_unknown_jobs_are_not_found(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    db.session.add(DirectoryUpload(filename="x.json", format="oruk3", content=b"[]", created_by="other@example.org"))
    db.session.commit()
    upload_id = db.session.scalar(select(DirectoryUpload.id))
    client_request.get(f"{EDITOR}.import_preview", upload_id=upload_id, _expected_status=404)
    client_request.get(f"{EDITOR}.import_progress", job_id="no-such-job", _expected_status=404)
    client_request.get(f"{EDITOR}.import_status", job_id="no-such-job", _expected_status=404)


def test_import_pages_are_for_directory_editors(client, client_request, sign_in):
    urls = [
        ("get", url_for(f"{EDITOR}.import_upload")),
        ("post", url_for(f"{EDITOR}.import_upload")),
        ("get", url_for(f"{EDITOR}.import_preview", upload_id=1)),
        ("post", url_for(f"{EDITOR}.import_preview", upload_id=1)),
        ("get", url_for(f"{EDITOR}.import_progress", job_id="x")),
        ("get", url_for(f"{EDITOR}.import_status", job_id="x")),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302, url
    sign_in(Role.CONSULTATION_LEAD)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url
