"""The strategy pages: who may use them, forms and their errors, the upload screen, and the public pages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from flask import url_for
from sqlalchemy import select

from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from portal.strategy.models import Indicator, IndicatorValue, StrategyOutcome
from tests.factories import make_service
from tests.portal.test_strategy_import import GOOD
from tests.portal.test_strategy_services import make_indicator, make_outcome

STAFF_PAGES = ["strategy_staff.dashboard", "strategy_staff.new_indicator", "strategy_staff.new_outcome",
               "strategy_staff.import_values"]  # fmt: skip


def errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


@pytest.mark.parametrize("endpoint", STAFF_PAGES)
def test_staff_pages_need_sign_in(client_request, endpoint):
    # The sign-in page is given the whole path asked for (Flask's full_path, so with its "?").
    client_request.get(endpoint, _expected_redirect=url_for("auth_staff.sign_in", next=f"{url_for(endpoint)}?"))


@pytest.mark.parametrize("endpoint", STAFF_PAGES)
def test_staff_pages_need_the_strategy_lead_role(client_request, sign_in, endpoint):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.get(endpoint, _expected_status=403)


def test_posts_need_the_role_too(client_request, sign_in):
    indicator = make_indicator("DIR-FRESH", source="computed", computed_key="directory_freshness")
    sign_in(Role.CONSULTATION_LEAD)
    client_request.post("strategy_staff.recompute", indicator_id=indicator.id, _expected_status=403)
    client_request.post("strategy_staff.import_values", _expected_status=403)


def test_the_dashboard_groups_indicators_by_outcome(client_request, sign_in):
    outcome = make_outcome("Needs are met early")
    make_outcome("An outcome with nothing yet", position=2)
    make_indicator("EHCP-20WK", name="% within 20 weeks", outcome_id=outcome.id, target=60.0,
                   values={"2024-25": (48.0, {"England": 50.0}), "2025-26": 55.0})  # fmt: skip
    sign_in(Role.STRATEGY_LEAD)
    page = client_request.get("strategy_staff.dashboard")
    headings = [h.get_text(strip=True) for h in page.select("h2.govuk-heading-l")]
    assert headings == ["Needs are met early", "An outcome with nothing yet"]
    section = page.select_one("section[aria-labelledby^=indicator-]")
    text = section.get_text(" ", strip=True)
    assert "Improving: up from 48% to 55%; target 60%." in text
    assert [t.get_text(strip=True) for t in section.select(".govuk-tag")] == ["Improving", "Red: short of target"]
    svg = section.select_one("svg")
    assert svg["role"] == "img" and "target 60%" in svg["aria-label"]
    assert svg.select("polyline") and svg.select("line[stroke-dasharray]")
    assert [c.get_text(strip=True) for c in section.select("table tbody th")] == ["2025-26", "2024-25"]
    assert "England: 50% in 2024-25, against our 48%: we are worse" in text


def test_no_page_uses_inline_styles(client, sign_in):
    outcome = make_outcome()
    make_indicator(outcome_id=outcome.id, target=60.0, values={"2024-25": 48.0, "2025-26": 55.0})
    sign_in(Role.STRATEGY_LEAD)
    for path in ["/staff/strategy/", "/how-we-are-doing/", "/how-we-are-doing/annual-report"]:
        html = client.get(path).get_data(as_text=True)
        assert "style=" not in html and "<style" not in html, path


def test_an_admin_can_use_the_dashboard_and_it_is_a_staff_tool(client_request, sign_in):
    sign_in(Role.ADMIN)
    assert client_request.get("strategy_staff.dashboard").select_one("h1").get_text() == "Strategy indicators"
    home = client_request.get("auth_staff.staff_home")
    assert home.find("a", string="Strategy indicators")


INDICATOR_FORM = {"code": "PARENT-SAT", "name": "% of parents satisfied", "definition": "From the survey.",
                  "outcome": "", "unit": "percent", "direction": "increase", "frequency": "annual", "target": "60",
                  "baseline": "41", "baseline_period": "2021/22", "amber_tolerance": "", "source": "entered",
                  "computed_key": "", "published": "y"}  # fmt: skip


def test_a_strategy_lead_adds_an_indicator(client_request, sign_in):
    outcome = make_outcome()
    sign_in(Role.STRATEGY_LEAD)
    client_request.post("strategy_staff.new_indicator", INDICATOR_FORM | {"outcome": str(outcome.id)})
    indicator = db.session.scalar(select(Indicator))
    assert (indicator.code, indicator.target, indicator.baseline_period, indicator.published) == (
        "PARENT-SAT",
        60.0,
        "2021-22",
        True,
    )
    assert indicator.outcome_id == outcome.id
    assert "indicator.create" in db.session.scalars(select(AuditEvent.action)).all()


def test_indicator_form_errors(client_request, sign_in):
    make_indicator("TAKEN")
    sign_in(Role.STRATEGY_LEAD)
    data = INDICATOR_FORM | {"code": "TAKEN", "name": "", "target": "sixty", "unit": "", "source": "computed",
                             "baseline_period": "soon"}  # fmt: skip
    page = client_request.post("strategy_staff.new_indicator", data, _expected_status=200)
    assert errors(page) == [
        "An indicator with this code already exists", "Enter the name of the indicator", "Select the unit",
        "Target must be a number, like 60 or 60.5",
        "Enter the baseline period in the right format: use a period like 2024-25, 2025, 2025 Q3, 2026-03 or "
        "Autumn 2025",
        "Select the measure the portal computes",
    ]  # fmt: skip
    assert page.title.get_text().startswith("Error: ")


def test_editing_an_indicator_keeps_its_own_code(client_request, sign_in):
    indicator = make_indicator("MINE", target=60.0)
    sign_in(Role.STRATEGY_LEAD)
    page = client_request.get("strategy_staff.edit_indicator", indicator_id=indicator.id)
    assert page.select_one("#target")["value"] == "60"
    client_request.post("strategy_staff.edit_indicator", INDICATOR_FORM | {"code": "MINE", "target": "65"},
                        indicator_id=indicator.id)  # fmt: skip
    assert db.session.get(Indicator, indicator.id).target == 65.0


def test_adding_and_changing_a_value(client_request, sign_in):
    indicator = make_indicator("EHCP-20WK", target=60.0)
    sign_in(Role.STRATEGY_LEAD)
    form = {"period": "2024/25", "value": "55.5%", "comparator_england": "47.2", "note": "Provisional"}
    client_request.post("strategy_staff.edit_value", form, indicator_id=indicator.id)
    row = db.session.scalar(select(IndicatorValue))
    assert (row.period, row.value, row.note) == ("2024-25", 55.5, "Provisional")
    assert [(c.comparator, c.value) for c in row.comparators] == [("England", 47.2)]
    page = client_request.get("strategy_staff.edit_value", indicator_id=indicator.id, value_id=row.id)
    assert page.select_one("#comparator_england")["value"] == "47.2"
    client_request.post("strategy_staff.edit_value", {"period": "2024-25", "value": "56", "comparator_england": ""},
                        indicator_id=indicator.id, value_id=row.id)  # fmt: skip
    db.session.expire_all()
    row = db.session.get(IndicatorValue, row.id)
    assert (row.value, row.comparators) == (56.0, [])


def test_value_form_errors(client_request, sign_in):
    indicator = make_indicator("EHCP-20WK", values={"2023-24": 50.0})
    sign_in(Role.STRATEGY_LEAD)
    page = client_request.post("strategy_staff.edit_value", {"period": "", "value": "", "comparator_region": "x"},
                               indicator_id=indicator.id, _expected_status=200)  # fmt: skip
    assert errors(page) == ["Enter the period", "Enter the value", "Region must be a number, like 55 or 55.5"]
    page = client_request.post("strategy_staff.edit_value", {"period": "2023-24", "value": "1"},
                               indicator_id=indicator.id, _expected_status=200)  # fmt: skip
    assert errors(page) == ["There is already a value for 2023-24"]


def test_a_value_of_another_indicator_is_not_found(client_request, sign_in):
    one = make_indicator("ONE", values={"2023-24": 50.0})
    other = make_indicator("OTHER")
    sign_in(Role.STRATEGY_LEAD)
    client_request.get("strategy_staff.edit_value", 404, indicator_id=other.id, value_id=one.values[0].id)


def test_recompute_is_stored_and_audited(client_request, sign_in):
    make_service("Checked", assured=date.today())
    indicator = make_indicator("DIR-FRESH", source="computed", computed_key="directory_freshness")
    sign_in(Role.STRATEGY_LEAD)
    page = client_request.post("strategy_staff.recompute", indicator_id=indicator.id, _follow=True,
                               _expected_status=200)  # fmt: skip
    assert "has been recomputed" in page.select_one(".govuk-notification-banner").get_text()
    assert [v.value for v in db.session.get(Indicator, indicator.id).values][-1] == 100.0
    assert "indicator.recompute" in db.session.scalars(select(AuditEvent.action)).all()
    client_request.post("strategy_staff.recompute_all")


def test_outcomes_are_added_and_titles_are_unique(client_request, sign_in):
    sign_in(Role.STRATEGY_LEAD)
    client_request.post("strategy_staff.new_outcome", {"title": "Needs are met early", "position": "1"})
    assert db.session.scalar(select(StrategyOutcome.title)) == "Needs are met early"
    page = client_request.post("strategy_staff.new_outcome", {"title": "Needs are met early", "position": "2"},
                               _expected_status=200)  # fmt: skip
    assert errors(page) == ["An outcome with this title already exists"]
    page = client_request.post("strategy_staff.new_outcome", {"title": "", "position": "x"}, _expected_status=200)
    assert errors(page) == ["Enter the outcome", "Enter the order as a whole number, like 1"]


def _upload(client, content: bytes, name: str = "values.csv"):
    return client.post("/staff/strategy/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", follow_redirects=True)  # fmt: skip


def test_the_upload_screen_imports_a_good_file(client, sign_in):
    sign_in(Role.STRATEGY_LEAD)
    response = _upload(client, GOOD.encode())
    assert "The file has been imported" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Indicator)).all()) == 2
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "indicators.import"))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (GOOD.encode() + b"X,Name,furlongs,increase,2024-25,5\n", "values.csv", "Row 7: unit &#39;furlongs&#39;"),
        (GOOD.replace("Needs", "Needs £").encode("cp1252"), "values.csv", "CSV UTF-8"),
        (b"a" * (1024 * 1024 + 1), "values.csv", "The selected file must be smaller than 1MB"),
        (GOOD.encode(), "values.xlsx", "The selected file must be a CSV"),
        (b"", "values.csv", "The selected file is empty"),
    ],
)
def test_the_upload_screen_refuses_bad_files_and_saves_nothing(client, sign_in, content, name, message):
    sign_in(Role.STRATEGY_LEAD)
    response = _upload(client, content, name)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "govuk-error-summary" in html
    assert db.session.scalars(select(Indicator)).all() == []


def test_the_upload_screen_needs_a_file(client_request, sign_in):
    sign_in(Role.STRATEGY_LEAD)
    page = client_request.post("strategy_staff.import_values", {}, _expected_status=200)
    assert errors(page) == ["Select a CSV file"]


def test_the_public_page_shows_published_indicators_only(client_request):
    outcome = make_outcome("Families trust the system")
    make_indicator("SAT", name="% of parents satisfied", outcome_id=outcome.id, target=60.0,
                   values={"2024-25": 48.0, "2025-26": 55.0})  # fmt: skip
    make_indicator("SECRET", name="Draft measure", published=False, values={"2025-26": 1.0})
    page = client_request.get("strategy_public.public_indicators")
    text = page.get_text(" ", strip=True)
    assert "% of parents satisfied" in text and "Draft measure" not in text
    assert "Improving: up from 48% to 55%; target 60%." in text
    nav = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation a")]
    assert "How we are doing" in nav


def test_the_annual_report_reads_as_a_report(client_request):
    outcome = make_outcome("Families trust the system")
    make_indicator("SAT", name="% of parents satisfied", outcome_id=outcome.id, target=60.0,
                   values={"2024-25": (48.0, {"England": 50.0}), "2025-26": 55.0})  # fmt: skip
    make_indicator("PFA", name="Pathway published", outcome_id=outcome.id, direction="complete", unit="count",
                   values={"2024-25": 0.0, "2025-26": 1.0})  # fmt: skip
    page = client_request.get("strategy_public.annual_report")
    text = page.get_text(" ", strip=True)
    assert page.select_one("h2.govuk-heading-l").get_text(strip=True) == "1. Families trust the system"
    assert "Improving: up from 48% to 55%; target 60%." in text
    assert "Latest 55% (2025-26)" in text and "Year before 48% (2024-25)" in text
    assert "Complete." in text
    assert "Compared with England 50% in 2024-25, against our 48%: we are worse" in text
    assert page.select(".app-no-print")


def test_unknown_indicators_are_not_found(client_request, sign_in):
    sign_in(Role.STRATEGY_LEAD)
    client_request.get("strategy_staff.indicator_page", 404, indicator_id=999)
    client_request.get("strategy_staff.edit_outcome", 404, outcome_id=999)
