"""The OpenAPI 3.1 document served at /api/openapi.json, kept as Python data.

The directory's own paths are here; every other feature that adds a path under /api/ contributes it
with ``portal.core.registry.add_api_paths`` (a guard-rail test fails for any /api/ route the document
does not describe). Schemas follow the HSDS 3.0
field definitions; fields with no value are left out of responses rather than sent as null.
"""

from __future__ import annotations

import copy
from typing import Any

from nlp.when import WHEN_VALUES
from portal.core.registry import contributions


def openapi_document() -> dict[str, Any]:
    """The directory's paths and every path another feature contributed, with their schemas."""
    paths, schemas = copy.deepcopy(PATHS), copy.deepcopy(SCHEMAS)
    for extra in contributions("api_paths"):
        paths.update(copy.deepcopy(extra.paths))
        schemas.update(copy.deepcopy(extra.schemas))
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "SEND Local Offer API",
            "version": "1.0.0",
            "summary": "The SEND Local Offer directory (Open Referral UK 3.0) and the portal's other JSON endpoints.",
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
        },  # fmt: skip
        "paths": paths,
        "components": {"schemas": schemas, "parameters": copy.deepcopy(PARAMETERS)},
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _number(description: str) -> dict[str, Any]:
    return {"type": "number", "description": description}


def _array(name: str, description: str) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": _ref(name)}


def _object(required: list[str], properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "required": required, "properties": properties}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PARAMETERS = {
    "search": _query("search", "Full-text search, with synonyms and spelling correction.", {"type": "string"}),
    "text": _query("text", "The same as search.", {"type": "string"}),
    "page": _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    "per_page": _query("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": 100,
                                                         "default": 50}),
    "taxonomy_term_id": _query("taxonomy_term_id", "Only services filed under this term (several: repeat or "
                               "separate with commas; any need, any category, any other term).", {"type": "string"}),
    "taxonomy_id": _query("taxonomy_id", "Only records with a term from this taxonomy.", {"type": "string"}),
    "organization_id": _query("organization_id", "Only services of this organization.", {"type": "string"}),
    "minimum_age": _query("minimum_age", "Only services open to someone this age or older (with maximum_age: "
                          "someone aged between the two).", {"type": "integer", "minimum": 0, "maximum": 150}),
    "maximum_age": _query("maximum_age", "Only services open to someone this age or younger.",
                          {"type": "integer", "minimum": 0, "maximum": 150}),
    "modified_after": _query("modified_after", "Only services changed at or after this time: an ISO 8601 date "
                             "(from the start of that day, UTC) or date and time (UTC unless it has an offset). Any "
                             "change to a service counts, including its phone numbers, opening times and places.",
                             {"anyOf": [{"type": "string", "format": "date"},
                                        {"type": "string", "format": "date-time"}]}),
    "full": _query("full", "true for fully nested services.", {"type": "boolean", "default": False}),
    "postcode": _query("postcode", "A UK postcode (CV11 4AB, any spacing or case) or its outward code (CV11): "
                       "services nearest to it first, by their nearest location; services with no place (online, "
                       "by phone, county-wide) after them. A postcode we cannot place is a 400 error.",
                       {"type": "string", "maxLength": 20}),
    "proximity": _query("proximity", "With postcode: leave out services whose nearest location is further than "
                        "this many metres away (services with no place are kept). Without postcode: a 400 error.",
                        {"type": "integer", "minimum": 1, "maximum": 1000000}),
    "when": {**_query("when", "Only services that run at any of these times, from their schedules or as their "
                      "editor states (several: repeat or separate with commas).",
                      {"type": "array", "items": {"type": "string", "enum": list(WHEN_VALUES)}}),
             "style": "form", "explode": True},
}  # fmt: skip

