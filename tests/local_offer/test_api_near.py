"""GET /api/services with postcode, proximity and when (as the ORUK 3.0 API takes them)."""

from __future__ import annotations

import pytest

from local_offer.models import Schedule
from local_offer.services import save_services, set_when_terms
from portal.core.extensions import db
from tests.factories import make_service
from tests.local_offer.test_search_near import at


def ids(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [s["id"] for s in response.get_json()["contents"]]


@pytest.fixture()
def directory(app_ctx):
    make_service(
        "Rugby Club",
        id="rugby",
        locations=at("Rugby"),
        schedules=[Schedule(byday="SA", opens_at="10:00", closes_at="12:00")],
    )
    make_service(
        "Nuneaton Club",
        id="nuneaton",
        locations=at("Nuneaton"),
        schedules=[Schedule(byday="TU", opens_at="15:45", closes_at="17:00")],
    )
    make_service("Stratford Club", id="stratford", locations=at("Stratford"), minimum_age=5, maximum_age=11)
    helpline = make_service(
        "Helpline",
        id="helpline",
        delivery=("phone",),
        schedules=[Schedule(byday="MO", opens_at="18:00", closes_at="20:00")],
    )
    set_when_terms(helpline, ["weekend"])
    save_services([helpline])
    db.session.commit()  # fmt: skip


def test_postcode_orders_by_distance_with_placeless_services_last(client, directory):
    assert ids(client.get("/api/services?postcode=cv114ab")) == ["nuneaton", "rugby", "stratford", "helpline"]
    assert ids(client.get("/api/services?postcode=CV37")) == ["stratford", "rugby", "nuneaton", "helpline"]


def test_proximity_leaves_out_far_places_and_keeps_placeless_ones(client, directory):
    body = client.get("/api/services?postcode=CV11%204AB&proximity=25000").get_json()
    assert [s["id"] for s in body["contents"]] == ["nuneaton", "rugby", "helpline"]
    assert body["total_items"] == 3
    assert ids(client.get("/api/services?postcode=CV11 4AB&proximity=1000")) == ["nuneaton", "helpline"]


def test_postcode_with_conditions_the_search_cannot_apply(client, directory):
    # minimum_age alone is an SQL condition: Stratford (ages 5 to 11) is left out, the order is kept.
    assert ids(client.get("/api/services?postcode=CV21&minimum_age=12")) == ["rugby", "nuneaton", "helpline"]
    assert ids(client.get("/api/services?postcode=CV21&organization_id=org-Test Organisation"))[0] == "rugby"


def test_when_filters_comma_separated_or_repeated(client, directory):
    assert sorted(ids(client.get("/api/services?when=weekend"))) == ["helpline", "rugby"]
    assert sorted(ids(client.get("/api/services?when=after_school,evening"))) == ["helpline", "nuneaton"]
    assert sorted(ids(client.get("/api/services?when=after_school&when=weekend"))) == [
        "helpline",
        "nuneaton",
        "rugby",
    ]
    assert ids(client.get("/api/services?when=weekend&postcode=CV21")) == ["rugby", "helpline"]
    # With a condition the search cannot apply, "when" is checked in SQL.
    assert sorted(ids(client.get("/api/services?when=weekend&organization_id=org-Test Organisation"))) == [
        "helpline",
        "rugby",
    ]
    assert ids(client.get("/api/services?taxonomy_term_id=when-after-school")) == ["nuneaton"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("postcode=XX1%201XX", "We could not find the postcode ‘XX1 1XX’. Check it and try again"),
        ("postcode=not-a-postcode", "We could not find the postcode ‘not-a-postcode’."),
        ("postcode=CV11&proximity=0", "proximity must be a whole number from 1 to 1000000"),
        ("postcode=CV11&proximity=far", "proximity must be a whole number"),
        ("proximity=5000", "proximity needs a postcode"),
        ("when=someday", "when ‘someday’ is not one of after_school, evening, weekend, school_holidays, term_time"),
    ],
)
def test_bad_parameters_are_400_errors_in_the_apis_shape(client, directory, query, message):
    response = client.get(f"/api/services?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and message in body["error"]


def test_the_document_describes_the_new_parameters(client):
    document = client.get("/api/openapi.json").get_json()
    parameters = document["components"]["parameters"]
    assert parameters["when"]["schema"]["items"]["enum"] == [
        "after_school",
        "evening",
        "weekend",
        "school_holidays",
        "term_time",
    ]
    assert parameters["proximity"]["schema"]["type"] == "integer"
    listed = {p["$ref"].rsplit("/", 1)[-1] for p in document["paths"]["/api/services"]["get"]["parameters"]}
    assert {"postcode", "proximity", "when"} <= listed
