"""A parent filters the directory, opens a service and comes back to the same search, then shares a shortlist."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import _page, axe_violations

SEARCH = "/services/?q=&need=ASD&area=nuneaton-and-bedworth&age=7&options=free"


@pytest.mark.parametrize(("javascript", "width"), [(True, 1280), (False, 375)])
def test_parent_filters_comes_back_to_the_same_search_and_shares_a_shortlist(chromium, live_server, javascript, width):
    context, page = _page(chromium, javascript=javascript, width=width)
    page.goto(live_server + "/services/")
    page.get_by_role("group", name="Needs").get_by_label("Autism", exact=True).check()
    page.locator("#filter-area summary").click()
    page.get_by_label("Nuneaton and Bedworth").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    tags = page.locator(".app-filter-tag")
    assert [re.sub(r"Remove filter:\s*|×", "", t.inner_text()).strip() for t in tags.all()] == [
        "Autism",
        "Nuneaton and Bedworth",
    ]
    search_url = page.url
    assert "3 services found" in page.locator("#result-count").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Nuneaton Autism Family Group").click()
    back = page.get_by_role("link", name="Back to your search results")
    with page.expect_navigation():
        back.click()
    assert page.url == search_url
    assert page.locator(".app-filter-tag").count() == 2

    for name in ("Nuneaton Autism Family Group", "Bedworth Autism Swim"):
        with page.expect_navigation():
            page.get_by_role("button", name=f"Add {name} to shortlist").click()
        assert page.url == search_url  # the button brings the parent back to the same results
    with page.expect_navigation():
        page.get_by_role("link", name="Remove filter: Nuneaton and Bedworth").click()
    assert "area=" not in page.url and page.locator(".app-filter-tag").count() == 1

    page.goto(live_server + "/services/shortlist")
    share_link = page.get_by_label("Link to your shortlist").input_value()
    context.close()

    fresh, visitor = _page(chromium, javascript=javascript, width=width)
    visitor.goto(share_link)
    assert visitor.locator("h1").inner_text() == "A shortlist shared with you"
    names = visitor.locator(".app-result h2 a").all_inner_texts()
    assert names == ["Nuneaton Autism Family Group", "Bedworth Autism Swim"]
    assert not javascript or axe_violations(visitor) == []  # axe-core needs JavaScript to run
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Save these to your shortlist").click()
    assert re.search(r"/services/shortlist$", visitor.url)
    assert "2 services were added to your shortlist" in visitor.locator(".govuk-notification-banner").inner_text()
    assert visitor.locator("h2 a").all_inner_texts() == names
    fresh.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(
    "path",
    [
        SEARCH,
        "/services/?q=zzzzqqq&need=ASD",
        "/services/browser-autism?back=/services/%3Fneed%3DASD",
        "/services/shortlist",
        "/services/shortlist/print",
        "/services/shortlist/shared?list=not-a-real-link",
    ],
)
def test_directory_pages_pass_axe_at_desktop_and_phone_widths(chromium, live_server, width, path):
    context, page = _page(chromium, javascript=True, width=width)
    page.goto(live_server + "/services/")
    page.goto(live_server + path)
    assert axe_violations(page) == []
    context.close()


def test_shared_shortlist_passes_axe_with_services_on_it(chromium, live_server):
    context, page = _page(chromium, javascript=True, width=375)
    page.goto(live_server + SEARCH)
    with page.expect_navigation():
        page.get_by_role("button", name="Add Nuneaton Autism Family Group to shortlist").click()
    page.goto(live_server + "/services/shortlist")
    assert axe_violations(page) == []
    page.goto(page.get_by_label("Link to your shortlist").input_value())
    assert axe_violations(page) == []
    context.close()
