"""Results by GROUP BY, browsing, one response, exports (safe cells, free-text rules) and you said, we did."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import url_for
from openpyxl import load_workbook
from sqlalchemy import select

from consultation import exporter
from consultation.models import Answer, Response
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.consultation.conftest import question_ids
from tests.factories import make_response


@pytest.fixture()
def answered(make_consultation):
    consultation = make_consultation()
    who, agree, heard, used, change = question_ids(consultation)
    people = [
        ("parent_carer", None, "agree", "school", ["short_breaks"], '=HYPERLINK("http://evil")'),
        ("parent_carer", None, "disagree", "other", ["short_breaks", "transport"], "Call me on 07700 900123"),
        ("young_person", "16_18", "agree", None, [], "More clubs please"),
        ("education_staff", "senco", "strongly_agree", "school", ["speech_therapy"], "-2 staff short"),
    ]
    for n, (kind, detail, opinion, source, used_values, text) in enumerate(people):
        answers = {f"q{who}": kind, f"q{agree}": opinion, f"q{used}": used_values, f"q{change}": text}
        if detail:
            answers[f"q{who}_{kind}"] = detail
        if source:
            answers[f"q{heard}"] = source
        if source == "other":
            answers[f"q{heard}_other"] = "@ the library"
        make_response(consultation, answers, token=f"token-{n}-" + "x" * 20)
    return consultation


def _table(page, caption_start: str):
    table = next(t for t in page.select("table") if t.caption and t.caption.text.strip().startswith(caption_start))
    return [[c.text.strip() for c in row.select("th, td")] for row in table.select("tbody tr")]


def test_results_page_counts_with_accessible_tables(client_request, lead, answered):
    page = client_request.get("consultation_staff.results", consultation_id=answered.id)
    assert "4 responses" in page.select_one("#total").text
    by_type = {row[0]: row[2:] for row in _table(page, "Responses by respondent type")}
    assert by_type["Parent or carer"] == ["2", "50%"] and by_type["Young person"] == ["1", "25%"]
    agree = {row[0]: row[2:] for row in _table(page, "All answers to question 2")}
    assert agree["Agree"] == ["2", "50%"] and agree["Strongly agree"] == ["1", "25%"]
    assert agree["Strongly disagree"] == ["0", "0%"]
    used = {row[0]: row[2:] for row in _table(page, "All answers to question 4")}
    assert used["Short breaks"] == ["2", "67%"]  # of the 3 people who answered a multiple-choice question
    breakdown = {row[0]: row[1:] for row in _table(page, "Question 2 by respondent type")}
    assert breakdown["Agree"][:2] == ["1 (50%)", "1 (100%)"]
    bars = page.select("svg.app-chart rect")
    assert bars and all(rect.get("width") is not None for rect in bars)
    assert not page.select("[style]")  # the CSP forbids inline styles


def test_browse_filters_and_one_response(client_request, lead, answered):
    who, agree, heard, used, change = question_ids(answered)
    page = client_request.get("consultation_staff.responses", consultation_id=answered.id)
    assert "4 responses found" in page.text
    page = client_request.get(
        "consultation_staff.responses", consultation_id=answered.id, respondent_type="parent_carer"
    )
    assert "2 responses found" in page.text
    page = client_request.get("consultation_staff.responses", consultation_id=answered.id, answer=f"{agree}:agree")
    assert "2 responses found" in page.text
    page = client_request.get("consultation_staff.responses", consultation_id=answered.id, q="CLUBS")
    assert "1 response found" in page.text
    page = client_request.get("consultation_staff.responses", consultation_id=answered.id, q="100%_")
    assert "0 responses found" in page.text
    link = client_request.get("consultation_staff.responses", consultation_id=answered.id, q="clubs").select_one(
        "#responses a"
    )["href"]
    response_id = db.session.scalar(select(Response.id).join(Answer).where(Answer.text == "More clubs please"))
    assert link == url_for("consultation_staff.response", consultation_id=answered.id, response_id=response_id)
    page = client_request.get("consultation_staff.response", consultation_id=answered.id, response_id=response_id)
    assert "More clubs please" in page.text
    assert "Young person (16 to 18)" in page.text


def test_response_from_another_consultation_is_404(client_request, lead, answered, make_consultation):
    other = make_consultation("other-one")
    response_id = db.session.scalar(select(Response.id))
    client_request.get(
        "consultation_staff.response", consultation_id=other.id, response_id=response_id, _expected_status=404
    )


def _csv(client, consultation, **data):
    response = client.post(f"/staff/consultations/{consultation.id}/export", data={"file_format": "csv"} | data)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_export_redacts_free_text_and_neutralises_formulas(client, lead, answered):
    rows = _csv(client, answered)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Row", "Date sent", "How it was sent", "Respondent type"]
    assert [r[0] for r in body] == ["1", "2", "3", "4"]
    flat = [cell for row in body for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in flat)
    assert '\'=HYPERLINK("http://evil")' in flat and "'-2 staff short" in flat and "'@ the library" in flat
    assert any("[phone]" in cell for cell in flat) and not any("07700 900123" in cell for cell in flat)
    assert not any(r.reference in " ".join(flat) for r in db.session.scalars(select(Response)))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "consultation.export")).one()
    assert event.detail == {"format": "csv", "rows": 4, "free_text": "redacted"}


def test_export_without_redaction_needs_the_check(client, client_request, lead, answered, monkeypatch):
    monkeypatch.setattr(exporter, "load_redactor", lambda: None)
    page = client_request.get("consultation_staff.export", consultation_id=answered.id)
    assert "only exported if you have checked them" in page.text
    rows = _csv(client, answered)
    assert not any("What should we change?" in h for h in rows[0])
    assert not any("clubs" in cell for row in rows for cell in row)
    rows = _csv(client, answered, free_text_checked="y")
    assert any("What should we change?" in h for h in rows[0])
    assert any(cell == "Call me on 07700 900123" for row in rows for cell in row)


def test_xlsx_export_has_no_hidden_sheets_and_safe_cells(client, lead, answered):
    response = client.post(f"/staff/consultations/{answered.id}/export", data={"file_format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["Responses", "About this export"]
    assert all(sheet.sheet_state == "visible" for sheet in workbook.worksheets)
    values = [c.value for row in workbook["Responses"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
    assert all(c.data_type != "f" for row in workbook["Responses"].iter_rows() for c in row)


@pytest.mark.parametrize(
    "value,expected",
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("@SUM", "'@SUM"), ("fine", "fine"), (3, 3)],
)
def test_safe_cell(value, expected):
    assert exporter.safe_cell(value) == expected


def test_you_said_we_did_is_published_when_closed(client_request, lead, answered):
    page = client_request.post(
        "consultation_staff.edit_finding",
        {"topic": "", "you_said": "", "we_did": ""},
        consultation_id=answered.id,
        _expected_status=200,
    )
    assert "Enter the topic" in page.select_one(".govuk-error-summary").text
    client_request.post(
        "consultation_staff.edit_finding",
        {"topic": "Short breaks", "you_said": "You want more.", "we_did": "We added 40 places."},
        consultation_id=answered.id,
    )
    page = client_request.post(
        "consultation_staff.publish_findings", consultation_id=answered.id, _follow=True, _expected_status=200
    )
    assert "after the consultation has closed" in page.text
    answered.closes_on = answered.opens_on + timedelta(days=1)
    db.session.commit()
    client_request.post("consultation_staff.publish_findings", consultation_id=answered.id)
    public = client_request.get("consultation_public.consultation_page", slug="send-strategy").text
    assert "We asked, you said, we did" in public and "We added 40 places." in public
    assert "consultation.publish_results" in db.session.scalars(select(AuditEvent.action)).all()


def test_cli_list_and_export(app_ctx, answered, tmp_path):
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(args=["consultation", "list"])
    assert result.exit_code == 0 and result.output.strip() == "send-strategy\topen\t4"
    target = tmp_path / "out.xlsx"
    result = runner.invoke(args=["consultation", "export", "send-strategy", str(target)])
    assert result.exit_code == 0, result.output
    assert load_workbook(target)["Responses"].max_row == 5
    result = runner.invoke(args=["consultation", "export", "nope", str(target)])
    assert result.exit_code != 0 and "no consultation" in result.output
