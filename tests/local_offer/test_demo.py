"""The demonstration directory: big, varied, covering every vocabulary, searchable and safe to load twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from local_offer.demo import load_directory, parse_fee
from local_offer.demo_data import build_services
from local_offer.demo_data.schedules import clock, parse_session
from local_offer.models import Location, Organization, Phone, Service, ServiceArea
from local_offer.search import SearchFilters, SearchRequest, search_services
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY
from nlp import vocab
from portal.core.extensions import db


@pytest.fixture()
def loaded(demo_data: Flask) -> Flask:
    return demo_data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_builds_the_same_services_every_time():
    first, second = build_services(), build_services()
    assert [s.id for s in first] == [s.id for s in second]
    assert [s.description for s in first] == [s.description for s in second]
    assert len({s.name for s in first}) == len(first)


def test_descriptions_read_like_a_local_offer():
    for service in build_services():
        sentences = service.description.count(". ") + 1
        assert 2 <= sentences <= 6, service.name
        assert "{" not in service.description + service.name, service.name


def test_contact_details_are_reserved_for_fiction():
    for service in build_services():
        assert service.email.endswith(("@example.org", "@example.gov.uk")), service.email
        if service.mobile:
            assert service.mobile.startswith("07700 900")


def test_loads_over_300_services_covering_every_vocabulary(loaded):
    services = db.session.scalars(select(Service)).all()
    assert len(services) >= 300
    needs = {t.code for s in services for t in s.terms_in(NEED_TAXONOMY)}
    categories = {t.code for s in services for t in s.terms_in(CATEGORY_TAXONOMY)}
    districts = {code for s in services for code in s.district_codes}
    assert needs == {n.code for n in vocab.need_categories()}
    assert categories == {c.id for c in vocab.service_categories()}
    assert districts == {d.code for d in vocab.districts()}


def test_ages_span_0_to_25_and_a_mix_of_terms(loaded):
    assert db.session.scalar(select(func.min(Service.minimum_age))) == 0
    assert db.session.scalar(select(func.max(Service.maximum_age))) == 25
    for low, high in [(0, 5), (4, 11), (11, 16), (16, 19), (19, 25)]:
        overlapping = select(func.count()).where(Service.minimum_age <= high, Service.maximum_age >= low)
        assert db.session.scalar(overlapping) > 10, (low, high)
    routes = set(db.session.scalars(select(Service.referral_route).distinct()))
    assert routes == {"self", "referral", "both"}
    assert db.session.scalar(select(func.count()).where(Service.is_free.is_(False))) > 30
    assert db.session.scalar(select(func.count()).where(Service.delivery_online.is_(True))) > 20
    assert db.session.scalar(select(func.count()).where(Service.delivery_phone.is_(True))) > 20


def test_some_are_due_for_review_some_closed_and_some_county_wide(loaded):
    year_ago = date.today() - timedelta(days=365)
    assert db.session.scalar(select(func.count()).where(Service.assured_date < year_ago)) > 30
    assert db.session.scalar(select(func.min(Service.assured_date))) >= date.today() - timedelta(days=731)
    closed = db.session.scalars(select(Service).where(Service.status == "temporarily closed")).all()
    assert 3 <= len(closed) <= 20 and all(s.alert for s in closed)
    with_area = select(ServiceArea.service_id)
    assert db.session.scalar(select(func.count()).where(Service.id.not_in(with_area))) > 20


def test_services_have_places_contacts_schedules_and_fees(loaded):
    sendiass = db.session.scalars(select(Service).where(Service.name.like("%SENDIASS%"))).one()
    assert sendiass.phones and sendiass.schedules and sendiass.contacts
    assert sendiass.locations[0].location.postal_code == "CV34 4RL"
    postcodes = set(db.session.scalars(select(Location.postal_code)))
    assert all(p.split()[0][:2] in {"CV", "B4", "B7", "B9", "OX"} for p in postcodes)
    assert all(number.startswith(("01632 960", "07700 900")) for number in db.session.scalars(select(Phone.number)))
    paid = db.session.scalars(select(Service).where(Service.is_free.is_(False))).all()
    assert all(s.fees_description and "£" in s.fees_description for s in paid)
    assert any(s.cost_options and s.cost_options[0].amount for s in paid)


def test_loading_twice_adds_nothing(loaded):
    before = (_count(Service), _count(Organization), _count(Location), _count(Phone))
    lines = list(load_directory())
    assert (_count(Service), _count(Organization), _count(Location), _count(Phone)) == before
    assert "nothing to do" in lines[-1]


def test_loading_fills_in_what_is_missing(loaded):
    victim = db.session.scalars(select(Service).order_by(Service.name)).first()
    db.session.delete(victim)
    db.session.commit()
    lines = list(load_directory())
    assert "added 1 services" in lines[-1]
    assert db.session.get(Service, victim.id) is not None


def test_demo_services_are_searchable(loaded):
    autism = search_services(SearchRequest("autism"))
    assert autism.total > 10
    deaf_in_rugby = search_services(SearchRequest("", SearchFilters(needs=("HI",), areas=("rugby",))))
    assert deaf_in_rugby.total > 0
    names = [s.name for s in search_services(SearchRequest("wheelchair basketball")).services]
    assert any("Wheelchair Basketball" in name for name in names)
    seven_in_nuneaton = SearchFilters(needs=("ASD",), age=7, areas=("nuneaton-and-bedworth",), free_only=True)
    assert search_services(SearchRequest("", seven_in_nuneaton)).total > 5


def test_flask_demo_data_command(app_ctx):
    result = app_ctx.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "Demonstration data loaded." in result.output
    again = app_ctx.test_cli_runner().invoke(args=["demo-data"])
    assert again.exit_code == 0 and "nothing to do" in again.output


@pytest.mark.parametrize(
    ("text", "description", "byday"),
    [
        ("TU 10:00-12:00 term", "Tuesdays 10am to midday, term time only", "TU"),
        ("MO-FR 09:00-17:30", "Monday to Friday, 9am to 5:30pm", "MO,TU,WE,TH,FR"),
        ("1SA 10:00-12:30", "First Saturday of the month, 10am to 12:30pm", "1SA"),
        (
            "2TU,4TU 10:00-11:30 holidays",
            "Second and fourth Tuesday of the month, 10am to 11:30am, school holidays only",
            "2TU,4TU",
        ),
        ("By appointment", "By appointment", None),
    ],
)
def test_schedule_wording(text, description, byday):
    schedule = parse_session(text)
    assert (schedule.description, schedule.byday) == (description, byday)


def test_clock_and_fees():
    assert [clock("00:30"), clock("09:00"), clock("12:00"), clock("13:45")] == ["12:30am", "9am", "midday", "1:45pm"]
    assert parse_fee("£5 per session") == (5, "Per session")
    assert parse_fee("Full assessment £450. Tuition £45 per hour.") == (450, None)
    assert parse_fee("Donations welcome") == (None, None)
