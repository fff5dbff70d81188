"""Importing paper and email responses: file checks, column matching, progress, all-or-nothing."""

from __future__ import annotations

import io

import pytest
from flask import url_for
from openpyxl import Workbook
from sqlalchemy import func, select

from consultation import import_files
from consultation.importer import suggest_mapping
from consultation.models import Answer, Response, ResponseUpload
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.consultation.conftest import question_ids
from tests.snapshot import database_rows

HEADER = (
    "Who are you?,Do you agree with our priorities,How did you hear about this,Services used,What should we change?"
)
GOOD_ROWS = [
    "Parent or carer,Agree,School,Short breaks; Transport,=SUM(A1) more ramps",
    "SENCo,strongly disagree,,Speech therapy,",
    "Young person (16 to 18),Neither agree nor disagree,Other,,",
]


def _csv(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def _count(model=Response) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _upload(client, consultation, content: bytes, filename: str = "paper.csv"):
    return client.post(
        f"/staff/consultations/{consultation.id}/import",
        data={"file": (io.BytesIO(content), filename), "source": "paper"},
        content_type="multipart/form-data",
    )


def _mapping(consultation) -> dict:
    """The endpoint values of the mapping page for the one upload waiting."""
    upload_id = db.session.scalar(select(ResponseUpload.id))
    return {"consultation_id": consultation.id, "upload_id": upload_id}


def _import_with(client_request, consultation, data: dict):
    """Send the column mapping for the waiting upload and return the page the import ends on."""
    return client_request.post(
        "consultation_staff.mapping", data, _follow=True, _expected_status=200, **_mapping(consultation)
    )


def test_headers_are_matched_to_questions(make_consultation):
    consultation = make_consultation()
    who, agree, heard, used, change = question_ids(consultation)
    headers = HEADER.split(",") + ["Date received", f"q{agree}", "Postcode"]
    mapping = suggest_mapping(headers, consultation)
    assert mapping[0] == "respondent_type"
    assert mapping[2] == f"q{heard}" and mapping[4] == f"q{change}" and mapping[5] == "date"
    assert mapping[1] == "ignore" and mapping[6] == f"q{agree}"  # an exact id wins; each question used once
    assert mapping[7] == "ignore"


def test_upload_map_and_import(client, client_request, lead, make_consultation):
    consultation = make_consultation()
    who, agree, heard, used, change = question_ids(consultation)
    response = _upload(client, consultation, _csv(*GOOD_ROWS, encoding="utf-8-sig"))
    assert response.status_code == 302
    assert response.location == url_for("consultation_staff.mapping", **_mapping(consultation))
    page = client_request.get("consultation_staff.mapping", **_mapping(consultation))
    assert page.select_one(f"option[value=q{agree}][selected]") and "For example: Agree" in page.text
    data = {
        "col_0": "respondent_type",
        "col_1": f"q{agree}",
        "col_2": f"q{heard}",
        "col_3": f"q{used}",
        "col_4": f"q{change}",
    }
    body = _import_with(client_request, consultation, data).text
    assert "Responses imported" in body and "3 responses saved" in body
    saved = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert [(r.source, r.respondent_type, r.respondent_detail, r.reference) for r in saved] == [
        ("paper", "parent_carer", None, None),
        ("paper", "education_staff", "senco", None),
        ("paper", "young_person", "16_18", None),
    ]
    texts = db.session.scalars(select(Answer.text).where(Answer.question_id == change)).all()
    assert texts == ["=SUM(A1) more ramps"]  # stored as written; exports make it safe
    assert sorted(db.session.scalars(select(Answer.option_value).where(Answer.question_id == used))) == [
        "short_breaks",
        "speech_therapy",
        "transport",
    ]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "consultation.import")).one()
    assert event.detail["rows"] == 3 and event.detail["by"] == "consultation_lead@example.gov.uk"
    assert _count(ResponseUpload) == 0


def test_a_file_with_bad_rows_saves_nothing(client, client_request, lead, make_consultation):
    consultation = make_consultation()
    rows = GOOD_ROWS + ["Parent or carer,Maybe,School,,", "Alien,Agree,Carrier pigeon,,"]
    assert _upload(client, consultation, _csv(*rows)).status_code == 302
    body = _import_with(client_request, consultation, {}).text
    assert "The file was not imported" in body and "Nothing has been saved" in body
    assert "Row 5: ‘Maybe’ is not an option for ‘Do you agree with our priorities?’" in body
    assert "Row 6: ‘Alien’ is not a respondent type" in body and "‘Carrier pigeon’ is not an option" in body
    assert _count() == 0 and _count(Answer) == 0
    assert "Change which columns match which questions" in body


