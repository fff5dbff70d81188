"""A consultation lead's results in Chromium: agreement, themes by respondent type (chart and tables,
JavaScript on and off), approving and publishing a quote, and downloading the coded answers."""

from __future__ import annotations

import csv
import io
import re

from tests.browser import test_coding_pages as shared
from tests.browser.conftest import axe_violations
from tests.browser.test_coding_pages import click_and_wait, in_app

coded_strategy, lead_page = shared.coded_strategy, shared.lead_page  # fixtures shared by the coding tests


def test_agreement_page_shows_coders_and_machine_agreement(staff_page, live_server, coded_strategy):
    page = staff_page
    base = live_server + coded_strategy["base"] + f"/questions/{coded_strategy['question']}"
    page.goto(base + "/second")
    left = int(re.search(r"(\d+) sample answers are left", page.locator("main").inner_text()).group(1))
    page.locator("input[name=themes]").first.check()
    click_and_wait(page, "button", "Save and next")
    assert f"{left - 1} sample answers are left" in page.locator("main").inner_text()
    page.goto(base + "/agreement")
    assert re.search(r"Per-answer F1 .* \d\.\d\d \(95% interval", page.locator("#machine").inner_text())
    assert axe_violations(page) == []


def test_analysis_shows_a_chart_and_tables_by_respondent_type(lead_page, live_server, coded_strategy, browser_app):
    from consultation.coding import analysis, codebooks
    from consultation.coding.models import CodingCodebook
    from portal.core.extensions import db

    question = coded_strategy["question"]

    def expected():
        ordered = codebooks.hierarchy(db.session.get(CodingCodebook, coded_strategy["codebook"]))
        return analysis.analysis(question, ordered)

    result = in_app(browser_app, expected)
    page = lead_page
    page.goto(live_server + coded_strategy["base"] + f"/questions/{question}/analysis")
    rows = page.locator("#overall tbody tr")
    assert rows.count() == len(result.themes)
    assert page.locator("#overall meter").count() == len(result.themes)
    first = result.themes[0]
    assert rows.first.get_by_role("link").inner_text().startswith(f"{first.count:,}")
    tabs = page.locator("#by-type .govuk-tabs__tab")
    assert tabs.count() == len(result.types)
    young = page.locator("#type-young_person")
    if page.javascript:  # tabs: one panel at a time
        assert not young.is_visible()
        tabs.filter(has_text="Young person").click()
        assert young.is_visible()
        assert axe_violations(page) == []
    else:  # every table, one after another
        assert young.is_visible()
    young.get_by_role("link").first.click()
    expected_count = first.by_type.get("young_person", 0)
    assert page.locator("#total").inner_text() == f"Young person: {expected_count:,} answers."
    assert page.locator("#answers li").count() == min(expected_count, 50)


def test_lead_approves_and_publishes_a_quote(staff_page, live_server, coded_strategy):
    page = staff_page
    page.goto(live_server + coded_strategy["base"] + f"/questions/{coded_strategy['question']}/quotes")
    form = page.locator("form[id^=theme-]").first
    quote = form.locator(".govuk-checkboxes__label").first.inner_text().strip("“”")
    form.locator("input[name=answers]").first.check()
    with page.expect_navigation():
        form.get_by_role("button", name=re.compile("^Approve ticked quotes about ")).click()
    assert "1 quote approved." in page.locator(".govuk-notification-banner").inner_text()
    approved = page.locator("#approved li", has_text=quote)
    assert "Approved, not published" in approved.inner_text()
    click_and_wait(page, "button", "Publish approved quotes")
    assert "Published" in page.locator("#approved li", has_text=quote).inner_text()
    assert axe_violations(page) == []
    page.goto(live_server + "/have-your-say/" + coded_strategy["slug"])
    assert quote in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_lead_downloads_the_coded_answers(staff_page, live_server, coded_strategy, browser_app):
    from openpyxl import load_workbook

    page = staff_page
    page.goto(live_server + coded_strategy["base"] + f"/questions/{coded_strategy['question']}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download coded answers (CSV)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["Row", "Respondent type", "Answer (redacted)", "Themes"]
    assert len(rows) == 481  # every answer to the question
    assert {row[4] for row in rows[1:]} >= {"Reviewed by a person", "Suggestion accepted in bulk"}
    with page.expect_download() as download:
        page.get_by_role("link", name="Download coded answers (Excel)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes()))["Coded answers"]
    assert sheet.max_row == 481 and sheet.cell(row=1, column=3).value == "Answer (redacted)"
