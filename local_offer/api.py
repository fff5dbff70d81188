"""The Open Referral UK read API under /api/.

Lists use the HSDS 3.0 page shape. ``/api/services`` lists services with their one-to-one fields
and organisation, as ORUK 3.0 specifies (``full=true`` gives fully nested records);
``/api/services/{id}`` gives the fully nested record. Archived services are not published, and
the list holds only services the public directory shows. Errors are JSON with a message.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from local_offer import api_queries as queries
from local_offer.api_queries import ApiError
from local_offer.models import Organization, Taxonomy, TaxonomyTerm
from local_offer.openapi import openapi_document
from local_offer.oruk import (
    organization_to_dict,
    service_list_dict,
    service_to_dict,
    taxonomy_term_to_dict,
    taxonomy_to_dict,
)
from portal.core.access import public
from portal.core.lookups import found_or_404, get_or_404
from portal.core.paging import paginate

api_bp = Blueprint("local_offer_api", __name__, url_prefix="/api")

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/"


@api_bp.after_request
def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str):
    return jsonify({"status": status, "error": message}), status


@api_bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return _error(error.status, error.message)


@api_bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return _error(error.code or 500, error.description or error.name)


def _no_such(what: str, record_id: str) -> str:
    return f"There is no {what} with id ‘{record_id}’."


def _truthy(name: str) -> bool:
    return request.args.get(name, "").strip().lower() in ("true", "1", "yes")


@api_bp.route("/")
@public
def api_info():
    return jsonify(
        {
            "version": ORUK_VERSION,
            "profile": ORUK_PROFILE,
            "openapi_url": url_for("local_offer_api.openapi_json", _external=True),
            "description": "Services for children and young people with special educational needs and "
            "disabilities (the SEND Local Offer), in the Open Referral UK 3.0 format.",
        }
    )


@api_bp.route("/openapi.json")
@public
def openapi_json():
    return jsonify(openapi_document())


@api_bp.route("/services")
@public
def list_services():
    query = queries.service_query(request.args)
    found = queries.find_services(query)
    shape = service_to_dict if _truthy("full") else service_list_dict
    return jsonify(queries.page_object(found, [shape(s) for s in found.items]))


@api_bp.route("/services/<service_id>")
@public
def get_service(service_id: str):
    service = found_or_404(queries.public_service(service_id), _no_such("service", service_id))
    return jsonify(service_to_dict(service))


@api_bp.route("/taxonomies")
@public
def list_taxonomies():
    page, per_page = queries.paging(request.args)
    found = paginate(select(Taxonomy).order_by(Taxonomy.id), page, per_page, clamp=False)
    return jsonify(queries.page_object(found, [taxonomy_to_dict(t) for t in found.items]))


@api_bp.route("/taxonomies/<taxonomy_id>")
@public
def get_taxonomy(taxonomy_id: str):
    taxonomy = get_or_404(Taxonomy, taxonomy_id, description=_no_such("taxonomy", taxonomy_id))
    return jsonify(taxonomy_to_dict(taxonomy))


@api_bp.route("/taxonomy_terms")
@public
def list_taxonomy_terms():
    page, per_page = queries.paging(request.args)
    statement = select(TaxonomyTerm).order_by(TaxonomyTerm.taxonomy_id, TaxonomyTerm.id)
    if request.args.get("taxonomy_id", "").strip():
        statement = statement.where(TaxonomyTerm.taxonomy_id == request.args["taxonomy_id"].strip())
    found = paginate(statement, page, per_page, clamp=False)
    return jsonify(queries.page_object(found, [taxonomy_term_to_dict(t) for t in found.items]))


@api_bp.route("/taxonomy_terms/<term_id>")
@public
def get_taxonomy_term(term_id: str):
    term = get_or_404(TaxonomyTerm, term_id, description=_no_such("taxonomy term", term_id))
    return jsonify(taxonomy_term_to_dict(term))


@api_bp.route("/organizations")
@public
def list_organizations():
    page, per_page = queries.paging(request.args)
    found = paginate(select(Organization).order_by(Organization.name, Organization.id), page, per_page, clamp=False)
    return jsonify(queries.page_object(found, [organization_to_dict(o) for o in found.items]))


@api_bp.route("/organizations/<org_id>")
@public
def get_organization(org_id: str):
    org = get_or_404(Organization, org_id, description=_no_such("organization", org_id))
    record = organization_to_dict(org)
    record["services"] = [service_list_dict(s) for s in queries.visible_services_of(org)]
    return jsonify(record)