_IDS = {"id": _string("Identifier."), "service_id": _string("The service's identifier.")}
SCHEMAS = {
    "Error": _object(["status", "error"], {"status": {"type": "integer"}, "error": _string("What went wrong.")},
                     "An error."),
    "Page": _object(
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
        {"total_items": {"type": "integer"}, "total_pages": {"type": "integer"}, "page_number": {"type": "integer"},
         "size": {"type": "integer"}, "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
         "empty": {"type": "boolean"}, "contents": {"type": "array"}},
        "One page of a list (HSDS 3.0).",
    ),
    "Organization": _object(["id", "name", "description"], {
        "id": _string("Identifier."), "name": _string("Official or public name."),
        "alternate_name": _string("Another name."), "description": _string("Summary, as plain text."),
        "email": _string("Contact email.", format="email"), "website": _string("Website.", format="uri"),
        "logo": _string("Logo URL."), "uri": _string("Persistent identifier.", format="uri"),
        "services": _array("ServiceListItem", "Its published services (single organization only)."),
    }, "A provider of services."),
    "TaxonomyTerm": _object(["id", "name", "description"], {
        "id": _string("Identifier."), "code": _string("Code within its taxonomy."), "name": _string("Name."),
        "description": _string("Description."), "parent_id": _string("Parent term."),
        "taxonomy_id": _string("Its taxonomy."), "term_uri": _string("URI.", format="uri"),
    }, "A term in a taxonomy (needs, service categories, referral route, delivery, or a foreign taxonomy)."),
    "Taxonomy": _object(["id", "name", "description"], {
        "id": _string("Identifier."), "name": _string("Name."), "description": _string("Description."),
        "uri": _string("URI.", format="uri"), "version": _string("Version."),
    }, "A taxonomy."),
    "Attribute": _object(["id", "taxonomy_term_id"], {
        "id": _string("Identifier."), "link_id": _string("The service."), "link_type": _string("service"),
        "link_entity": _string("service"), "taxonomy_term_id": _string("The term."), "value": _string("Value."),
        "label": _string("Label."), "taxonomy_term": _ref("TaxonomyTerm"),
    }, "Files a service under a taxonomy term."),
    "Phone": _object(["id", "number"], _IDS | {"number": _string("Number."), "type": _string("Type."),
                                               "description": _string("Description.")}, "A phone number."),
    "Contact": _object(["id"], _IDS | {"name": _string("Name."), "title": _string("Job title."),
                                       "department": _string("Department."), "email": _string("Email.")},
                       "A named contact."),
    "Schedule": _object(["id"], _IDS | {
        "freq": {"type": "string", "enum": ["WEEKLY", "MONTHLY"]}, "byday": _string("Days (RFC 5545 BYDAY)."),
        "opens_at": _string("Opening time."), "closes_at": _string("Closing time."),
        "valid_from": _string("From date.", format="date"), "valid_to": _string("To date.", format="date"),
        "description": _string("In words."),
    }, "When the service runs."),
    "CostOption": _object(["id"], _IDS | {"option": _string("What is charged for."), "amount": _number("Amount."),
                                          "currency": _string("ISO 4217 currency."),
                                          "amount_description": _string("The amount in words.")},
                          "A cost of the service; an amount of 0 means free."),
    "ServiceArea": _object(["id"], _IDS | {"name": _string("District or area name."),
                                           "description": _string("Description."), "extent_type": _string("Kind."),
                                           "uri": _string("URI.")}, "An area the service covers."),
    "Address": _object(["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"], {
        "id": _string("Identifier."), "location_id": _string("The location."), "address_1": _string("Line 1."),
        "address_2": _string("Line 2."), "city": _string("Town."), "state_province": _string("County."),
        "postal_code": _string("Postcode."), "country": _string("ISO 3166 country code."),
        "address_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
    }, "A postal address."),
    "Location": _object(["id", "location_type"], {
        "id": _string("Identifier."), "location_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
        "name": _string("Name."), "description": _string("Description."), "latitude": _number("Latitude."),
        "longitude": _number("Longitude."), "addresses": _array("Address", "Addresses."),
        "accessibility": {"type": "array", "items": {"type": "object"}, "description": "Accessibility."},
    }, "A place."),
    "ServiceAtLocation": _object(["id"], _IDS | {"location_id": _string("The location."),
                                                 "description": _string("Description."), "location": _ref("Location")},
                                 "Where the service is delivered."),
}  # fmt: skip

