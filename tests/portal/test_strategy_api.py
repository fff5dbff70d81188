"""GET /api/indicators: published indicators only, values in period order, judgements and comparators."""

from __future__ import annotations

from portal.strategy import services
from tests.portal.test_strategy_services import make_indicator, make_outcome


def test_only_published_indicators_are_listed(client):
    make_indicator("PUBLIC", values={"2024-25": 50.0})
    make_indicator("PRIVATE", published=False, values={"2024-25": 50.0})
    body = client.get("/api/indicators").get_json()
    assert [i["code"] for i in body["indicators"]] == ["PUBLIC"]


def test_the_shape_of_an_indicator(client):
    outcome = make_outcome("Needs are met early")
    make_indicator(
        "EHCP-20WK", name="% of EHC plans within 20 weeks", definition="New plans within 20 weeks.",
        outcome_id=outcome.id, target=65.0,
        values={"2025-26": 61.2, "2023-24": (49.3, {"England": 50.8}), "2024-25": (55.0, {"England": 47.2})},
    )  # fmt: skip
    response = client.get("/api/indicators")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    [indicator] = response.get_json()["indicators"]
    assert {key: indicator[key] for key in ("code", "name", "unit", "expected_direction", "frequency", "outcome",
                                            "target", "source")} == {
        "code": "EHCP-20WK", "name": "% of EHC plans within 20 weeks", "unit": "percent",
        "expected_direction": "increase", "frequency": "annual", "outcome": "Needs are met early", "target": 65.0,
        "source": "entered",
    }  # fmt: skip
    assert [v["period"] for v in indicator["values"]] == ["2023-24", "2024-25", "2025-26"]
    assert indicator["values"][0] == {"period": "2023-24", "period_start": "2023-09-01", "value": 49.3,
                                      "target": None, "note": None, "record_count": None,
                                      "comparators": {"England": 50.8}}  # fmt: skip
    assert (indicator["latest_value"], indicator["previous_value"]) == (61.2, 55.0)
    assert (indicator["latest_period"], indicator["previous_period"]) == ("2025-26", "2024-25")
    assert indicator["direction_of_travel"] == "improving"
    assert indicator["rag"] == "red"
    assert indicator["comparators"] == [{"name": "England", "period": "2024-25", "value": 47.2, "comparison": "better"}]


def test_an_indicator_with_no_values(client):
    make_indicator("EMPTY")
    [indicator] = client.get("/api/indicators").get_json()["indicators"]
    assert indicator["values"] == []
    assert indicator["latest_value"] is None and indicator["direction_of_travel"] is None and indicator["rag"] is None


def test_a_period_with_no_data_is_null_and_skipped(client, app_ctx):
    from datetime import date

    indicator = make_indicator("DIR-HELP", source="computed", computed_key="directory_helpfulness", target=80.0,
                               values={"2023-24": 70.0, "2024-25": 75.0})  # fmt: skip
    services.recompute(indicator, date(2025, 10, 1))
    [body] = client.get("/api/indicators").get_json()["indicators"]
    assert body["values"][-1] == {"period": "2025-26", "period_start": "2025-09-01", "value": None, "target": None,
                                  "note": None, "record_count": 0, "comparators": {}}  # fmt: skip
    assert (body["latest_value"], body["previous_value"], body["direction_of_travel"]) == (75.0, 70.0, "improving")


def test_the_path_is_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").get_json()
    assert "/api/indicators" in document["paths"]
    assert {"Indicator", "IndicatorValue"} <= set(document["components"]["schemas"])
