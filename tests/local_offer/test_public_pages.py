"""The public directory pages: search, results, service detail, feedback, problem reports, shortlist."""

from __future__ import annotations

from datetime import date

import pytest
from flask import url_for

from local_offer.models import ProblemReport
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from tests.factories import make_directory, make_service


@pytest.fixture()
def services(app_ctx):
    autism, respite = make_directory(
        dict(
            name="Autism Parent Support Group",
            description="Monthly group for parents.\nMeet other families.",
            needs=("ASD",),
            categories=("groups-for-parents-and-carers",),
            areas=("rugby",),
            minimum_age=2,
            maximum_age=18,
            assured=date(2026, 3, 3),
            email="group@example.org",
            url="https://example.org/group",
            eligibility_description="Parents and carers of autistic children",
            fees_description="Free",
        ),
        dict(
            name="Saturday Short Breaks Club",
            description="Respite for disabled children.",
            needs=("LD",),
            areas=("warwick",),
            free=False,
            fees_description="£5 per session",
            referral="referral",
        ),
    )
    return autism, respite


def test_search_page_without_a_search_shows_the_form(client_request, services):
    page = client_request.get("local_offer_public.search")
    assert page.select_one("input#q")
    assert not page.select("#result-count")


def test_results_count_and_summary(client_request, services):
    page = client_request.get("local_offer_public.search", q="autism", need="ASD", age="7", area="rugby")
    assert "1 service found" in page.select_one("#result-count").text
    summary = page.find(string=lambda s: s and "Showing services" in s)
    assert "for autism" in summary and "age 7" in summary and "in Rugby" in summary
    assert page.select_one(".app-result a").text == "Autism Parent Support Group"


def test_spelling_correction_is_shown(client_request, services):
    page = client_request.get("local_offer_public.search", q="autsim")
    assert "Showing results for" in page.text and "autism" in page.text


def test_zero_results_page_offers_spelling_and_removing_filters(client_request, services):
    page = client_request.get("local_offer_public.search", q="dizlexcia", need="SLCN", area="rugby")
    assert "0 services found" in page.select_one("#result-count").text
    links = [a.text for a in page.select("a.govuk-link")]
    assert any("Remove ‘Speech, language and communication’" in text for text in links)
    assert any("Remove ‘Rugby’" in text for text in links)
    assert "Remove all filters" in links


def test_bad_age_gets_an_error_and_still_searches(client_request, services):
    page = client_request.get("local_offer_public.search", q="autism", age="forty")
    assert page.select_one(".govuk-error-summary")
    assert "Age must be a whole number from 0 to 25" in page.text or "Not a valid integer" in page.text
    assert page.select_one("#result-count")


def test_pagination_links_keep_the_filters(client_request, app_ctx):
    for n in range(12):
        make_service(f"Holiday Club {n:02d}", "Holiday club.", areas=("rugby",), commit=False)
    db.session.commit()
    page = client_request.get("local_offer_public.search", q="holiday", area="rugby")
    next_link = page.select_one(".govuk-pagination__next a")["href"]
    assert "area=rugby" in next_link and "page=2" in next_link


def test_service_page_shows_every_field_and_date_checked(client_request, services):
    autism, _ = services
    page = client_request.get("local_offer_public.service", service_id=autism.id)
    text = page.text
    for expected in [
        "Autism Parent Support Group",
        "2 to 18 years",
        "Autism",
        "Rugby",
        "Self-referral",
        "Parents and carers of autistic children",
        "group@example.org",
        "https://example.org/group",
        "This information was last checked on 3 March 2026",
        "Was this page helpful?",
        "Report a problem with this page",
        "Meet other families.",
    ]:
        assert expected in text, expected


def test_unknown_archived_service_is_404(client_request, app_ctx):
    gone = make_service("Gone", archived=True)
    client_request.get("local_offer_public.service", service_id=gone.id, _expected_status=404)
    client_request.get("local_offer_public.service", service_id="nope", _expected_status=404)


def test_was_this_page_helpful_is_stored(client_request, services):
    autism, _ = services
    page = client_request.post("local_offer_public.helpful", {}, _expected_status=200, service_id=autism.id)
    assert "Select yes if this page was helpful" in page.select_one(".govuk-error-summary").text
    client_request.post(
        "local_offer_public.helpful", {"helpful": "no", "comment": "Times are wrong"}, service_id=autism.id
    )
    saved = db.session.scalars(db.select(PageFeedback)).one()
    assert saved.service_id == autism.id and saved.helpful is False and saved.comment == "Times are wrong"


def test_report_a_problem(client_request, services):
    autism, _ = services
    page = client_request.post(
        "local_offer_public.report_problem", {"details": "x" * 1001}, _expected_status=200, service_id=autism.id
    )
    errors = page.select_one(".govuk-error-summary").text
    assert "Select what is wrong with this page" in errors and "1000 characters or fewer" in errors
    page = client_request.post(
        "local_offer_public.report_problem",
        {"kind": "closed", "details": "Closed in May"},
        _expected_status=200,
        service_id=autism.id,
    )
    assert "Thank you for reporting a problem" in page.text
    report = db.session.scalars(db.select(ProblemReport)).one()
    assert report.kind == "closed" and report.service_id == autism.id and report.resolved_at is None
    client_request.post(
        "local_offer_public.report_problem", {"kind": "invented"}, _expected_status=200, service_id=autism.id
    )
    assert db.session.query(ProblemReport).count() == 1


def test_shortlist_add_remove_and_print(client_request, services):
    autism, respite = services
    client_request.post("local_offer_public.shortlist_add", service_id=autism.id)
    client_request.post("local_offer_public.shortlist_add", service_id=respite.id)
    client_request.post("local_offer_public.shortlist_add", service_id=autism.id)
    page = client_request.get("local_offer_public.shortlist")
    assert [h.text for h in page.select("h2 a")] == ["Autism Parent Support Group", "Saturday Short Breaks Club"]
    printed = client_request.get("local_offer_public.shortlist_print")
    assert "£5 per session" in printed.text and "Self-referral" in printed.text
    client_request.post("local_offer_public.shortlist_remove", service_id=autism.id)
    page = client_request.get("local_offer_public.shortlist")
    assert [h.text for h in page.select("h2 a")] == ["Saturday Short Breaks Club"]


def test_shortlist_redirect_stays_on_site(client_request, services):
    autism, _ = services
    client_request.post(
        "local_offer_public.shortlist_add",
        {"next": "//evil.example/"},
        service_id=autism.id,
        _expected_redirect=url_for("local_offer_public.service", service_id=autism.id),
    )


def test_service_page_names_its_needs_and_type_of_service(client_request, services):
    """The page reads these from the service's terms, which load only when the page asks for them."""
    from nlp import vocab

    autism, _ = services
    page = client_request.get("local_offer_public.service", service_id=autism.id)
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in page.select(".govuk-summary-list__row")
    }
    category = next(c.label for c in vocab.service_categories() if c.id == "groups-for-parents-and-carers")
    assert rows["Needs"] == vocab.need_label("ASD")
    assert rows["Type of service"] == category
