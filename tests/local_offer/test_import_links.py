"""Imported web addresses and emails are checked (probe finding 3): a link that is not http or https is
left out with a reason in the summary, a malformed email likewise, and neither page nor API shows one."""

from __future__ import annotations

import pytest

from local_offer.importer import import_file, import_records
from local_offer.models import Contact, Organization, Service
from portal.core.extensions import db
from tests.factories import make_service

BAD_LINKS = ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "VBScript:msgbox(1)",
             " JaVaScRiPt:alert(1)"]  # fmt: skip


def _oruk_record(url: str, **fields) -> dict:
    return {
        "id": "svc-1",
        "name": "Tuition",
        "description": "One-to-one tuition.",
        "url": url,
        "email": fields.get("email", "help@example.org"),
        "organization": {"id": "org-1", "name": "Tutors", "website": url, "logo": url, "uri": url},
        "contacts": [{"id": "c-1", "name": "Sam", "email": fields.get("contact_email", "sam@example.org")}],
    }


@pytest.mark.parametrize("url", BAD_LINKS)
def test_oruk_links_that_are_not_web_addresses_are_left_empty_with_a_reason(app_ctx, url):
    summary = import_records([_oruk_record(url)], "oruk3")
    assert summary.created == 1
    service = db.session.get(Service, "svc-1")
    organization = db.session.get(Organization, "org-1")
    assert service.url is None
    assert (organization.website, organization.logo, organization.uri) == (None, None, None)
    assert any("record 1 (id svc-1): the service's url" in line and "http://" in line for line in summary.lines())
    assert sum("was left empty" in line for line in summary.lines()) == 4


def test_web_addresses_and_good_emails_are_kept(app_ctx):
    summary = import_records([_oruk_record("https://example.org/tuition")], "oruk3")
    assert db.session.get(Service, "svc-1").url == "https://example.org/tuition"
    assert db.session.get(Organization, "org-1").website == "https://example.org/tuition"
    assert db.session.get(Contact, "c-1").email == "sam@example.org"
    assert summary.notes == []


def test_imported_emails_are_checked(app_ctx):
    record = _oruk_record("http://example.org", email="help@@example", contact_email="sam at example.org")
    summary = import_records([record], "oruk3")
    assert db.session.get(Service, "svc-1").email is None
    assert db.session.get(Contact, "c-1").email is None
    assert any("the service's email" in line and "help@@example" in line for line in summary.lines())


def test_csv_links_and_emails_are_checked(app_ctx, tmp_path):
    path = tmp_path / "services.csv"
    path.write_text("id,name,url,email\ncsv-1,Tuition,javascript:alert(1),not an email\n", encoding="utf-8")
    summary = import_file(path)
    service = db.session.get(Service, "csv-1")
    assert (service.url, service.email) == (None, None)
    assert len(summary.notes) == 2 and all(line.startswith("record 1 (id csv-1)") for line in summary.notes)


@pytest.mark.parametrize("url", BAD_LINKS)
def test_service_page_and_api_never_show_a_bad_link_already_stored(client, url):
    stored = make_service("Old record", "Imported before links were checked.", url=url, email="x@example.org")
    db.session.commit()
    page = client.get(f"/services/{stored.id}").get_data(as_text=True)
    assert "javascript:" not in page.lower() and "vbscript:" not in page.lower() and 'href="data:' not in page
    record = client.get(f"/api/services/{stored.id}").get_json()
    assert "url" not in record and record["email"] == "x@example.org"
    listed = client.get("/api/services").get_json()["contents"][0]
    assert "url" not in listed