@pytest.mark.parametrize(
    "content,filename,message",
    [
        (_csv(*GOOD_ROWS[:1] + ["Parent or carer,Agree,School,,Caf\x81"], encoding="latin-1"), "x.csv", "UTF-8"),
        (b"hello", "notes.txt", "must be a CSV or an Excel"),
        (_csv(*GOOD_ROWS), "pretend.xlsx", "could not be opened as an Excel workbook"),
        (HEADER.encode(), "empty.csv", "no responses"),
        (b"", "nothing.csv", "The selected file is empty"),
    ],
)
def test_files_that_cannot_be_read_are_refused(client, lead, make_consultation, content, filename, message):
    consultation = make_consultation()
    response = _upload(client, consultation, content, filename)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _count(ResponseUpload) == 0


def test_row_limit(client, lead, make_consultation, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 2)
    response = _upload(client, make_consultation(), _csv(*GOOD_ROWS))
    assert "must have 2 rows of responses or fewer" in response.get_data(as_text=True)


def test_size_limit():
    with pytest.raises(import_files.ImportFileError, match="smaller than 10MB"):
        import_files.read_table("big.csv", b"x" * (import_files.MAX_BYTES + 1))


def test_xlsx_upload(client, client_request, lead, make_consultation):
    consultation = make_consultation()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["Parent or carer", "Agree", "School", "Transport", 42])
    stream = io.BytesIO()
    workbook.save(stream)
    assert _upload(client, consultation, stream.getvalue(), "paper.xlsx").status_code == 302
    body = _import_with(client_request, consultation, {}).text
    assert "1 responses saved" in body or "1 response" in body
    assert db.session.scalar(select(Answer.text).where(Answer.text.is_not(None))) == "42"


def test_mapping_must_choose_a_question_once(client, client_request, lead, make_consultation):
    consultation = make_consultation()
    agree = question_ids(consultation)[1]
    assert _upload(client, consultation, _csv(*GOOD_ROWS)).status_code == 302
    mapping = _mapping(consultation)
    nothing = {f"col_{i}": "ignore" for i in range(5)}
    page = client_request.post("consultation_staff.mapping", nothing, _expected_status=200, **mapping)
    assert "Choose a question for at least one column" in page.text
    twice = {"col_0": f"q{agree}", "col_1": f"q{agree}"}
    page = client_request.post("consultation_staff.mapping", twice, _expected_status=200, **mapping)
    assert "Each question can only be chosen for one column" in page.text
    assert _count() == 0


