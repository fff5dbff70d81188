"""Theme counts by respondent type, the answers behind them, quotes (redacted, approved, published) and the export."""

from __future__ import annotations

import csv
import io

from flask import render_template
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import select

from consultation.coding import items
from consultation.coding.models import FIRST, CodingItem, CodingQuote
from consultation.coding.public import published_quotes
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.consultation.coding_helpers import coding_consultation

TEXTS = [
    ("The taxi is late every single morning and my son Jack misses registration", "parent_carer"),
    ("Transport by taxi is fine but the driver keeps changing, call me on 07700 900123", "parent_carer"),
    ("The bus to college takes far too long and I arrive tired", "young_person"),
    ('=HYPERLINK("http://evil.example") the plan review was late', "young_person"),
]


def _coded(make_consultation):
    consultation, question = coding_consultation(make_consultation, texts=TEXTS)
    items.ensure_items(question.id)
    rows = list(db.session.scalars(select(CodingItem).order_by(CodingItem.id)))
    for item, themes in zip(rows, [{"transport"}, {"transport"}, {"transport"}, {"ehcp"}], strict=True):
        items.set_codes(item, themes, FIRST, "lead@example.gov.uk")
    db.session.commit()
    return consultation, question


def test_theme_counts_by_respondent_type(client_request, lead, make_consultation):
    consultation, question = _coded(make_consultation)
    ids = {"consultation_id": consultation.id, "question_id": question.id}
    page = client_request.get("coding_staff.analysis_page", **ids)
    overall = {
        row.select("td")[0].contents[0].strip(): (
            row.select("td")[1].a.contents[0].strip(),
            row.select("td")[2].text.strip(),
        )
        for row in page.select("#overall tbody tr")
    }
    assert overall["Home to school transport"] == ("3", "75%")
    assert overall["EHC plans"] == ("1", "25%")
    assert page.select_one("#overall meter")["value"] == "75"
    tabs = [a.text.strip() for a in page.select("#by-type .govuk-tabs__tab")]
    assert tabs == ["Parent or carer", "Young person"]
    assert [h.text for h in page.select("#by-type h3")] == ["Parent or carer (2)", "Young person (2)"]

    def transport(kind: str) -> list[str]:
        row = next(r for r in page.select(f"#by-type-{kind} tbody tr") if "transport" in r.text)
        return [
            cell.contents[0].strip() if cell.a is None else cell.a.contents[0].strip() for cell in row.select("td")[1:]
        ]

    assert transport("parent_carer") == ["2", "100%", "75%"]
    assert transport("young_person") == ["1", "50%", "75%"]
    answers = client_request.get("coding_staff.theme_answers", theme="transport", type="young_person", **ids)
    assert [li.p.text for li in answers.select("#answers li")] == [TEXTS[2][0]]


def test_quotes_are_redacted_and_public_only_after_approval_and_publishing(client_request, lead, make_consultation):
    consultation, question = _coded(make_consultation)
    ids = {"consultation_id": consultation.id, "question_id": question.id}
    page = client_request.get("coding_staff.quotes", **ids)
    offered = page.select_one("#theme-transport").text
    assert "Jack" not in offered and "07700" not in offered and "[name]" in offered and "[phone]" in offered
    assert published_quotes(consultation) == []
    answer_ids = [int(box["value"]) for box in page.select("#theme-transport input[name=answers]")]
    client_request.post("coding_staff.quotes", {"theme": "transport", "answers": answer_ids[:2]}, **ids)
    stored = db.session.scalars(select(CodingQuote)).all()
    assert len(stored) == 2 and all("Jack" not in q.redacted_text and "07700" not in q.redacted_text for q in stored)
    assert published_quotes(consultation) == []  # approved is not yet published
    client_request.post("coding_staff.publish_quotes", **ids)
    public = published_quotes(consultation)
    assert {q.text for q in public} == {q.redacted_text for q in stored}
    assert {q.theme for q in public} == {"Home to school transport"}
    assert "coding.publish_quotes" in db.session.scalars(select(AuditEvent.action)).all()
    shown = render_template("consultation/_findings.html", consultation=consultation)
    assert "In people's own words" in shown and all(escape(q.text) in shown for q in public)


def test_quotes_cannot_be_approved_from_answers_outside_the_theme(client_request, lead, make_consultation):
    consultation, question = _coded(make_consultation)
    ehcp_answer = db.session.scalars(select(CodingItem.answer_id).order_by(CodingItem.id)).all()[3]
    ids = {"consultation_id": consultation.id, "question_id": question.id}
    client_request.post("coding_staff.quotes", {"theme": "transport", "answers": [ehcp_answer]}, **ids)
    assert db.session.scalar(select(CodingQuote)) is None


def test_export_is_redacted_and_safe_from_formula_injection(client, client_request, lead, make_consultation):
    consultation, question = _coded(make_consultation)
    base = f"/staff/consultations/{consultation.id}/coding/questions/{question.id}"
    rows = list(csv.reader(io.StringIO(client.get(f"{base}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Row", "Respondent type", "Answer (redacted)", "Themes"]
    body = "\n".join(",".join(row) for row in rows[1:])
    assert "Jack" not in body and "07700" not in body
    assert rows[4][2].startswith("'=HYPERLINK") and rows[4][3] == "EHC plans"
    assert rows[1][4] == "Reviewed by a person"
    workbook = load_workbook(io.BytesIO(client.get(f"{base}/export.xlsx").data))
    sheet = workbook["Coded answers"]
    assert str(sheet.cell(row=5, column=3).value).startswith("'=")
    ids = {"consultation_id": consultation.id, "question_id": question.id}
    client_request.get("coding_staff.export", fmt="pdf", _expected_status=404, **ids)
