"""The Open Referral UK read API: HSDS 3.0 shapes (checked against our schemas), filters, errors, CORS, OpenAPI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from local_offer.importer import import_records
from tests.factories import make_directory

SCHEMAS = Path(__file__).parent / "schemas"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(instance, name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert errors == [], errors


def validate_page(body, item_schema: str) -> None:
    validate(body, "page")
    for item in body["contents"]:
        validate(item, item_schema)


FOREIGN = {
    "id": "ext-1", "name": "Rugby Makaton Signing", "status": "active", "description": "Signing for families.",
    "minimum_age": 3, "maximum_age": 11,
    "organization": {"id": "ext-org", "name": "Rugby Signers", "description": ""},
    "attributes": [{"id": "ext-1-a", "taxonomy_term_id": "esd-signing",
                    "taxonomy_term": {"id": "esd-signing", "name": "Signing", "description": "",
                                      "taxonomy_id": "esd"}}],
    "service_at_locations": [{"id": "ext-1-sal", "location": {
        "id": "ext-loc", "location_type": "physical", "name": "Rugby Library", "latitude": 52.37, "longitude": -1.26,
        "addresses": [{"id": "a", "address_1": "Little Elborow Street", "city": "Rugby", "state_province": "",
                       "postal_code": "CV21 3BZ", "country": "GB", "address_type": "physical"}],
        "accessibility": [{"id": "acc", "description": "Lift to all floors"}]}}],
    "phones": [{"id": "ext-1-p", "number": "01788 000000"}],
    "schedules": [{"id": "ext-1-s", "freq": "WEEKLY", "byday": "SA", "opens_at": "10:00", "closes_at": "11:00",
                   "valid_from": "2025-01-01"}],
    "contacts": [{"id": "ext-1-c", "name": "Ali", "email": "ali@example.org"}],
    "cost_options": [{"id": "ext-1-cost", "option": "Term", "amount": 30, "currency": "GBP"}],
}  # fmt: skip


@pytest.fixture()
def directory(app_ctx):
    make_directory(
        dict(
            name="Autism Parent Group",
            description="Monthly group for parents of autistic children.",
            needs=("ASD",),
            categories=("groups-for-parents-and-carers",),
            areas=("rugby",),
            minimum_age=0,
            maximum_age=18,
            assured=None,
            id="svc-autism",
        ),
        dict(
            name="Teen Autism Club",
            description="Evenings for autistic teenagers.",
            needs=("ASD",),
            minimum_age=13,
            maximum_age=19,
            id="svc-teen",
        ),
        dict(
            name="Dyslexia Tuition",
            description="Reading help.",
            needs=("SPLD",),
            categories=("education",),
            free=False,
            referral="referral",
            delivery=("online",),
            id="svc-dyslexia",
        ),
        dict(name="Archived Autism Club", description="Gone.", needs=("ASD",), archived=True, id="svc-archived"),
        dict(name="Defunct Autism Service", description="Closed.", needs=("ASD",), status="defunct", id="svc-defunct"),
    )
    import_records([FOREIGN])


def ids(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [s["id"] for s in response.get_json()["contents"]]


def test_api_root_says_version_and_profile(client):
    response = client.get("/api/")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["version"] == "3.0" and body["profile"].startswith("https://")
    assert body["openapi_url"].endswith("/api/openapi.json")


def test_service_list_is_an_hsds_page_without_archived_or_defunct(client, directory):
    response = client.get("/api/services")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    validate_page(body, "service")
    assert sorted(ids(response)) == ["ext-1", "svc-autism", "svc-dyslexia", "svc-teen"]
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (4, 1, 1, 4)
    assert body["first_page"] and body["last_page"] and not body["empty"]
    # the list holds one-to-one fields and the organisation only, as ORUK 3.0 lists do
    assert "phones" not in body["contents"][0] and "organization" in body["contents"][0]
    full = client.get("/api/services?full=true").get_json()
    validate_page(full, "service")
    assert all("attributes" in s for s in full["contents"])


def test_paging(client, directory):
    first = client.get("/api/services?per_page=3").get_json()
    second = client.get("/api/services?per_page=3&page=2").get_json()
    assert (first["size"], first["total_pages"], first["last_page"]) == (3, 2, False)
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    assert not {s["id"] for s in first["contents"]} & {s["id"] for s in second["contents"]}
    beyond = client.get("/api/services?page=9").get_json()
    assert beyond["empty"] and beyond["contents"] == []


def test_text_and_search_are_the_same(client, directory):
    assert ids(client.get("/api/services?text=autism"))[0] in {"svc-autism", "svc-teen"}
    assert ids(client.get("/api/services?search=autsim")) == ids(client.get("/api/services?text=autism"))
    assert "svc-archived" not in ids(client.get("/api/services?search=autism"))


def test_filter_by_our_terms_and_foreign_terms(client, directory):
    assert sorted(ids(client.get("/api/services?taxonomy_term_id=need-asd"))) == ["svc-autism", "svc-teen"]
    assert ids(client.get("/api/services?taxonomy_term_id=category-education")) == ["svc-dyslexia"]
    assert ids(client.get("/api/services?taxonomy_term_id=esd-signing")) == ["ext-1"]
    assert ids(client.get("/api/services?taxonomy_term_id=referral-referral")) == ["svc-dyslexia"]
    assert ids(client.get("/api/services?taxonomy_term_id=delivery-online")) == ["svc-dyslexia"]
    assert ids(client.get("/api/services?taxonomy_term_id=esd-signing&search=signing")) == ["ext-1"]
    assert ids(client.get("/api/services?taxonomy_term_id=esd-signing&search=autism")) == []


def test_filter_by_age(client, directory):
    assert sorted(ids(client.get("/api/services?minimum_age=15&maximum_age=15"))) == [
        "svc-autism", "svc-dyslexia", "svc-teen"]  # fmt: skip
    assert sorted(ids(client.get("/api/services?minimum_age=19"))) == ["svc-dyslexia", "svc-teen"]
    assert sorted(ids(client.get("/api/services?maximum_age=2"))) == ["svc-autism", "svc-dyslexia"]
    assert ids(client.get("/api/services?minimum_age=12&maximum_age=14&search=autism")) != []


@pytest.mark.parametrize("query,message", [
    ("per_page=0", "per_page must be a whole number from 1 to 100"),
    ("per_page=101", "per_page must be a whole number from 1 to 100"),
    ("page=two", "page must be a whole number"),
    ("minimum_age=-1", "minimum_age must be a whole number from 0 to 150"),
    ("minimum_age=10&maximum_age=5", "minimum_age must not be more than maximum_age"),
    ("taxonomy_term_id=nope", "taxonomy_term_id ‘nope’ is not a term"),
])  # fmt: skip
def test_bad_parameters_are_400_json(client, directory, query, message):
    response = client.get(f"/api/services?{query}")
    assert response.status_code == 400 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert message in response.get_json()["error"]


def test_single_service_is_fully_nested(client, directory):
    response = client.get("/api/services/ext-1")
    body = response.get_json()
    validate(body, "service")
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "CV21 3BZ"
    assert {a["taxonomy_term_id"] for a in body["attributes"]} >= {"esd-signing", "delivery-in-person"}
    for key, schema in [
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("contacts", "contact"),
        ("cost_options", "cost_option"),
        ("service_at_locations", "service_at_location"),
        ("attributes", "attribute"),
    ]:
        assert body[key], key
        for item in body[key]:
            validate(item, schema)
    validate(body["service_at_locations"][0]["location"], "location")
    validate(body["service_at_locations"][0]["location"]["addresses"][0], "address")
    validate(client.get("/api/services/svc-autism").get_json()["service_areas"][0], "service_area")
    assert client.get("/api/services/svc-defunct").get_json()["status"] == "defunct"


@pytest.mark.parametrize(
    "path",
    [
        "/api/services/svc-archived",
        "/api/services/nothing-here",
        "/api/organizations/nothing",
        "/api/taxonomies/nothing",
        "/api/taxonomy_terms/nothing",
    ],
)
def test_unknown_or_archived_records_are_404_json(client, directory, path):
    response = client.get(path)
    assert response.status_code == 404 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert "There is no" in response.get_json()["error"]


def test_taxonomies_and_terms(client, directory):
    taxonomies = client.get("/api/taxonomies").get_json()
    validate_page(taxonomies, "taxonomy")
    assert {"send-need", "send-service-category", "esd"} <= {t["id"] for t in taxonomies["contents"]}
    terms = client.get("/api/taxonomy_terms?taxonomy_id=send-need").get_json()
    validate_page(terms, "taxonomy_term")
    assert terms["total_items"] == 10 and {t["code"] for t in terms["contents"]} >= {"ASD", "SLCN"}
    all_terms = client.get("/api/taxonomy_terms?per_page=100").get_json()
    assert "esd-signing" in {t["id"] for t in all_terms["contents"]}
    validate(client.get("/api/taxonomy_terms/need-asd").get_json(), "taxonomy_term")
    validate(client.get("/api/taxonomies/send-need").get_json(), "taxonomy")


def test_organizations(client, directory):
    page = client.get("/api/organizations").get_json()
    validate_page(page, "organization")
    assert {"ext-org", "org-Test Organisation"} <= {o["id"] for o in page["contents"]}
    org = client.get("/api/organizations/ext-org").get_json()
    validate(org, "organization")
    assert [s["id"] for s in org["services"]] == ["ext-1"]


def test_openapi_document_describes_every_api_path(client, app):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.get_json()
    assert document["openapi"].startswith("3.1") and document["info"]["title"] and document["info"]["version"]

    def shape(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path)

    described = {shape(p) for p in document["paths"]}
    routes = {
        shape(re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes - described == set()
    for path, item in document["paths"].items():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                assert "200" in operation["responses"], path
    refs = re.findall(r'"#/components/(schemas|parameters)/([^"]+)"', json.dumps(document))
    assert refs and all(name in document["components"][kind] for kind, name in refs)


def test_other_features_can_add_paths(app_ctx):
    from local_offer.openapi import openapi_document
    from portal.core.registry import add_api_paths

    slot = app_ctx.extensions["contributions"]["api_paths"]
    add_api_paths(app_ctx, {"/api/example": {"get": {"responses": {"200": {"description": "ok"}}}}},
                  {"Example": {"type": "object"}})  # fmt: skip
    try:
        document = openapi_document()
        assert "/api/example" in document["paths"] and "Example" in document["components"]["schemas"]
    finally:
        slot.pop()
