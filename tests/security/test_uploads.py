"""The three upload points refuse files that are too large, of the wrong type or wrongly encoded, and save nothing;
formulas in uploaded text are kept as written but never reach an export as a live formula."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from sqlalchemy import func, select

from consultation.coding.models import CodingCodebook
from consultation.models import Response
from portal.core.access import Role
from portal.core.extensions import db
from portal.strategy.models import IndicatorValue
from tests.security.conftest import signed_in_client

RESPONSES_HEADER = (
    "Who are you?,Do you agree with our priorities,How did you hear about this,Services used,What should we change?"
)
INDICATORS_HEADER = (
    "indicator_code,indicator_name,unit,expected_direction,period,value,target,comparator,comparator_value,outcome"
)
CODEBOOK = {"name": "Imported", "themes": [{"id": "transport", "name": "Transport ÿ café", "keywords": ["bus"]}]}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _responses_csv(text: str = "More ramps please, café") -> str:
    return f"{RESPONSES_HEADER}\r\nParent or carer,Agree,School,Transport,{text}\r\n"


def _indicators_csv() -> str:
    return f"{INDICATORS_HEADER}\nEHCP-20WK,% of plans in 20 weeks (café),percent,increase,2024-25,55,65,England,50,\n"


@pytest.fixture()
def uploads(app_ctx: Flask, make_consultation):
    """(path, field, count of what an upload saves) for each upload point, and a client that may use them all."""
    consultation = make_consultation()
    client = signed_in_client(app_ctx, Role.ADMIN)
    base = f"/staff/consultations/{consultation.id}"
    points = {
        "responses": (f"{base}/import", Response, "responses.csv", _responses_csv),
        "indicators": ("/staff/strategy/import", IndicatorValue, "values.csv", _indicators_csv),
        "codebook": (
            f"{base}/coding/codebooks/import",
            CodingCodebook,
            "codebook.json",
            lambda: json.dumps(CODEBOOK, ensure_ascii=False),
        ),
    }
    return client, points


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _send(client, path: str, content: bytes, filename: str):
    data = {"file": (io.BytesIO(content), filename), "source": "paper"}
    return client.post(path, data=data, content_type="multipart/form-data")


def _assert_refused(response, model, *words: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body[:1500]
    assert "govuk-error-summary" in body and all(word in body for word in words), body[:4000]
    assert _count(model) == 0


POINTS = ("responses", "indicators", "codebook")


@pytest.mark.parametrize("point", POINTS)
def test_a_good_utf8_file_is_accepted(uploads, point):
    client, points = uploads
    path, model, filename, content = points[point]
    response = _send(client, path, content().encode("utf-8"), filename)
    body = response.get_data(as_text=True)
    assert response.status_code == 302, body[body.find("govuk-error-summary") :][:1500]


@pytest.mark.parametrize("point", POINTS)
def test_too_large_is_the_413_page(uploads, point, app_ctx, monkeypatch):
    client, points = uploads
    path, model, filename, content = points[point]
    monkeypatch.setitem(app_ctx.config, "MAX_CONTENT_LENGTH", 2048)
    response = _send(client, path, content().encode() + b" " * 4096, filename)
    assert response.status_code == 413
    assert "The file is too big" in response.get_data(as_text=True)
    assert _count(model) == 0


@pytest.mark.parametrize(
    "point,encoding",
    [(point, "utf-16") for point in POINTS] + [("indicators", "latin-1"), ("codebook", "latin-1")],
)
def test_wrongly_encoded_files_are_refused(uploads, point, encoding):
    client, points = uploads
    path, model, filename, content = points[point]
    _assert_refused(_send(client, path, content().encode(encoding), filename), model, "UTF-8")


def test_a_windows_1252_responses_file_is_read_as_windows_1252(uploads):
    client, points = uploads
    path, model, filename, content = points["responses"]
    response = _send(client, path, content().encode("cp1252"), filename)
    assert response.status_code == 302  # on to matching columns; the import summary notes the encoding


@pytest.mark.parametrize(
    "point,filename",
    [
        ("responses", "photo.png"),
        ("indicators", "photo.png"),
        ("codebook", "photo.png"),
        ("responses", "values.csv"),
        ("indicators", "values.csv"),
        ("codebook", "codebook.json"),
    ],
)
def test_files_of_the_wrong_type_are_refused(uploads, point, filename):
    client, points = uploads
    path, model, _, _ = points[point]
    _assert_refused(_send(client, path, PNG, filename), model)


def test_formulas_in_imported_answers_are_neutralised_in_exports(app_ctx, make_consultation):
    from tests.consultation.conftest import question_ids

    consultation = make_consultation()
    client = signed_in_client(app_ctx, Role.CONSULTATION_LEAD)
    who, agree, heard, used, change = question_ids(consultation)
    content = _responses_csv('"=HYPERLINK(""http://evil.example"",""click"")"').encode()
    response = _send(client, f"/staff/consultations/{consultation.id}/import", content, "r.csv")
    mapping = {
        "col_0": "respondent_type",
        "col_1": f"q{agree}",
        "col_2": f"q{heard}",
        "col_3": f"q{used}",
        "col_4": f"q{change}",
    }
    client.post(response.headers["Location"], data=mapping)
    assert _count(Response) == 1
    exported = client.post(
        f"/staff/consultations/{consultation.id}/export", data={"file_format": "csv", "free_text_checked": "y"}
    ).get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(exported.lstrip("\ufeff"))) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any("HYPERLINK" in cell for cell in cells)
