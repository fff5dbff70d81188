"""The Open Referral UK read API under /api/."""

from __future__ import annotations

from flask import Blueprint, jsonify

from portal.access import public

api_bp = Blueprint("oruk_api", __name__, url_prefix="/api")

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/"


@api_bp.after_request
def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@api_bp.route("/")
@public
def api_info():
    return jsonify({"version": ORUK_VERSION, "profile": ORUK_PROFILE, "openapi_url": "/api/openapi.json"})
