"""GET /api/indicators: the published indicators with their values, direction of travel, RAG and comparators."""

from __future__ import annotations

from flask import jsonify

from portal.core.access import public
from portal.strategy import queries
from portal.strategy.blueprints import api_bp
from portal.strategy.presenters import indicator_json, present


@api_bp.route("/indicators")
@public
def indicators():
    views = [present(indicator) for indicator in queries.load_indicators(published_only=True)]
    response = jsonify({"indicators": [indicator_json(view) for view in views]})
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
