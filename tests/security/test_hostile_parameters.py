"""Odd numbers in query strings and URLs (probe findings 6 and 11): a Unicode digit such as ``²`` in any
integer parameter and an id of 2^70 give a 4xx or are ignored, never a 500, and the API answers in JSON."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from portal.core.access import Role
from tests.security.conftest import signed_in_client
from tests.security.routes import build_url, resolvers

SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes; int() says no
INTEGER_PARAMETERS = ("page", "per_page", "minimum_age", "maximum_age", "age", "question", "item", "number", "year",
                      "limit", "offset", "proximity", "id", "size")  # fmt: skip
HUGE_ID = str(2**70)


def _get_rules(app: Flask):
    return [r for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule) if "GET" in r.methods]


def _problems(client, urls: list[str]) -> list[str]:
    problems = []
    for url in urls:
        try:
            response = client.get(url)
        except Exception as error:  # the testing configuration lets a 500's exception through
            problems.append(f"{url}: {type(error).__name__}: {error}"[:300])
            continue
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        elif url.startswith("/api/") and response.status_code >= 400 and not response.is_json:
            problems.append(f"{url}: {response.status_code} answered with {response.mimetype}")
    return problems


def test_unicode_digits_in_any_integer_parameter_never_give_a_500(demo):
    client = signed_in_client(demo, Role.ADMIN)
    query = "&".join(f"{name}={SUPERSCRIPT_TWO}" for name in INTEGER_PARAMETERS)
    found = resolvers()
    urls = [build_url(rule, found) + "?" + query for rule in _get_rules(demo) if rule.endpoint != "static"]
    assert _problems(client, urls) == []


def test_an_id_of_two_to_the_seventy_is_not_found(demo):
    client = signed_in_client(demo, Role.ADMIN)
    found = resolvers()
    urls = []
    for rule in _get_rules(demo):
        numeric = [name for name in rule.arguments if isinstance(rule._converters[name], IntegerConverter)]
        if numeric:
            urls.append(build_url(rule, found | {name: (lambda _e: HUGE_ID) for name in numeric}))
    assert urls, "no routes with whole-number ids"
    assert _problems(client, urls) == []
    assert all(client.get(url).status_code == 404 for url in urls), urls


@pytest.mark.parametrize(
    "url",
    ["/services/?page=²", "/services/?q=autism&page=²", "/services/?age=²"],
)
def test_public_search_with_a_unicode_digit(client, url):
    assert client.get(url).status_code in (200, 400)


@pytest.mark.parametrize("name", ["page", "per_page", "minimum_age", "maximum_age"])
@pytest.mark.parametrize("path", ["/api/services", "/api/organizations", "/api/taxonomies", "/api/taxonomy_terms"])
def test_api_parameters_with_a_unicode_digit_are_400_json(client, path, name):
    response = client.get(f"{path}?{name}={SUPERSCRIPT_TWO}")
    assert response.status_code in (200, 400) and response.is_json
    if name in ("page", "per_page") or path == "/api/services":
        assert response.status_code == 400 and "whole number" in response.get_json()["error"]


def test_api_errors_are_json_even_when_unexpected(app, client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("local_offer.api.queries.paging", fail)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/api/organizations")
    assert response.status_code == 500 and response.is_json and response.get_json()["status"] == 500
    missing = client.get("/api/no-such-thing")
    assert missing.status_code == 404 and missing.is_json


def test_a_nul_character_in_the_address_is_a_400_not_a_database_error(client):
    """Found by schemathesis on PostgreSQL: taxonomy_id=2%00… reached the database, which refuses NUL."""
    api = client.get("/api/taxonomy_terms?taxonomy_id=2%00x&page=2&per_page=1")
    assert api.status_code == 400 and api.is_json
    assert client.get("/services/?q=autism%00").status_code == 400
