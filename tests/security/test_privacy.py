"""Personal details written into free-text answers never reach a public page, a published quote or an export."""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from datetime import date, timedelta

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from consultation.coding import analysis, items
from consultation.coding.models import FIRST, CodingItem
from portal.core.access import PUBLIC, Role
from portal.core.audit import utcnow
from portal.core.extensions import db
from tests.consultation.coding_helpers import coding_consultation
from tests.security.conftest import signed_in_client
from tests.security.routes import build_url, resolvers

PERSONAL = {
    "name": "Jack Thompson",
    "email": "jack.thompson@example.com",
    "mobile": "07700 900123",
    "landline": "01632 960983",
    "nhs number": "943 476 5919",
}
TEXTS = [
    (f"The taxi is late every morning and my son {PERSONAL['name']} misses registration", "parent_carer"),
    (f"Transport by taxi is fine but the driver keeps changing, email {PERSONAL['email']}", "parent_carer"),
    (f"The bus to college is far too long, ring me on {PERSONAL['mobile']} or {PERSONAL['landline']}", "parent_carer"),
    (f"His NHS number is {PERSONAL['nhs number']} and the transport team never calls back", "young_person"),
]
MAX_PAGES = 250


def _leaks(text: str) -> list[str]:
    squashed = re.sub(r"\s+", "", text)
    return [kind for kind, value in PERSONAL.items() if value in text or value.replace(" ", "") in squashed]


@pytest.fixture()
def published(demo: Flask, make_consultation):
    """A closed consultation with personal details in its answers, coded, quoted, and its results published."""
    consultation, question = coding_consultation(make_consultation, texts=TEXTS)
    items.ensure_items(question.id)
    for item in db.session.scalars(select(CodingItem).order_by(CodingItem.id)):
        items.set_codes(item, {"transport"}, FIRST, "lead@example.gov.uk")
    candidates = [answer_id for answer_id, _ in analysis.quote_candidates(question.id, "transport", limit=50)]
    assert analysis.approve_quotes(question.id, "transport", candidates, "lead@example.gov.uk") == len(TEXTS)
    analysis.publish_quotes(question.id)
    consultation.opens_on, consultation.closes_on = date.today() - timedelta(days=60), date.today() - timedelta(days=1)
    consultation.results_published_at = utcnow()
    db.session.commit()
    return consultation, question


def _public_start_urls(app: Flask) -> list[str]:
    found = resolvers()
    return [
        build_url(rule, found)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static" and app.view_functions[rule.endpoint].access == PUBLIC
    ]


def _links(body: str) -> list[str]:
    links = re.findall(r'href="(/[^"#]*)"', body)
    return [link.replace("&amp;", "&") for link in links if not link.startswith(("/static/", "/staff"))]


def _crawl(client, start: list[str]) -> dict[str, str]:
    seen, queue, pages = set(start), deque(start), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = response.get_data(as_text=True)
        if response.status_code == 200 and response.mimetype == "text/html":
            for link in _links(pages[url]):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return pages


def test_no_personal_details_on_any_public_page(published, demo):
    consultation, _ = published
    pages = _crawl(demo.test_client(), _public_start_urls(demo))
    page = pages.get(f"/have-your-say/{consultation.slug}") or demo.test_client().get(
        f"/have-your-say/{consultation.slug}"
    ).get_data(as_text=True)
    assert "In people's own words" in page and "[name]" in page  # the quotes are there, redacted
    assert {url: _leaks(body) for url, body in pages.items() if _leaks(body)} == {}


def _csv_text(data: bytes) -> str:
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_text(data: bytes) -> str:
    workbook = load_workbook(io.BytesIO(data))
    return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)


def test_no_personal_details_in_exports(published, demo, tmp_path):
    consultation, question = published
    client = signed_in_client(demo, Role.CONSULTATION_LEAD)
    exports = {}
    for file_format, checked in (("csv", "y"), ("xlsx", "y"), ("csv", "")):
        response = client.post(
            f"/staff/consultations/{consultation.id}/export",
            data={"file_format": file_format, "free_text_checked": checked},
        )
        reader = _csv_text if file_format == "csv" else _xlsx_text
        exports[f"responses.{file_format} checked={checked}"] = reader(response.data)
    base = f"/staff/consultations/{consultation.id}/coding/questions/{question.id}"
    exports["coding.csv"] = _csv_text(client.get(f"{base}/export.csv").data)
    exports["coding.xlsx"] = _xlsx_text(client.get(f"{base}/export.xlsx").data)
    result = demo.test_cli_runner().invoke(args=["consultation", "export", consultation.slug, str(tmp_path / "x.csv")])
    assert result.exit_code == 0, result.output
    exports["cli.csv"] = _csv_text((tmp_path / "x.csv").read_bytes())
    assert "registration" in exports["coding.csv"] and "registration" in exports["cli.csv"]
    assert {name: _leaks(text) for name, text in exports.items() if _leaks(text)} == {}
