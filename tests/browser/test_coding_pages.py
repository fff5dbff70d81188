"""Every page of a consultation lead's themed coding in Chromium: axe-core at desktop width, and at
phone width (375px) nothing wider than the screen and axe-core again.

``coded_strategy`` prepares the demonstration SEND strategy consultation's "What should we change
first?" as a lead would have left it part-way (coded, 40 answers reviewed one by one, a sample for a
second coder, finished, failed and running jobs), once for these tests and those of
``test_coding_journey`` and ``test_coding_results``, which import it with the other helpers here.
Set ``CODING_SCREENSHOTS`` to a folder to keep a phone-width screenshot of each page to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import STAFF_EMAIL, STAFF_PASSWORD, axe_violations

REVIEWER = "reviewer@example.gov.uk"
_prepared: dict = {}


def _run(kind, question_id: int, status: str | None = None, **kwargs) -> str:
    from consultation.coding.jobs import job_target
    from portal.core.extensions import db
    from portal.core.jobs import Job, run_job

    job = Job(kind=kind.kind, target=job_target(question_id), created_by=STAFF_EMAIL)
    db.session.add(job)
    db.session.commit()
    if status:
        job.status, job.done, job.total = status, 120, 480
        db.session.commit()
    else:
        run_job(job.id, kind.function, {"question_id": question_id, **kwargs})
    return job.id


def _review_like_a_person(question_id: int, count: int) -> None:
    """Keep the machine's themes on ``count`` answers, dropping the least confident one on every third."""
    from consultation.coding import items
    from consultation.coding.models import FIRST
    from portal.core.extensions import db

    for number in range(count):
        item = items.next_item(question_id, items.IN_ORDER)
        keep = [s["theme"] for s in item.suggestions or []]
        items.set_codes(item, set(keep[:-1] if number % 3 == 0 else keep), FIRST, REVIEWER)
        db.session.commit()


def _prepare(app) -> dict:
    from consultation.coding import accuracy, codebooks, jobs, model_store
    from consultation.coding.models import CodingSetup
    from consultation.demo import STRATEGY_SLUG
    from consultation.queries import consultation_by_slug
    from portal.core.extensions import db

    with app.app_context():
        consultation = consultation_by_slug(STRATEGY_SLUG)
        change, well = [q for q in consultation.questions if q.kind == "text"][::-1]
        codebook = codebooks.create_codebook(consultation, codebooks.starter_codebook())
        db.session.add(CodingSetup(question_id=change.id, codebook_id=codebook.id))
        db.session.commit()
        ids = {
            "base": f"/staff/consultations/{consultation.id}/coding",
            "consultation": consultation.id,
            "codebook": codebook.id,
            "question": change.id,
            "other_question": well.id,
            "slug": consultation.slug,
            "code_job": _run(jobs.CODE, change.id),
        }
        _review_like_a_person(change.id, 40)
        accuracy.draw_sample(change.id, 10)
        db.session.commit()
        ids["retrain_job"] = _run(jobs.RETRAIN, change.id)
        ids["bulk_job"] = _run(jobs.BULK_ACCEPT, change.id, threshold=0.95)
        ids["discover_job"] = _run(jobs.DISCOVER, change.id)
        ids["failed_job"] = _run(jobs.RETRAIN, well.id)
        ids["running_job"] = _run(jobs.CODE, change.id, status="running")
        outdated = db.session.get(CodingSetup, well.id) or CodingSetup(question_id=well.id)
        outdated.model = model_store.sign(b"SEND-THEMECODER-1\n(a model an earlier version saved)")
        outdated.model_examples = 30
        db.session.add(outdated)
        db.session.commit()
    return ids


@pytest.fixture(scope="session")
def coded_strategy(browser_app) -> dict:
    """Ids and paths of the prepared question (made once, whichever module asks first)."""
    if not _prepared:
        _prepared.update(_prepare(browser_app))
    return _prepared


def signed_in(chromium, live_server: str, javascript: bool, width: int = 1280):
    context = chromium.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server + "/staff/sign-in")
    page.get_by_label("Email address").fill(STAFF_EMAIL)
    page.get_by_role("textbox", name="Password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    return context, page


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def lead_page(request, chromium, live_server):
    """A desktop-sized page signed in as staff, once with JavaScript and once without (``page.javascript``)."""
    context, page = signed_in(chromium, live_server, request.param)
    page.javascript = request.param
    yield page
    context.close()


def in_app(browser_app, query):
    with browser_app.app_context():
        return query()


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def click_and_wait(page, role: str, name) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


PHONE = {"width": 375, "height": 812}

PAGES = {
    "index": "/",
    "new codebook": "/codebooks/new",
    "import codebook": "/codebooks/import",
    "find themes": "/codebooks/discover",
    "codebook": "/codebooks/{codebook}",
    "codebook name": "/codebooks/{codebook}/name",
    "choose themes": "/codebooks/{codebook}/choose",
    "add a theme": "/codebooks/{codebook}/themes/new",
    "change a theme": "/codebooks/{codebook}/themes/transport",
    "question": "/questions/{question}",
    "question with an outdated model": "/questions/{other_question}",
    "review least certain first": "/questions/{question}/review?order=uncertain",
    "review in order": "/questions/{question}/review?order=in_order",
    "bulk accept": "/questions/{question}/bulk-accept?threshold=0.6",
    "second coding": "/questions/{question}/second",
    "agreement": "/questions/{question}/agreement",
    "analysis": "/questions/{question}/analysis",
    "theme answers": "/questions/{question}/analysis/transport",
    "theme answers by type": "/questions/{question}/analysis/transport?type=parent_carer",
    "quotes": "/questions/{question}/quotes",
    "job running": "/jobs/{running_job}",
    "job coded": "/jobs/{code_job}",
    "job retrained": "/jobs/{retrain_job}",
    "job failed": "/jobs/{failed_job}",
    "job bulk accepted": "/jobs/{bulk_job}",
    "job themes found": "/jobs/{discover_job}",
}


def coding_url(live_server: str, coded: dict, name: str) -> str:
    return live_server + coded["base"] + PAGES[name].format(**coded)


@pytest.mark.parametrize("name", PAGES)
def test_coding_pages_have_no_wcag_violations(staff_page, live_server, coded_strategy, name):  # noqa: F811
    response = staff_page.goto(coding_url(live_server, coded_strategy, name))
    assert response.status == 200, name
    assert axe_violations(staff_page) == []


@pytest.mark.parametrize("name", PAGES)
def test_coding_pages_fit_a_phone(staff_page, live_server, coded_strategy, name):  # noqa: F811
    staff_page.set_viewport_size(PHONE)
    staff_page.goto(coding_url(live_server, coded_strategy, name))
    staff_page.wait_for_load_state("networkidle")
    folder = os.environ.get("CODING_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        staff_page.screenshot(path=str(Path(folder) / f"{name.replace(' ', '-')}.png"), full_page=True)
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    assert axe_violations(staff_page) == []
