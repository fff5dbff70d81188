"""Every change to a service moves its last_modified and is kept in its history; every public field can be edited."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from local_offer.models import Service, ServiceChange
from portal.core.access import Role
from portal.core.extensions import db
from tests.local_offer.test_editor import EDITOR, error_summary, good_form


def _create(client_request) -> Service:
    client_request.post(f"{EDITOR}.new_service", good_form())
    return db.session.scalars(select(Service)).one()


def _edit(client_request, service: Service, **changes) -> None:
    form = good_form(organisation=service.organization_id, new_organisation="", **changes)
    client_request.post(f"{EDITOR}.edit_service", form, service_id=service.id)


def _age(service: Service) -> datetime:
    """Pretend the service was last changed long ago, so a change shows."""
    long_ago = datetime(2020, 1, 1)
    db.session.execute(update(Service).where(Service.id == service.id).values(last_modified=long_ago))
    db.session.commit()
    return long_ago


def _changes(service: Service) -> list[ServiceChange]:
    db.session.expire_all()
    return db.session.scalars(
        select(ServiceChange).where(ServiceChange.service_id == service.id).order_by(ServiceChange.id)
    ).all()


def test_changing_only_a_phone_number_moves_last_modified_and_is_in_the_history(client_request, sign_in):
    user = sign_in(Role.DIRECTORY_EDITOR)
    service = _create(client_request)
    long_ago = _age(service)
    _edit(client_request, service, **{"phones-0-number": "01632 960 999"})

    db.session.expire_all()
    assert service.last_modified > long_ago + timedelta(days=365)
    created, edited = _changes(service)
    assert created.action == "created" and created.changed_by == user.email
    assert edited.action == "edited" and edited.changed_by == user.email
    assert edited.changes == [{"field": "Telephone", "before": "01632 960 001", "after": "01632 960 999"}]

    page = client_request.get(f"{EDITOR}.service_history", service_id=service.id)
    assert page.h1.text.strip() == "History"
    table = page.select(".app-history-table")[0].text
    assert "01632 960 001" in table and "01632 960 999" in table and user.email in page.text


def test_changing_opening_times_moves_last_modified(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = _create(client_request)
    long_ago = _age(service)
    _edit(client_request, service, **{"opening_times-0": "Sundays, 2pm to 4pm"})
    db.session.expire_all()
    assert service.last_modified > long_ago
    assert _changes(service)[-1].changes == [
        {"field": "Opening times", "before": "Saturdays, 9am to 10am", "after": "Sundays, 2pm to 4pm"}
    ]


def test_saving_without_changes_writes_no_history(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = _create(client_request)
    long_ago = _age(service)
    _edit(client_request, service)
    db.session.expire_all()
    assert service.last_modified == long_ago
    assert [c.action for c in _changes(service)] == ["created"]


def test_archive_unarchive_and_check_are_in_the_history(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = _create(client_request)
    client_request.post(f"{EDITOR}.archive", {}, service_id=service.id)
    client_request.post(f"{EDITOR}.unarchive", {}, service_id=service.id)
    client_request.post(f"{EDITOR}.mark_as_checked", {"return_to": "edit"}, service_id=service.id)
    actions = [(c.action, c.changes[0]["field"] if c.changes else None) for c in _changes(service)]
    assert actions[1:] == [("archived", "Archived"), ("unarchived", "Archived"), ("checked", "Last checked")]
    page = client_request.get(f"{EDITOR}.service_history", service_id=service.id)
    headings = [h.text for h in page.select("h2.govuk-heading-m")]
    assert headings[0].startswith("Marked as checked") and headings[-1].startswith("Added")


def test_the_edit_page_links_to_the_history(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = _create(client_request)
    page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    link = page.select_one("#service-summary a[href$='/history']")
    assert link is not None and "See the history" in link.text


def test_history_page_access(client, client_request, sign_in):
    from flask import url_for

    url = url_for(f"{EDITOR}.service_history", service_id="x")
    assert client.get(url).status_code == 302
    sign_in(Role.CONSULTATION_LEAD)
    assert client.get(url).status_code == 403


def test_history_of_an_unknown_service_is_not_found(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.get(f"{EDITOR}.service_history", service_id="no-such-service", _expected_status=404)


EVERYTHING = {
    "alert": "No sessions in August",
    "wait_time": "About 6 weeks",
    "interpretation_services": "British Sign Language on request",
    "phones-1-number": "01632 960 002",
    "phones-1-description": "Bookings",
    "contacts-0-title": "Manager",
    "contacts-0-name": "Sam Example",
    "contacts-0-email": "sam@kestrel.example.org",
    "places-0-name": "Kestrel Pool",
    "places-0-accessibility": "Step-free entrance",
    "places-1-address_1": "Town Hall",
    "places-1-city": "Warwick",
    "places-1-postcode": "cv34 4aa",
    "opening_times-1": "School holidays, 10am to 3pm",
    "prices-0-option": "One session",
    "prices-0-amount": "4.50",
    "prices-0-amount_description": "per child",
}


def test_every_public_field_can_be_edited_and_the_public_page_shows_it(client, client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    service = _create(client_request)
    _edit(client_request, service, **EVERYTHING)
    page = client_request.get("local_offer_public.service", service_id=service.id).text
    for shown in ("No sessions in August", "About 6 weeks", "British Sign Language on request", "Bookings",
                  "01632 960 002", "Sam Example, sam@kestrel.example.org", "Step-free entrance", "Town Hall",
                  "CV34 4AA", "School holidays, 10am to 3pm", "£4.50 per child"):  # fmt: skip
        assert shown in page, shown
    fields = {c["field"] for c in _changes(service)[-1].changes}
    assert fields == {"Alert", "Waiting time", "Languages and interpreting", "Telephone", "Contacts", "Addresses",
                      "Opening times", "Prices"}  # fmt: skip

    edit = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    assert edit.select_one("#phones-1-number")["value"] == "01632 960 002"
    assert edit.select_one("#phones-2-number") is not None  # an empty one, for adding another
    assert edit.select_one("#prices-0-amount")["value"] == "4.50"

    removed = EVERYTHING | {"phones-1-number": "", "phones-1-description": "", "places-1-address_1": "",
                            "places-1-city": "", "places-1-postcode": ""}  # fmt: skip
    _edit(client_request, service, **removed)
    db.session.expire_all()
    assert [p.number for p in service.phones] == ["01632 960 001"]
    assert [link.location.address_1 for link in service.locations] == ["Kestrel Pool, Hill Street"]


def test_list_entries_show_their_errors(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    bad = {
        "prices-0-amount": "four pounds",
        "contacts-0-title": "Manager",
        "phones-1-description": "Bookings",
        "places-1-city": "Warwick",
        "contacts-1-email": "not an email",
    }
    page = client_request.post(f"{EDITOR}.new_service", good_form(**bad), _expected_status=200)
    assert sorted(error_summary(page)) == sorted(
        [
            "Price must be an amount in pounds, like 4.50",
            "Enter the contact's name or email address",
            "Enter the telephone number",
            "Enter the first line of the address or the postcode",
            "Enter an email address in the correct format, like name@example.com",
        ]
    )
    assert page.select_one(".govuk-error-summary a[href='#prices-0-amount']") is not None
    assert db.session.scalar(select(Service.id)) is None
