from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "endpoint,heading",
    [
        ("main_public.home", "Help and services for children and young people with SEND"),
        ("main_public.accessibility", "Accessibility statement for SEND Local Offer"),
        ("main_public.privacy", "Privacy notice"),
        ("main_public.cookies", "Cookies"),
        ("main_public.contact", "Talk to someone"),
    ],
)
def test_public_pages_render_in_the_layout(client_request, endpoint, heading):
    page = client_request.get(endpoint, _expected_heading=heading)
    assert page.select_one("a.govuk-skip-link[href='#main-content']")
    assert page.select_one(".govuk-phase-banner")
    footer_links = [a.text.strip() for a in page.select(".govuk-footer a")]
    assert "Accessibility statement" in footer_links and "Privacy notice" in footer_links
    assert page.select_one(".govuk-service-navigation")


def test_client_request_checks_the_title_heading_and_redirect(client_request):
    client_request.get("main_public.cookies", _expected_title="Cookies", _expected_heading="Cookies")
    with pytest.raises(AssertionError):
        client_request.get("main_public.cookies", _expected_title="Privacy notice")
    with pytest.raises(AssertionError):
        client_request.get("main_public.cookies", _expected_heading="Cookie")
    client_request.get("auth_staff.staff_home", _expected_redirect="/staff/sign-in?next=/staff/?")
    with pytest.raises(AssertionError):
        client_request.get("auth_staff.staff_home", _expected_redirect="main_public.home")


def test_unknown_page_is_404_in_design_system_words(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in response.headers["Strict-Transport-Security"]
    assert response.headers["Referrer-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)


def test_database_outage_shows_503_and_keeps_answers(client_request, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import portal.main.public_routes as routes

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(routes, "record_page_feedback", broken)
    data = {"helpful": "no", "comment": "The bus times were wrong", "path": "/"}
    page = client_request.post("main_public.feedback", data, _expected_status=503)
    assert "Sorry, the service is unavailable" in page.text
    assert "Your answers have not been saved" in page.text
    assert page.find(value="The bus times were wrong")


def test_feedback_is_stored_and_validated(client_request, app_ctx):
    from portal.core.extensions import db
    from portal.core.page_feedback import PageFeedback

    page = client_request.post("main_public.feedback", {"comment": "x"}, _expected_status=200)
    assert "Select yes if this page was helpful" in page.select_one(".govuk-error-summary").text
    client_request.post("main_public.feedback", {"helpful": "yes", "comment": "Clear", "path": "/services/"})
    saved = db.session.scalars(db.select(PageFeedback)).one()
    assert saved.helpful is True and saved.comment == "Clear" and saved.path == "/services/"
