"""A database outage shows the 503 page, keeps a person's answers, and the app recovers by itself;
an import killed half-way leaves nothing behind and can be run again."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from consultation import importer
from consultation.models import Answer, Response
from portal.core.access import Role
from portal.core.extensions import db
from tests.consultation.conftest import question_ids, valid_answers
from tests.security.conftest import signed_in_client
from tests.security.faults import TcpProxy, sqlite_locked

pytestmark = pytest.mark.db
CHANGE = "More short breaks in the holidays please"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _close_connections(*apps: Flask) -> None:
    db.session.remove()
    for application in apps:
        with application.app_context():
            db.engine.dispose()


def _is_sqlite(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def _answers(consultation) -> dict:
    answers = valid_answers(consultation)
    answers[f"q{question_ids(consultation)[-1]}"] = CHANGE
    return answers


def _assert_outage(client, slug: str, answers: dict) -> list[tuple[str, str]]:
    """The public pages show 503; a submission says nothing was saved and hands the answers back."""
    for path in ("/services/?q=autism", f"/have-your-say/{slug}"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "Sorry, the service is unavailable" in response.get_data(as_text=True)
    response = client.post(f"/have-your-say/{slug}/respond", data=answers)
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "Your answers have not been saved" in body
    assert f'value="{CHANGE}"' in body
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body)


def _assert_recovered(client, slug: str, kept: list[tuple[str, str]]) -> None:
    assert client.get("/services/?q=autism").status_code == 200
    data: dict[str, list[str]] = {}
    for name, value in kept:
        if name != "csrf_token":
            data.setdefault(name, []).append(value)
    response = client.post(f"/have-your-say/{slug}/respond", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    texts = db.session.scalars(select(Answer.text).where(Answer.text == CHANGE)).all()
    assert texts == [CHANGE] and _count(Response) == 1


def _assert_nothing_personal_logged(caplog) -> None:
    assert CHANGE not in caplog.text and "[parameters:" not in caplog.text


def test_sqlite_lock_shows_503_keeps_answers_and_recovers(app, app_ctx, other_app, make_consultation, caplog):
    if not _is_sqlite(app):
        pytest.skip("the SQLite lock test")
    consultation = make_consultation()
    slug, answers = consultation.slug, _answers(consultation)
    faulty = other_app(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 0.1}, "pool_pre_ping": True})
    client = faulty.test_client()
    assert client.get("/services/?q=autism").status_code == 200
    _close_connections(app, faulty)
    with sqlite_locked(urlsplit(app.config["SQLALCHEMY_DATABASE_URI"]).path):
        kept = _assert_outage(client, slug, answers)
    _assert_recovered(client, slug, kept)
    _assert_nothing_personal_logged(caplog)


def test_postgresql_outage_shows_503_and_recovers(app, app_ctx, other_app, make_consultation, caplog):
    if _is_sqlite(app):
        pytest.skip("the PostgreSQL outage test")
    consultation = make_consultation()
    slug, answers = consultation.slug, _answers(consultation)
    url = db.engine.url
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    options["connect_args"] = {**options.get("connect_args", {}), "connect_timeout": 2}
    options["pool_pre_ping"] = True
    through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    faulty = other_app(SQLALCHEMY_DATABASE_URI=through_proxy, SQLALCHEMY_ENGINE_OPTIONS=options)
    client = faulty.test_client()
    try:
        assert client.get("/services/?q=autism").status_code == 200  # a pooled connection now exists
        proxy.cut()
        kept = _assert_outage(client, slug, answers)
        proxy.start()
        _assert_recovered(client, slug, kept)
        _assert_nothing_personal_logged(caplog)
    finally:
        proxy.cut()


HEADER = (
    "Who are you?,Do you agree with our priorities,How did you hear about this,Services used,What should we change?"
)


def _upload(client, consultation, rows: int) -> str:
    body = "\r\n".join([HEADER, *["Parent or carer,Agree,School,Transport,More ramps"] * rows]) + "\r\n"
    response = client.post(
        f"/staff/consultations/{consultation.id}/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(body.encode()), "paper.csv"), "source": "paper"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def _mapping(consultation) -> dict:
    who, agree, heard, used, change = question_ids(consultation)
    return {
        "col_0": "respondent_type",
        "col_1": f"q{agree}",
        "col_2": f"q{heard}",
        "col_3": f"q{used}",
        "col_4": f"q{change}",
    }


def test_an_import_killed_half_way_leaves_nothing_and_can_be_run_again(app_ctx, make_consultation, monkeypatch):
    consultation = make_consultation()
    client = signed_in_client(app_ctx, Role.CONSULTATION_LEAD)
    mapping_url = _upload(client, consultation, rows=7)
    monkeypatch.setattr(importer, "BATCH", 3)
    real_insert, calls = importer._insert_answers, []

    def dies_on_the_second_batch(answers):
        calls.append(len(answers))
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        real_insert(answers)

    monkeypatch.setattr(importer, "_insert_answers", dies_on_the_second_batch)
    failed = client.post(mapping_url, data=_mapping(consultation), follow_redirects=True).get_data(as_text=True)
    assert len(calls) == 2 and "Responses imported" not in failed
    assert _count(Response) == 0 and _count(Answer) == 0
    monkeypatch.setattr(importer, "_insert_answers", real_insert)
    again = client.post(mapping_url, data=_mapping(consultation), follow_redirects=True).get_data(as_text=True)
    assert "7 responses saved" in again
    assert _count(Response) == 7
