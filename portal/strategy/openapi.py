"""GET /api/indicators in the served OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal.core.registry import add_api_paths

_NUMBER = {"type": ["number", "null"]}
_STRING = {"type": ["string", "null"]}

SCHEMAS: dict[str, Any] = {
    "IndicatorValue": {
        "type": "object", "required": ["period", "period_start", "value", "comparators"],
        "properties": {
            "period": {"type": "string", "description": "Like 2024-25 (academic year), 2025 Q3 or 2026-03."},
            "period_start": {"type": "string", "format": "date"},
            "value": {**_NUMBER, "description": "Null when the period had no data."},
            "target": _NUMBER, "note": _STRING,
            "record_count": {"type": ["integer", "null"], "description": "Records behind a computed value."},
            "comparators": {"type": "object", "additionalProperties": {"type": "number"},
                            "description": "Comparator name (England, Statistical neighbours, Region…) to value."},
        },
    },
    "Indicator": {
        "type": "object",
        "required": ["code", "name", "unit", "expected_direction", "values", "latest_value", "previous_value",
                     "direction_of_travel", "rag", "comparators"],
        "properties": {
            "code": {"type": "string"}, "name": {"type": "string"}, "definition": {"type": "string"},
            "unit": {"type": "string", "enum": ["percent", "count", "days", "pounds", "percentage_points"]},
            "expected_direction": {"type": "string", "enum": ["increase", "decrease", "complete"]},
            "frequency": {"type": "string", "enum": ["annual", "termly", "quarterly", "monthly"]},
            "source": {"type": "string", "enum": ["entered", "imported", "computed"]},
            "outcome": {**_STRING, "description": "The strategy outcome the indicator evidences."},
            "target": _NUMBER, "baseline": _NUMBER, "baseline_period": _STRING,
            "values": {"type": "array", "items": {"$ref": "#/components/schemas/IndicatorValue"},
                       "description": "In period order."},
            "latest_period": _STRING, "latest_value": _NUMBER, "previous_period": _STRING, "previous_value": _NUMBER,
            "direction_of_travel": {"type": ["string", "null"],
                                    "enum": ["improving", "worsening", "no change", "complete", "not complete", None]},
            "rag": {"type": ["string", "null"], "enum": ["green", "amber", "red", None],
                    "description": "Against target; null without one."},
            "comparators": {"type": "array",
                            "description": "Against each comparator, in the latest period both have a figure.",
                            "items": {"type": "object", "properties": {
                                "name": {"type": "string"}, "period": {"type": "string"}, "value": {"type": "number"},
                                "comparison": {"type": ["string", "null"],
                                               "enum": ["better", "worse", "same", None]}}}},
        },
    },
}  # fmt: skip

PATHS: dict[str, Any] = {
    "/api/indicators": {
        "get": {
            "summary": "Published strategy indicators with their values, direction of travel, RAG and comparators",
            "tags": ["Strategy indicators"],
            "responses": {"200": {"description": "The published indicators.", "content": {"application/json": {
                "schema": {"type": "object", "required": ["indicators"], "properties": {"indicators": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Indicator"}}}}}}}},
        }
    }
}  # fmt: skip


def register(app: Flask) -> None:
    add_api_paths(app, PATHS, SCHEMAS)