def test_cli_import_with_map_and_rejection(app_ctx, make_consultation, tmp_path):
    consultation = make_consultation()
    agree = question_ids(consultation)[1]
    path = tmp_path / "email.csv"
    path.write_bytes(_csv("Parent or carer,Agree,School,,Lovely", header="Type,Opinion,Heard,Used,Views"))
    runner = app_ctx.test_cli_runner()
    result = runner.invoke(
        args=[
            "consultation",
            "import-responses",
            "send-strategy",
            str(path),
            "--source",
            "email",
            "--map",
            f"Opinion={agree}",
            "--map",
            "Type=respondent_type",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 1 responses" in result.output
    assert db.session.scalar(select(Response.source)) == "email"
    path.write_bytes(_csv("Parent or carer,Perhaps,School,,", header="Type,Opinion,Heard,Used,Views"))
    result = runner.invoke(
        args=[
            "consultation",
            "import-responses",
            "send-strategy",
            str(path),
            "--map",
            f"Opinion=q{agree}",
            "--map",
            "Type=respondent_type",
        ]
    )
    assert result.exit_code != 0 and "Row 2: ‘Perhaps’ is not an option" in result.output
    assert _count() == 1


def test_progress_page_follows_the_job_until_it_finishes(client_request, lead, make_consultation):
    from consultation.import_jobs import JOB_KIND, job_target
    from portal.core.jobs import Job

    consultation = make_consultation()
    other = make_consultation("other-one")
    job = Job(
        kind=JOB_KIND,
        target=job_target(consultation),
        status="running",
        done=2500,
        total=10000,
        message="Checking rows",
    )
    db.session.add(job)
    db.session.commit()
    page = client_request.get("consultation_staff.import_progress", consultation_id=consultation.id, job_id=job.id)
    # No timed refresh (WCAG 2.2.1): the page's script polls the status; without it the lead reloads.
    assert page.select_one("meta[http-equiv=refresh]") is None
    assert "Checking rows: 25% done (2,500 of 10,000)" in page.select_one("#job-status[role=status]").text
    assert page.select_one("progress")["value"] == "25"
    status_url = url_for("consultation_staff.import_status", consultation_id=consultation.id, job_id=job.id)
    assert page.select_one("[data-job-status-url]")["data-job-status-url"] == status_url
    assert page.select_one("#job-refresh a")["href"] == url_for(
        "consultation_staff.import_progress", consultation_id=consultation.id, job_id=job.id
    )
    status = client_request.client.get(status_url).get_json()
    assert status["finished"] is False and status["percent"] == 25 and status["text"].startswith("Checking rows")
    for endpoint in ("consultation_staff.import_progress", "consultation_staff.import_status"):
        client_request.get(endpoint, consultation_id=other.id, job_id=job.id, _expected_status=404)
    job.status = "failed"
    db.session.commit()
    page = client_request.get("consultation_staff.import_progress", consultation_id=consultation.id, job_id=job.id)
    assert not page.select("meta[http-equiv=refresh]") and "Nothing has been saved" in page.text


def test_upload_needs_a_file(client_request, lead, make_consultation):
    consultation = make_consultation()
    page = client_request.post(
        "consultation_staff.upload", {"source": "paper"}, consultation_id=consultation.id, _expected_status=200
    )
    assert "Select a CSV or Excel file" in page.select_one(".govuk-error-summary").text


def test_a_csv_saved_by_excel_in_windows_1252_is_imported_with_a_note(client, client_request, lead, make_consultation):
    consultation = make_consultation()
    who, agree, heard, used, change = question_ids(consultation)
    said = "Caf\u00e9 trips cost \u00a35, \u201ctoo much\u201d for children\u2019s families"
    content = _csv('Parent or carer,Agree,School,,"' + said + '"', encoding="cp1252")
    assert b"\x92" in content and b"\x93" in content and b"\xa3" in content and b"\xe9" in content
    response = _upload(client, consultation, content, "excel.csv")
    assert response.status_code == 302
    data = {"col_0": "respondent_type", "col_1": f"q{agree}", "col_2": f"q{heard}", "col_4": f"q{change}"}
    body = _import_with(client_request, consultation, data).text
    assert "1 responses saved" in body
    assert "Read as Windows-1252 because the file was not UTF-8" in body
    assert db.session.scalars(select(Answer.text).where(Answer.question_id == change)).all() == [said]


def test_a_utf8_csv_with_a_byte_order_mark_has_no_encoding_note():
    table = import_files.read_table("x.csv", _csv(*GOOD_ROWS, encoding="utf-8-sig"))
    assert table.notes == [] and table.headers[0] == "Who are you?"


def test_cli_import_notes_a_windows_1252_csv(app_ctx, make_consultation, tmp_path):
    make_consultation()
    path = tmp_path / "excel.csv"
    path.write_bytes(_csv("Parent or carer,Agree,School,,\u201cCaf\u00e9\u201d costs \u00a35", encoding="cp1252"))
    result = app_ctx.test_cli_runner().invoke(args=["consultation", "import-responses", "send-strategy", str(path)])
    assert result.exit_code == 0, result.output
    assert "Note: Read as Windows-1252 because the file was not UTF-8." in result.output
    assert db.session.scalars(select(Answer.text).where(Answer.text.like("%Caf%"))).all() == [
        "\u201cCaf\u00e9\u201d costs \u00a35"
    ]


def test_cli_dry_run_changes_nothing_and_counts_as_a_real_run(app_ctx, make_consultation, tmp_path):
    make_consultation()
    path = tmp_path / "paper.csv"
    path.write_bytes(_csv(*GOOD_ROWS))
    runner = app_ctx.test_cli_runner()
    before = database_rows()
    args = ["consultation", "import-responses", "send-strategy", str(path)]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would import 3 responses into send-strategy." in dry.output
    assert "Dry run: nothing was changed" in dry.output
    assert database_rows() == before  # no responses, answers, audit entries or safeguarding flags
    real = runner.invoke(args=args)
    assert real.exit_code == 0, real.output
    assert "Imported 3 responses into send-strategy." in real.output
    assert _count() == 3 and _count(AuditEvent) == 1


def test_cli_dry_run_still_checks_every_row(app_ctx, make_consultation, tmp_path):
    make_consultation()
    path = tmp_path / "paper.csv"
    path.write_bytes(_csv(*GOOD_ROWS, "Alien,Agree,,,"))
    result = app_ctx.test_cli_runner().invoke(
        args=["consultation", "import-responses", "send-strategy", str(path), "--dry-run"]
    )
    assert result.exit_code == 1 and "Row 5: ‘Alien’ is not a respondent type" in result.output


def test_cli_import_shows_a_progress_bar_only_when_asked(app_ctx, make_consultation, tmp_path):
    make_consultation()
    path = tmp_path / "paper.csv"
    path.write_bytes(_csv(*GOOD_ROWS))
    args = ["consultation", "import-responses", "send-strategy", str(path)]
    runner = app_ctx.test_cli_runner()
    assert "Checking and saving 3 rows" not in runner.invoke(args=[*args, "--dry-run"]).output
    shown = runner.invoke(args=[*args, "--progress"])
    assert shown.exit_code == 0 and "Checking and saving 3 rows" in shown.output
