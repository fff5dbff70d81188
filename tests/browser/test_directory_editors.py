"""Directory editors in the browser: import a file with a preview, confirm, wait for the job and read a service's
history; the feedback inbox. Each page passes axe-core at desktop and phone widths.

Set SCREENSHOT_DIR to keep a screenshot of each page at each width.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.browser.conftest import axe_violations

FEED = [
    {"id": "browser-import-1", "name": "Kenilworth Sensory Play", "description": "Sensory play for under fives.",
     "phones": [{"id": "bi-1-p", "number": "01926 555 0101"}], "minimum_age": 0, "maximum_age": 5},
    {"id": "browser-import-2", "name": "Southam Youth Club", "description": "A youth club for disabled teenagers.",
     "schedules": [{"id": "bi-2-s", "description": "Thursdays, 6pm to 8pm"}]},
    {"id": "browser-import-3"},
]  # fmt: skip
WIDTHS = {"desktop": 1280, "phone": 390}


def _check(page, name: str) -> None:
    """No WCAG violations at either width (and a screenshot of each, when asked for)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], f"{name} at {label} width"
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_an_editor_imports_a_file_after_a_preview_and_reads_a_services_history(staff_page, live_server, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(FEED), encoding="utf-8")
    page = staff_page
    page.goto(live_server + "/staff/directory/")
    page.get_by_role("button", name="Import services").click()
    _check(page, "import-upload")

    page.get_by_label("Upload a file").set_input_files(str(feed))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and preview").click()
    assert page.get_by_role("heading", name="Check what the import will do").is_visible()
    assert page.locator("#import-created li").all_inner_texts() == ["Kenilworth Sensory Play", "Southam Youth Club"]
    assert "Record 3 (id browser-import-3)" in page.locator("#import-skipped").inner_text()
    _check(page, "import-preview")

    with page.expect_navigation():
        page.get_by_role("button", name="Import services").click()
    page.get_by_role("heading", name="Services imported").wait_for()  # the job's page, once it has finished
    _check(page, "import-result")

    with page.expect_navigation():
        page.locator("#import-created").get_by_role("link", name="Kenilworth Sensory Play").click()
    assert page.get_by_role("heading", name="History", exact=True).is_visible()
    # A service an import adds has one "Added" entry naming the file's format; its fields are the record itself.
    entry = page.locator(".app-history-entry").first.inner_text()
    assert entry.startswith("Added on") and "Open Referral UK 3.0 JSON" in entry
    _check(page, "service-history")


def test_the_feedback_inbox_marks_feedback_as_done(staff_page, live_server, browser_app):
    from portal.core.extensions import db
    from portal.core.page_feedback import PageFeedback
    from portal.core.safeguarding.models import SafeguardingFlag

    with browser_app.app_context():
        db.session.add(PageFeedback(path="/services/browser-autism", service_id="browser-autism", helpful=False,
                                    comment="The group now meets on Tuesdays, not Mondays."))  # fmt: skip
        flagged = PageFeedback(path="/", helpful=False, comment="Nobody helps us and I cannot cope any more.")
        db.session.add(flagged)
        db.session.flush()
        db.session.add(SafeguardingFlag(source_kind="site_feedback", page_feedback_id=flagged.id, level="concern"))
        db.session.commit()

    page = staff_page
    page.goto(live_server + "/staff/directory/feedback")
    assert page.locator("#feedback").get_by_text("Safeguarding", exact=True).count() == 1
    _check(page, "feedback-inbox")
    row = page.locator("#feedback .app-feedback-item", has_text="Tuesdays")
    with page.expect_navigation():
        row.get_by_role("button").click()
    assert "The feedback has been marked as done." in page.inner_text("main")
    page.get_by_role("link", name="Done (").click()
    assert "Tuesdays" in page.locator("#feedback").inner_text()
    _check(page, "feedback-done")


def test_the_edit_form_with_every_public_field_is_accessible(staff_page, live_server):
    staff_page.goto(live_server + "/staff/directory/services/browser-autism")
    assert staff_page.locator("#phones-0-number").is_visible()
    _check(staff_page, "service-form")