_SERVICE_FIELDS = {
    "id": _string("Identifier."), "organization_id": _string("The provider."), "name": _string("Name."),
    "alternate_name": _string("Another name."), "description": _string("Description, as plain text."),
    "url": _string("Website.", format="uri"), "email": _string("Email.", format="email"),
    "status": {"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
    "interpretation_services": _string("Interpreting."), "application_process": _string("How to get it."),
    "fees_description": _string("Charges in words."), "wait_time": _string("Waiting time."),
    "eligibility_description": _string("Who it is for."), "minimum_age": _number("Youngest age."),
    "maximum_age": _number("Oldest age."), "assured_date": _string("Last checked.", format="date"),
    "assurer_email": _string("Checked by."), "alert": _string("Short-term notice."),
    "last_modified": _string("Last changed.", format="date-time"), "organization": _ref("Organization"),
}  # fmt: skip
SCHEMAS["ServiceListItem"] = _object(["id", "name", "status"], _SERVICE_FIELDS, "A service in a list (ORUK 3.0).")
SCHEMAS["Service"] = _object(["id", "name", "status"], _SERVICE_FIELDS | {
    "phones": _array("Phone", "Phone numbers."), "schedules": _array("Schedule", "Opening times."),
    "service_areas": _array("ServiceArea", "Areas covered; none means county-wide."),
    "service_at_locations": _array("ServiceAtLocation", "Where it happens."),
    "contacts": _array("Contact", "Named contacts."), "cost_options": _array("CostOption", "Costs."),
    "attributes": _array("Attribute", "Needs, categories, referral route, delivery and other terms."),
    "languages": {"type": "array"}, "funding": {"type": "array"}, "required_documents": {"type": "array"},
    "metadata": {"type": "array"},
}, "A fully nested service (ORUK 3.0).")  # fmt: skip


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page_of(name: str) -> dict[str, Any]:
    return {"allOf": [_ref("Page"), {"properties": {"contents": {"type": "array", "items": _ref(name)}}}]}


def _get(summary: str, ok: dict[str, Any], params: list[str] = (), not_found: bool = False) -> dict[str, Any]:
    responses = {"200": ok, "400": _json(_ref("Error"), "A query parameter is not valid.")}
    if not_found:
        responses["404"] = _json(_ref("Error"), "No such record.")
    return {"get": {"summary": summary, "tags": ["Open Referral UK"],
                    "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
                    "responses": responses}}  # fmt: skip


def _by_id(summary: str, name: str) -> dict[str, Any]:
    path = _get(summary, _json(_ref(name), summary), not_found=True)
    path["parameters"] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    return path


PATHS = {
    "/api/": _get("About this API (HSDS version and profile)", _json({"type": "object", "required": ["version"],
        "properties": {"version": _string("HSDS version."), "profile": _string("Profile.", format="uri"),
                       "openapi_url": _string("This document.", format="uri"),
                       "description": _string("What the feed holds.")}}, "About this API.")),
    "/api/openapi.json": _get("This OpenAPI document", _json({"type": "object"}, "OpenAPI 3.1.")),
    "/api/services": _get("Published services, best match first (by name with no search; nearest first with a "
                          "postcode)",
                          _json(_page_of("ServiceListItem"), "A page of services."),
                          ["search", "text", "taxonomy_term_id", "taxonomy_id", "organization_id", "minimum_age",
                           "maximum_age", "modified_after", "postcode", "proximity", "when", "full", "page",
                           "per_page"]),
    "/api/services/{id}": _by_id("One fully nested service", "Service"),
    "/api/taxonomies": _get("Taxonomies", _json(_page_of("Taxonomy"), "A page of taxonomies."),
                            ["page", "per_page"]),
    "/api/taxonomies/{id}": _by_id("One taxonomy", "Taxonomy"),
    "/api/taxonomy_terms": _get("Taxonomy terms", _json(_page_of("TaxonomyTerm"), "A page of terms."),
                                ["taxonomy_id", "page", "per_page"]),
    "/api/taxonomy_terms/{id}": _by_id("One taxonomy term", "TaxonomyTerm"),
    "/api/organizations": _get("Organizations", _json(_page_of("Organization"), "A page of organizations."),
                               ["page", "per_page"]),
    "/api/organizations/{id}": _by_id("One organization, with its published services", "Organization"),
}  # fmt: skip
