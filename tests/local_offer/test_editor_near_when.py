"""An editor states when a service runs (stated values add to those its schedules give), and a service's
address is placed at its postcode so parents find it near them."""

from __future__ import annotations

from sqlalchemy import select

from local_offer.models import Schedule, Service
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.when import service_when, stated_when
from portal.core.access import Role
from portal.core.extensions import db
from tests.local_offer.test_editor import EDITOR, found, good_form


def test_an_editor_ticks_when_a_service_runs_and_parents_can_filter_by_it(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form(when=["school_holidays", "weekend"]))
    service = db.session.scalars(select(Service)).one()
    assert stated_when(service) == {"school_holidays", "weekend"}
    assert found(when=("school_holidays",)) == ["Kestrel sensory swimming club"]
    assert found(when=("evening",)) == []

    page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    ticked = {box["value"] for box in page.select("input[name=when][checked]")}
    assert ticked == {"school_holidays", "weekend"}
    labels = [label.get_text(strip=True) for label in page.select("input[name=when] + label")]
    assert labels == ["After school", "Evenings", "Weekends", "School holidays", "Term time"]


def test_stated_values_add_to_the_schedules_and_can_be_taken_away(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form(when=["term_time"]))
    service = db.session.scalars(select(Service)).one()
    service.schedules.append(Schedule(byday="TH", opens_at="18:30", closes_at="20:00"))
    db.session.commit()
    # "Saturdays, 9am to 10am" (the opening times in words) gives weekend, the structured row evening.
    assert service_when(service) == ["evening", "weekend", "term_time"]

    # The editor's own form as the page shows it (every opening time listed), with the boxes unticked.
    page = client_request.get(f"{EDITOR}.edit_service", service_id=service.id)
    form = _form_fields(page)
    form.pop("when", None)
    client_request.post(f"{EDITOR}.edit_service", form, service_id=service.id)
    db.session.expire_all()
    assert stated_when(service) == set()
    assert service_when(service) == ["evening", "weekend"]
    assert found(when=("term_time",)) == []
    assert found(when=("evening",)) == ["Kestrel sensory swimming club"]  # the schedule still says so


def test_the_address_is_placed_at_its_postcode_and_found_near_it(client_request, sign_in):
    sign_in(Role.DIRECTORY_EDITOR)
    client_request.post(f"{EDITOR}.new_service", good_form(**{"places-0-postcode": "cv11 4ab"}))
    service = db.session.scalars(select(Service)).one()
    location = service.locations[0].location
    assert location.postal_code == "CV11 4AB"
    assert (round(float(location.latitude), 3), round(float(location.longitude), 3)) == (52.522, -1.465)
    result = search_services(SearchRequest("", SearchFilters(near="CV11 4AB")))
    assert result.distances[service.id] < 0.01

    form = good_form(organisation=service.organization_id, new_organisation="", postcode="CV21 2AB")
    client_request.post(f"{EDITOR}.edit_service", form, service_id=service.id)
    db.session.expire_all()
    moved = service.locations[0].location
    assert moved.postal_code == "CV21 2AB" and float(moved.latitude) < 52.4  # Rugby, south of Nuneaton
    assert 10 < search_services(SearchRequest("", SearchFilters(near="CV11 4AB"))).distances[service.id] < 16


def _form_fields(page) -> dict:
    """The values a browser would send from the edit page's form."""
    fields: dict = {}
    form = next(form for form in page.select("form") if form.select_one("[name=name]"))
    for box in form.select("input, textarea, select"):
        name = box.get("name")
        if not name or box.get("type") == "submit":
            continue
        if box.get("type") in ("checkbox", "radio"):
            if box.has_attr("checked"):
                fields.setdefault(name, []).append(box.get("value"))
        elif box.name == "textarea":
            fields[name] = box.get_text()
        elif box.name == "select":
            chosen = box.select_one("option[selected]") or box.select_one("option")
            fields[name] = chosen.get("value") if chosen else ""
        else:
            fields[name] = box.get("value", "")
    return fields
