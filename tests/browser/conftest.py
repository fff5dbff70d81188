"""Browser tests: the real app on a local port, driven through Debian's chromium by Playwright.

Nothing is downloaded: Playwright launches /usr/bin/chromium (``make test`` installs it), and
axe-core comes from the project's npm packages.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from portal import create_app
from portal.core.config import PROJECT_ROOT, TestingConfig

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

STAFF_EMAIL = "admin@example.gov.uk"
STAFF_PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_app() -> Iterator[Flask]:
    with tempfile.TemporaryDirectory() as tmp:

        class Config(TestingConfig):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(tmp) / 'browser.db'}"
            WTF_CSRF_ENABLED = True

        app = create_app(Config)
        with app.app_context():
            upgrade()
            _seed()
        yield app


def _seed() -> None:
    from datetime import date

    from local_offer.taxonomies import ensure_send_taxonomies
    from portal.core.extensions import db
    from tests.factories import make_service

    ensure_send_taxonomies()
    db.session.commit()
    make_service(
        "Nuneaton Autism Family Group",
        "A friendly group for families of autistic children in Nuneaton.",
        needs=("ASD",),
        categories=("autism", "groups-for-parents-and-carers"),
        areas=("nuneaton-and-bedworth",),
        minimum_age=4,
        maximum_age=11,
        assured=date(2026, 5, 1),
        email="family.group@example.org",
        id="browser-autism",
    )
    make_service(
        "Rugby Speech and Language Drop-in",
        "Speech and language therapists answer questions.",
        needs=("SLCN",),
        categories=("health",),
        areas=("rugby",),
        minimum_age=0,
        maximum_age=5,
    )
    make_service(
        "Warwick Short Breaks",
        "Respite and short breaks for disabled children.",
        needs=("LD",),
        categories=("breaks-and-respite",),
        areas=("warwick",),
        minimum_age=5,
        maximum_age=17,
        free=False,
        fees_description="£5 per session",
        referral="referral",
    )
    from consultation.demo import load_consultation_demo
    from portal.auth.services import create_staff_user

    for _line in load_consultation_demo():
        pass

    create_staff_user(STAFF_EMAIL, "Browser Admin", STAFF_PASSWORD, ["admin"])
    for extra in ("Bedworth Autism Swim", "Autism Holiday Club Nuneaton"):
        make_service(
            extra,
            "Autism-friendly activities.",
            needs=("ASD",),
            areas=("nuneaton-and-bedworth",),
            minimum_age=5,
            maximum_age=16,
        )


def plan_survey_links(app: Flask, slug: str, count: int) -> list[str]:
    """Invitation links to an open young person's plan-feedback survey (made once per slug)."""
    from consultation.queries import consultation_by_slug
    from consultation.surveys.catalogue import SURVEY_KINDS, YOUNG_PERSON_PLAN_FEEDBACK
    from consultation.surveys.invitations import create_batch
    from consultation.surveys.services import create_survey
    from portal.core.extensions import db

    with app.app_context():
        survey = consultation_by_slug(slug) or create_survey(
            SURVEY_KINDS[YOUNG_PERSON_PLAN_FEEDBACK.key], slug=slug,
            opens_on=date.today() - timedelta(days=1), published=True,
        )  # fmt: skip
        _, tokens = create_batch(survey, count, date.today(), "EHC plan issued")
        db.session.commit()
        return tokens


@pytest.fixture(scope="session")
def live_server(browser_app: Flask) -> Iterator[str]:
    from nlp.safeguarding import assess

    assess("warming up")  # trains the risk model now, as the web server's warm-up does, not on a first click
    server = make_server("127.0.0.1", 0, browser_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; `make test` installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(chromium, javascript: bool, width: int):
    # bypass_csp only lets the test inject axe-core; the policy itself is asserted in tests/portal.
    context = chromium.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture()
def page(chromium):
    context, page = _page(chromium, javascript=True, width=390)
    yield page
    context.close()


@pytest.fixture()
def page_without_js(chromium):
    context, page = _page(chromium, javascript=False, width=390)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 A/AA rules on the page; returns the violations (empty is a pass)."""
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


@pytest.fixture()
def staff_page(chromium, live_server):
    """A desktop-sized page signed in as an administrator (who holds every role)."""
    context, page = _page(chromium, javascript=True, width=1280)
    page.goto(live_server + "/staff/sign-in")
    page.get_by_label("Email address").fill(STAFF_EMAIL)
    page.get_by_role("textbox", name="Password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    yield page
    context.close()
