"""``modified_after`` on /api/services: services changed since a date or time, including changes that only touch
a phone number or opening times (they move ``last_modified`` too)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from local_offer.editing import input_from_service, save_service
from local_offer.models import Service
from local_offer.openapi import openapi_document
from portal.core.extensions import db
from tests.factories import make_service


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return sorted(item["name"] for item in response.get_json()["contents"])


@pytest.fixture()
def dated(app_ctx):
    old = make_service("Old club", "Autism club")
    new = make_service("New club", "Autism club")
    db.session.execute(update(Service).where(Service.id == old.id).values(last_modified=datetime(2025, 1, 1, 12)))
    db.session.execute(update(Service).where(Service.id == new.id).values(last_modified=datetime(2026, 6, 1, 9, 30)))
    db.session.commit()
    return old, new


@pytest.mark.parametrize("value,expected", [
    ("2026-01-01", ["New club"]),
    ("2024-12-31", ["New club", "Old club"]),
    ("2026-06-01T09:30:00", ["New club"]),
    ("2026-06-01T09:30:01Z", []),
    ("2026-06-01T10:29:00+01:00", ["New club"]),
    ("2026-06-01T10:31:00%2B01:00", []),
    ("", ["New club", "Old club"]),
])  # fmt: skip
def test_modified_after_takes_a_date_or_a_date_and_time(client, dated, value, expected):
    assert names(client.get(f"/api/services?modified_after={value}")) == expected


def test_modified_after_works_with_search_and_other_filters(client, dated):
    assert names(client.get("/api/services?modified_after=2026-01-01&search=autism")) == ["New club"]
    assert names(client.get("/api/services?modified_after=2026-01-01&minimum_age=3")) == ["New club"]


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-02-30", "31/01/2026", "2026-01-01T25:00"])
def test_a_bad_modified_after_is_400_json(client, dated, value):
    response = client.get(f"/api/services?modified_after={value}")
    assert response.status_code == 400 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["status"] == 400 and "modified_after" in body["error"] and "like 2026-01-31" in body["error"]


def test_changing_only_a_phone_number_brings_a_service_into_modified_after(client, dated):
    old, _ = dated
    data = input_from_service(old)
    from local_offer.editing import PhoneEntry

    data.phones = (PhoneEntry("01632 960 123"),)
    save_service(old, data, "editor@example.gov.uk")
    db.session.commit()
    assert names(client.get("/api/services?modified_after=2026-01-01")) == ["New club", "Old club"]


def test_modified_after_is_documented(app_ctx):
    document = openapi_document()
    refs = [p["$ref"] for p in document["paths"]["/api/services"]["get"]["parameters"]]
    assert "#/components/parameters/modified_after" in refs
    assert document["components"]["parameters"]["modified_after"]["in"] == "query"
