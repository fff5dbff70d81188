"""The search page's chosen-filter tags, the service page's back link, and sharing and printing a shortlist."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import current_app
from itsdangerous import URLSafeSerializer

from local_offer.forms import NEEDS_FOR_CATEGORY, SearchForm
from local_offer.models import Location, Phone, Schedule, ServiceAtLocation
from local_offer.service_pages import SHARE_SALT, SHORTLIST_MAX
from nlp import vocab
from portal.core.extensions import db
from tests.factories import make_service


@pytest.fixture()
def services(app_ctx):
    group = make_service(
        "Autism Parent Support Group",
        "Monthly group for parents.",
        needs=("ASD",),
        categories=("autism", "groups-for-parents-and-carers"),
        areas=("rugby",),
        minimum_age=2,
        maximum_age=18,
        email="group@example.org",
        url="https://example.org/group",
        phones=[Phone(number="01788 000 111")],
        schedules=[Schedule(byday="Tuesday", opens_at="10:00", closes_at="12:00")],
        locations=[ServiceAtLocation(location=Location(name="Rugby Library", address_1="Little Elborow Street",
                                                       city="Rugby", postal_code="CV21 3BZ"))],
    )  # fmt: skip
    breaks = make_service("Saturday Short Breaks Club", "Respite.", needs=("LD",), areas=("warwick",))
    return group, breaks


def _tags(page) -> dict[str, str]:
    return {
        a.get_text(" ", strip=True).replace("Remove filter: ", "").rstrip(" ×"): a["href"]
        for a in page.select(".app-filter-tag")
    }


def _parsed(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query, keep_blank_values=True)


def test_chosen_filters_are_tags_that_each_remove_one_filter(client_request, services):
    page = client_request.get("local_offer_public.search", q="autism", need=["ASD", "SEMH"], area="rugby", age="7")
    tags = _tags(page)
    assert list(tags) == ["Autism", "Social, emotional and mental health", "Age 7", "Rugby"]
    assert _query(tags["Autism"]) == [("q", "autism"), ("need", "SEMH"), ("area", "rugby"), ("age", "7")]
    assert ("age", "7") not in _query(tags["Age 7"])
    followed = client_request.client.get(tags["Autism"])
    assert "Autism" not in _tags(_parsed(followed))
    assert page.select_one("#filter-need")["open"] is not None and page.select_one("#filter-area").has_attr("open")
    assert "(2 chosen)" in page.select_one("#filter-need summary").text


def test_removing_the_last_filter_is_still_a_search(client_request, services):
    page = client_request.get("local_offer_public.search", need="ASD")
    href = _tags(page)["Autism"]
    assert _query(href) == [("q", "")]
    after = _parsed(client_request.client.get(href))
    assert after.select_one("#result-count") is not None


def test_values_the_search_ignores_get_no_tag(client_request, services):
    page = client_request.get("local_offer_public.search", q="club", need="NOPE", age="forty", area="atlantis")
    assert _tags(page) == {}


def test_no_category_is_offered_twice(app_ctx):
    form = SearchForm()
    needs = {label.lower() for _, label in form.need.choices}
    types = [value for value, _ in form.category.choices]
    assert not set(types) & set(NEEDS_FOR_CATEGORY)
    assert {"breaks-and-respite", "early-years-support", "groups-for-parents-and-carers", "health"} <= set(types)
    assert not needs & {label.lower() for _, label in form.category.choices}
    categories = {c.id for c in vocab.service_categories()}
    codes = {n.code for n in vocab.need_categories()}
    assert set(NEEDS_FOR_CATEGORY) <= categories
    assert {code for moved in NEEDS_FOR_CATEGORY.values() for code in moved} <= codes


def test_an_older_search_for_a_need_named_type_still_works(client, services):
    response = client.get("/services/?q=group&category=autism&category=health&need=ASD&page=2")
    assert response.status_code == 302
    assert _query(response.headers["Location"]) == [("q", "group"), ("category", "health"), ("need", "ASD")]
    response = client.get("/services/?category=learning-difficulties-and-disabilities")
    assert _query(response.headers["Location"]) == [("need", "LD"), ("need", "SPLD")]
    page = _parsed(client.get("/services/?category=autism", follow_redirects=True))
    assert "Autism Parent Support Group" in page.select_one("#results").text


def test_result_links_carry_the_search_back_to_the_service_page(client_request, services):
    group, _ = services
    page = client_request.get("local_offer_public.search", q="autism", area="rugby")
    href = page.select_one(".app-result h3 a")["href"]
    assert dict(_query(href))["back"] == "/services/?q=autism&area=rugby"
    service_page = _parsed(client_request.client.get(href))
    back = service_page.select_one(".govuk-back-link")
    assert back["href"] == "/services/?q=autism&area=rugby" and back.text == "Back to your search results"


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/services/?q=autism",
        "//evil.example/services/",
        "/\\evil.example/services/",
        "javascript:alert(1)",
        "/services/other-page",
        "/staff/sign-in",
        "/services/?q=a\r\nLocation: https://evil.example",
    ],
)
def test_back_link_refuses_anywhere_but_our_own_pages(client_request, services, back):
    group, _ = services
    page = client_request.get("local_offer_public.service", service_id=group.id, back=back)
    link = page.select_one(".govuk-back-link")
    assert link["href"] == "/services/" and link.text == "Find services"


def test_back_link_to_the_shortlist(client_request, services):
    group, _ = services
    page = client_request.get("local_offer_public.service", service_id=group.id, back="/services/shortlist")
    assert page.select_one(".govuk-back-link").text == "Back to your shortlist"


def test_shortlist_redirect_refuses_a_backslash_address(client, services):
    group, _ = services
    response = client.post(f"/services/shortlist/add/{group.id}", data={"next": "/\\evil.example/"})
    assert response.headers["Location"] == f"/services/{group.id}"


def _share_url(client_request) -> str:
    page = client_request.get("local_offer_public.shortlist")
    return page.select_one("#share-link")["value"]


def test_a_shared_shortlist_opens_without_an_account_and_can_be_saved(app, client_request, services):
    group, breaks = services
    client_request.post("local_offer_public.shortlist_add", service_id=breaks.id)
    client_request.post("local_offer_public.shortlist_add", service_id=group.id)
    url = _share_url(client_request)
    assert url.startswith("http://localhost/services/shortlist/shared?list=")
    visitor = app.test_client()
    page = _parsed(visitor.get(url))
    assert [a.text for a in page.select(".app-result h2 a")] == [breaks.name, group.name]
    token = page.select_one("input[name=list]")["value"]
    response = visitor.post("/services/shortlist/shared", data={"list": token})
    assert response.status_code == 302 and response.headers["Location"] == "/services/shortlist"
    mine = _parsed(visitor.get("/services/shortlist", follow_redirects=True))
    assert "2 services were added to your shortlist" in mine.text
    assert [a.text for a in mine.select("h2 a")] == [breaks.name, group.name]
    visitor.post("/services/shortlist/shared", data={"list": token})
    assert "already on your shortlist" in visitor.get("/services/shortlist").get_data(as_text=True)


def test_a_changed_shared_link_gets_a_clear_message(client_request, services):
    group, _ = services
    client_request.post("local_offer_public.shortlist_add", service_id=group.id)
    token = dict(_query(_share_url(client_request)))["list"]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    page = client_request.get("local_offer_public.shortlist_shared", list=tampered, _expected_status=400)
    assert page.select_one("h1").text == "This shortlist link does not work"
    assert "This link has been changed or is incomplete." in page.text
    page = client_request.get("local_offer_public.shortlist_shared", _expected_status=400)
    assert "does not include a list of services" in page.text
    page = client_request.get("local_offer_public.shortlist_shared", list="x" * 5000, _expected_status=400)
    assert "too long" in page.text


def test_a_shared_link_with_too_many_services_is_refused(client_request, services):
    signer = URLSafeSerializer(current_app.secret_key, salt=SHARE_SALT)
    token = signer.dumps([f"svc-{n}" for n in range(SHORTLIST_MAX + 1)])
    page = client_request.get("local_offer_public.shortlist_shared", list=token, _expected_status=400)
    assert f"more than {SHORTLIST_MAX} services" in page.text
    wrong_shape = signer.dumps({"ids": "svc-1"})
    client_request.get("local_offer_public.shortlist_shared", list=wrong_shape, _expected_status=400)


def test_a_shared_link_leaves_out_archived_and_unknown_services_with_a_note(client_request, services):
    group, breaks = services
    signer = URLSafeSerializer(current_app.secret_key, salt=SHARE_SALT)
    token = signer.dumps([group.id, breaks.id, "no-such-service"])
    breaks.archived = True
    db.session.commit()
    page = client_request.get("local_offer_public.shortlist_shared", list=token)
    assert [a.text for a in page.select(".app-result h2 a")] == [group.name]
    assert "2 services on this list are no longer in the directory" in page.select_one(".govuk-inset-text").text


def test_print_view_shows_address_opening_times_and_every_way_to_get_in_touch(client_request, services):
    group, breaks = services
    client_request.post("local_offer_public.shortlist_add", service_id=group.id)
    client_request.post("local_offer_public.shortlist_add", service_id=breaks.id)
    page = client_request.get("local_offer_public.shortlist_print")
    first, second = page.select(".app-print-service")
    rows = {
        r.select_one("dt").text.strip(): r.select_one("dd").get_text(" ", strip=True)
        for r in first.select(".govuk-summary-list__row")
    }
    assert rows["Address"] == "Rugby Library Little Elborow Street Rugby CV21 3BZ"
    assert rows["Opening times"] == "Tuesday, 10:00 to 12:00"
    assert rows["Telephone"] == "01788 000 111"
    assert rows["Email"] == "group@example.org" and rows["Website"] == "https://example.org/group"
    assert "No address is listed" in second.text and "Contact the service to ask" in second.text


def test_the_panel_and_tags_take_the_postcode_and_when_questions_once_the_form_has_them(client, services, monkeypatch):
    """The postcode search adds ``near`` and ``when`` to SearchForm; the page shows them without another edit."""
    from govuk_frontend_wtf.wtforms_widgets import GovTextInput
    from wtforms import SelectMultipleField, StringField

    from local_offer import public_routes
    from portal.core.forms import KeptCheckboxes

    class WithNearAndWhen(SearchForm):
        near = StringField("Postcode", widget=GovTextInput())
        when = SelectMultipleField(
            "When",
            choices=[("after_school", "After school"), ("weekend", "At weekends")],
            widget=KeptCheckboxes(),
            validate_choice=False,
        )

    def form_from(args):
        form = WithNearAndWhen(formdata=args)
        form.validate()
        return form

    monkeypatch.setattr(public_routes, "search_form_from", form_from)
    page = _parsed(client.get("/services/?q=group&near=CV21+3BZ&when=weekend&when=never"))
    assert page.select_one("#filter-near input#near")["value"] == "CV21 3BZ"
    assert page.select_one("#filter-when input[value=weekend]").has_attr("checked")
    tags = _tags(page)
    assert list(tags) == ["At weekends", "Near CV21 3BZ"]
    assert _query(tags["Near CV21 3BZ"]) == [("q", "group"), ("when", "weekend"), ("when", "never")]


def test_a_full_shortlist_makes_a_link_of_a_sensible_length(app_ctx):
    import uuid

    from local_offer.models import Service
    from local_offer.service_pages import SHARE_TOKEN_MAX, share_token

    ids = [Service(id=str(uuid.uuid4())) for _ in range(SHORTLIST_MAX)]
    assert len(share_token(ids)) < SHARE_TOKEN_MAX
