"""The directory editors' pages: services, due for review and problem reports."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from local_offer.editing import ServiceInput, save_service
from local_offer.models import Organization, ProblemReport, Service
from local_offer.queries import review_cutoff
from local_offer.search import SearchFilters, SearchRequest, search_services
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db

EDITOR = "local_offer_staff"


def good_form(**changes) -> dict:
    data = {
        "name": "Kestrel sensory swimming club",
        "organisation": "",
        "new_organisation": "Kestrel Leisure Trust",
        "description": "Quiet swimming sessions for children who find busy pools hard.",
        "eligibility": "Children with additional needs",
        "minimum_age": "4",
        "maximum_age": "16",
        "needs": ["ASD"],
        "send_categories": ["autism"],
        "general_categories": ["leisure"],
        "areas": ["rugby"],
        "referral_route": "self",
        "delivery": ["in_person"],
        "cost": "paid",
        "fees_description": "£4 a session",
        "status": "active",
        "website": "www.kestrel.example.org",
        "email": "swim@kestrel.example.org",
        "phones-0-number": "01632 960 001",
        "places-0-address_1": "Kestrel Pool, Hill Street",
        "places-0-address_2": "",
        "places-0-city": "Rugby",
        "places-0-postcode": "cv21 2ab",
        "opening_times-0": "Saturdays, 9am to 10am",
        "application_process": "Call to book a place",
    }
    data.update(changes)
    return data


def make_service(name: str = "Otter play scheme", **changes) -> Service:
    organisation = Organization(name="Otter Trust")
    db.session.add(organisation)
    db.session.flush()
    values = {
        "name": name,
        "organisation_id": organisation.id,
        "description": "Holiday play for disabled children.",
        "needs": ("LD",),
        "delivery": ("in_person",),
        "status": "active",
    }
    service, _ = save_service(None, ServiceInput(**(values | changes)))
    db.session.commit()
    return service


def found(text: str = "", **filters) -> list[str]:
    result = search_services(SearchRequest(text=text, filters=SearchFilters(**filters), per_page=50))
    return [service.name for service in result.services]


def audit_actions() -> list[tuple[str, str | None]]:
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    return [(event.action, event.target_id) for event in events if not event.action.startswith(("auth.", "staff."))]


def error_summary(page) -> list[str]:
    summary = page.select_one(".govuk-error-summary")
    return [item.get_text(strip=True) for item in summary.select("li")] if summary else []


@pytest.mark.parametrize(
    "endpoint,values,method",
    [
        ("editor_home", {}, "get"),
        ("new_service", {}, "get"),
        ("new_service", {}, "post"),
        ("edit_service", {"service_id": "x"}, "get"),
        ("archive", {"service_id": "x"}, "post"),
        ("unarchive", {"service_id": "x"}, "post"),
        ("mark_as_checked", {"service_id": "x"}, "post"),
        ("due_for_review", {}, "get"),
        ("problem_reports", {}, "get"),
        ("problem_report", {"report_id": 1}, "get"),
        ("resolve_problem", {"report_id": 1}, "post"),
    ],
)
def test_editor_pages_are_for_directory_editors(client, client_request, sign_in, endpoint, values, method):
    url = _url(endpoint, values)
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    sign_in(Role.CONSULTATION_LEAD)
    assert getattr(client, method)(url).status_code == 403


def _url(endpoint: str, values: dict) -> str:
    from flask import url_for

    return url_for(f"{EDITOR}.{endpoint}", **values)


def test_every_editor_view_requires_the_directory_editor_role(app):
    views = {name: view for name, view in app.view_functions.items() if name.startswith(f"{EDITOR}.")}
    assert len(views) >= 10
    for name, view in views.items():
        assert getattr(view, "access", None) == frozenset({Role.DIRECTORY_EDITOR}), name


def test_admins_can_use_the_editor(client_request, sign_in):
    sign_in(Role.ADMIN)
    client_request.get(f"{EDITOR}.editor_home")


def test_home_shows_counts_and_a_searchable_list(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    make_service("Otter play scheme")
    make_service("Badger youth club")
    closed = make_service("Heron advice line", status="inactive")
    db.session.add(ProblemReport(service_id=closed.id, kind="closed"))
    db.session.commit()

    page = client_request.get(f"{EDITOR}.editor_home")
    assert page.select_one("#count-active").text == "2"
    assert page.select_one("#count-due").text == "3"
    assert page.select_one("#count-problems").text == "1"
    names = [a.text for a in page.select("#services a")]
    assert names == ["Badger youth club", "Heron advice line", "Otter play scheme"]

    page = client_request.get(f"{EDITOR}.editor_home", q="OTTER")
    assert [a.text for a in page.select("#services a")] == ["Otter play scheme"]
    page = client_request.get(f"{EDITOR}.editor_home", status="inactive")
    assert [a.text for a in page.select("#services a")] == ["Heron advice line"]
    page = client_request.get(f"{EDITOR}.editor_home", q="nothing like this")
    assert "0 services found" in page.select_one("#service-count").text


def test_archived_services_are_listed_under_their_own_filter(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Otter play scheme")
    make_service("Badger youth club")
    client_request.post(f"{EDITOR}.archive", service_id=service.id)
    page = client_request.get(f"{EDITOR}.editor_home", status="archived")
    assert [a.text for a in page.select("#services a")] == ["Otter play scheme"]
    page = client_request.get(f"{EDITOR}.editor_home", status="active")
    assert [a.text for a in page.select("#services a")] == ["Badger youth club"]
    page = client_request.get(f"{EDITOR}.editor_home")
    assert "Archived" in page.select_one("#services").text


def test_service_list_is_paged(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    for number in range(23):
        make_service(f"Service {number:02d}")
    page = client_request.get(f"{EDITOR}.editor_home")
    assert len(page.select("#services tbody tr")) == 20
    assert page.select_one(".govuk-pagination__next a")["href"].endswith("page=2")
    page = client_request.get(f"{EDITOR}.editor_home", page=2)
    assert [a.text for a in page.select("#services a")] == ["Service 20", "Service 21", "Service 22"]


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"name": "  "}, "Enter the name of the service"),
        ({"description": ""}, "Enter a description of the service"),
        ({"new_organisation": ""}, "Choose an organisation or enter the name of a new one"),
        ({"minimum_age": "four"}, "Minimum age must be a whole number between 0 and 25"),
        ({"minimum_age": "26"}, "Minimum age must be a whole number between 0 and 25"),
        ({"maximum_age": "-1"}, "Maximum age must be a whole number between 0 and 25"),
        ({"maximum_age": "2.5"}, "Maximum age must be a whole number between 0 and 25"),
        ({"minimum_age": "12", "maximum_age": "5"}, "Maximum age must be the same as or higher than the minimum age"),
        ({"referral_route": ""}, "Select how families get the service"),
        ({"delivery": []}, "Select how the service is delivered"),
        ({"cost": ""}, "Select if the service is free"),
        ({"status": ""}, "Select the status of the service"),
        ({"website": "not a website"}, "Enter a website address in the correct format, like www.example.org.uk"),
        (
            {"website": "ftp://files.example.org"},
            "Enter a website address in the correct format, like www.example.org.uk",
        ),
        ({"email": "swim at kestrel"}, "Enter an email address in the correct format, like name@example.com"),
        ({"places-0-postcode": "CV99"}, "Enter a real postcode"),
        ({"name": "x" * 301}, "Name of the service must be 300 characters or fewer"),
    ],
)
def test_create_service_shows_each_error(client_request, sign_in, changes, message):
    sign_in(Role.DIRECTORY_EDITOR)
    page = client_request.post(f"{EDITOR}.new_service", good_form(**changes), _expected_status=200)
    assert error_summary(page) == [message]
    assert page.title.text.strip().startswith("Error:")
    assert page.select_one(".govuk-error-message").text.strip().endswith(message)
    assert db.session.scalar(select(Service.id)) is None


def test_choosing_an_organisation_and_typing_one_is_an_error(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    organisation = Organization(name="Otter Trust")
    db.session.add(organisation)
    db.session.commit()
    page = client_request.post(f"{EDITOR}.new_service", good_form(organisation=organisation.id), _expected_status=200)
    assert error_summary(page) == ["Choose an organisation or enter a new one, not both"]


def test_create_service_saves_everything_and_it_can_be_found(client_request, sign_in):
    user = sign_in(Role.DIRECTORY_EDITOR)
    page = client_request.post(f"{EDITOR}.new_service", good_form(), _follow=True, _expected_status=200)
    assert "Kestrel sensory swimming club has been added to the directory." in page.text

    service = db.session.scalars(select(Service)).one()
    assert service.organization.name == "Kestrel Leisure Trust"
    assert (service.minimum_age, service.maximum_age, service.referral_route) == (4, 16, "self")
    assert service.url == "https://www.kestrel.example.org"
    assert service.locations[0].location.postal_code == "CV21 2AB"
    assert service.schedules[0].description == "Saturdays, 9am to 10am"
    assert service.phones[0].number == "01632 960 001"
    assert found("Kestrel sensory swimming club") == ["Kestrel sensory swimming club"]
    assert found(needs=("ASD",), areas=("rugby",), categories=("leisure",)) == ["Kestrel sensory swimming club"]
    assert audit_actions() == [
        ("organization.create", service.organization_id),
        ("service.create", service.id),
    ]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "service.create")).one()
    assert event.actor == user.email and event.detail == {}


def test_typed_organisation_name_reuses_an_existing_one(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    db.session.add(Organization(name="Kestrel Leisure Trust"))
    db.session.commit()
    client_request.post(f"{EDITOR}.new_service", good_form(new_organisation="kestrel leisure trust"))
    assert len(db.session.scalars(select(Organization)).all()) == 1
    assert ("organization.create", None) not in audit_actions()


def test_edit_form_shows_the_service(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form())
    service = db.session.scalars(select(Service)).one()
    page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    assert page.select_one("#name")["value"] == "Kestrel sensory swimming club"
    assert page.select_one("#minimum_age")["value"] == "4"
    assert page.select_one("input[name=needs][value=ASD]").has_attr("checked")
    assert page.select_one("input[name=areas][value=rugby]").has_attr("checked")
    assert page.select_one("input[name=cost][value=paid]").has_attr("checked")
    assert page.select_one("#places-0-postcode")["value"] == "CV21 2AB"
    assert "covers all of Warwickshire" in page.text
    client_request.get(f"{EDITOR}.edit_service", service_id="no-such-service", _expected_status=404)


def test_editing_needs_and_areas_changes_what_filters_find(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form())
    service = db.session.scalars(select(Service)).one()
    form = good_form(organisation=service.organization_id, new_organisation="", needs=["SLCN", "HI"], areas=["warwick"])
    page = client_request.post(
        f"{EDITOR}.edit_service", form, _follow=True, service_id=service.id, _expected_status=200
    )
    assert "Your changes to Kestrel sensory swimming club have been saved." in page.text

    assert found(needs=("ASD",)) == []
    assert found(needs=("SLCN",)) == ["Kestrel sensory swimming club"]
    assert found(areas=("rugby",)) == []
    assert found(areas=("warwick",)) == ["Kestrel sensory swimming club"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "service.edit")).one()
    assert event.detail == {"changed": ["needs", "areas"]}


def test_clearing_areas_makes_a_service_county_wide_and_removing_the_address(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form())
    service = db.session.scalars(select(Service)).one()
    form = good_form(
        organisation=service.organization_id,
        new_organisation="",
        areas=[],
        **{"places-0-address_1": "", "places-0-city": "", "places-0-postcode": ""},
    )
    client_request.post(f"{EDITOR}.edit_service", form, service_id=service.id)
    db.session.expire_all()
    assert service.service_areas == [] and service.locations == []
    assert found(areas=("north-warwickshire",)) == ["Kestrel sensory swimming club"]


def test_saving_without_changes_says_so(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form())
    service = db.session.scalars(select(Service)).one()
    form = good_form(organisation=service.organization_id, new_organisation="")
    page = client_request.post(
        f"{EDITOR}.edit_service", form, _follow=True, service_id=service.id, _expected_status=200
    )
    assert "There were no changes to save." in page.text
    assert ("service.edit", service.id) not in audit_actions()


def test_archive_asks_first_then_hides_the_service(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Otter play scheme")
    assert found("otter") == ["Otter play scheme"]

    page = client_request.get(f"{EDITOR}.archive", service_id=service.id)
    assert "Are you sure you want to archive this service?" in page.h1.text
    assert page.select_one("form[method=post] button").text.strip() == "Yes, archive this service"
    assert db.session.get(Service, service.id).archived is False

    page = client_request.post(f"{EDITOR}.archive", service_id=service.id, _follow=True, _expected_status=200)
    assert "Otter play scheme has been archived." in page.text
    assert found("otter") == []

    client_request.post(f"{EDITOR}.unarchive", service_id=service.id)
    assert found("otter") == ["Otter play scheme"]
    assert audit_actions() == [("service.archive", service.id), ("service.unarchive", service.id)]


def test_due_for_review_lists_the_longest_unchecked_first(client_request, sign_in, app):
    sign_in(Role.DIRECTORY_EDITOR)
    today = date.today()
    cutoff = review_cutoff(today, app.config["SERVICE_REVIEW_MONTHS"])
    make_service("Checked recently").assured_date = today - timedelta(days=10)
    make_service("Checked long ago").assured_date = cutoff - timedelta(days=400)
    make_service("Checked a while ago").assured_date = cutoff - timedelta(days=1)
    make_service("Never checked")
    make_service("Archived and never checked").archived = True
    db.session.commit()

    page = client_request.get(f"{EDITOR}.due_for_review")
    names = [a.text for a in page.select("#due tbody a")]
    assert names == ["Never checked", "Checked long ago", "Checked a while ago"]


def test_mark_as_checked_removes_a_service_from_the_due_list(client_request, sign_in):
    user = sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Never checked")
    page = client_request.post(
        f"{EDITOR}.mark_as_checked", {"return_to": "review"}, service_id=service.id, _follow=True, _expected_status=200
    )
    assert "Never checked has been marked as checked today." in page.text
    assert page.select("#due tbody a") == []
    service = db.session.get(Service, service.id)
    assert (service.assured_date, service.assurer_email) == (date.today(), user.email)
    assert audit_actions() == [("service.check", service.id)]


def test_mark_as_checked_from_the_edit_page_returns_there(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Never checked")
    page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    assert "Due for review" in page.select_one("#service-summary").text
    client_request.post(
        f"{EDITOR}.mark_as_checked",
        {"return_to": "edit"},
        service_id=service.id,
        _expected_redirect=_url("edit_service", {"service_id": service.id}),
    )
    page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    assert "Due for review" not in page.select_one("#service-summary").text


def test_problem_reports_can_be_read_and_resolved(client_request, sign_in):
    user = sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Otter play scheme")
    older = ProblemReport(service_id=service.id, kind="out_of_date", created_at=datetime(2024, 1, 5, 10, 0))
    newer = ProblemReport(
        service_id=service.id, kind="closed", details="It shut in May\n<b>for good</b>", created_at=datetime(2024, 6, 1)
    )
    db.session.add_all([older, newer])
    db.session.commit()

    page = client_request.get(f"{EDITOR}.problem_reports")
    rows = [row.get_text(" ", strip=True) for row in page.select("#reports tbody tr")]
    assert "The service has closed" in rows[0] and "The information is out of date" in rows[1]
    assert "Otter play scheme" in rows[0]

    page = client_request.get(f"{EDITOR}.problem_report", report_id=newer.id)
    details = page.select_one("#report").find("dt", string=lambda text: "Details" in text).find_next("dd")
    assert details.select("br") and not details.select("b") and "<b>for good</b>" in details.text
    page = client_request.post(f"{EDITOR}.resolve_problem", report_id=newer.id, _follow=True, _expected_status=200)
    assert "The problem report has been marked as resolved." in page.text
    assert len(page.select("#reports tbody tr")) == 1

    report = db.session.get(ProblemReport, newer.id)
    assert report.resolved_at is not None and report.resolved_by == user.email
    page = client_request.get(f"{EDITOR}.problem_reports", show="resolved")
    assert "The service has closed" in page.select_one("#reports").text
    page = client_request.get(f"{EDITOR}.problem_report", report_id=newer.id)
    assert "Mark as resolved" not in page.text and user.email in page.text
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "problem_report.resolve")).one()
    assert event.detail == {"kind": "closed"} and "May" not in str(event.detail)
    client_request.get(f"{EDITOR}.problem_report", report_id=9999, _expected_status=404)


def test_editor_forms_carry_a_csrf_token(client, client_request, sign_in, app):
    sign_in(Role.DIRECTORY_EDITOR)
    service = make_service("Never checked")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(_url("mark_as_checked", {"service_id": service.id})).status_code == 400
        page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
        forms = page.select("main form[method=post]")
        assert forms and all(form.select_one("input[name=csrf_token]") for form in forms)
        token = forms[0].select_one("input[name=csrf_token]")["value"]
        response = client.post(_url("mark_as_checked", {"service_id": service.id}), data={"csrf_token": token})
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.get(Service, service.id).assured_date == date.today()
