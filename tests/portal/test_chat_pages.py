"""The home page's chat without JavaScript, the guides, and the staff pages for the knowledge base."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import url_for
from sqlalchemy import select

from portal.chat.knowledge import seed_entries
from portal.chat.models import ChatLog, KnowledgeEntry
from portal.core.access import Role
from portal.core.audit import AuditEvent
from portal.core.extensions import db
from tests.factories import make_service

NUNEATON = "my son is 7 and autistic, we live in Nuneaton, what help is there?"


@pytest.fixture()
def knowledge_base(app_ctx):
    from portal.chat.knowledge import seed_knowledge_base

    seed_knowledge_base()
    db.session.commit()


def home(client_request) -> BeautifulSoup:
    return client_request.get("main_public.home")


def send(client_request, message: str) -> BeautifulSoup:
    client_request.post(
        "chat_public.send", {"message": message}, _expected_redirect=url_for("main_public.home", _anchor="chat-latest")
    )
    return home(client_request)


def test_the_home_page_has_the_chat_box_and_the_main_routes(client_request):
    page = home(client_request)
    form = page.select_one("form#chat-form")
    assert form["action"] == "/chat" and form["method"] == "post" and form["data-api"] == "/api/chat"
    label = page.select_one("label[for=message]")
    assert label and label.text.strip() == "Your message"
    assert page.select_one("#chat-status[aria-live=polite]")
    assert "automated" in page.select_one("#chat").text
    assert page.select_one("#chat a[href='/contact']")
    assert "call 999" in page.select_one("#chat-danger").text  # always shown, whatever the helper understood
    assert page.select_one("form[role=search] input#q")
    headings = [a.text.strip() for a in page.select("h3 a.govuk-link")]
    assert {"Find services", "Have your say", "What is SEND?", "Give feedback"} <= set(headings)
    script = page.select_one("script[src$='/js/chat.js']")
    assert script["type"] == "module" and script["nonce"]


def test_without_javascript_the_conversation_is_shown_on_the_page(client_request):
    make_service(
        "Nuneaton Autism Family Group",
        needs=("ASD",),
        areas=("nuneaton-and-bedworth",),
        minimum_age=4,
        maximum_age=11,
        id="autism-group",
    )
    page = send(client_request, NUNEATON)
    turns = page.select("#chat-log > li")
    assert len(turns) == 2
    assert NUNEATON in turns[0].text
    latest = page.select_one("#chat-latest")
    assert "Helper (automated)" in latest.text
    assert "services for autism, age 7, in Nuneaton and Bedworth" in latest.text
    assert latest.select_one("a[href='/services/autism-group']").text == "Nuneaton Autism Family Group"
    assert latest.select_one("a[href='/services/?need=ASD&age=7&area=nuneaton-and-bedworth']")
    assert latest.select_one("a[href='/contact']")
    assert not page.select_one("#chat-start-again").has_attr("hidden")


def test_the_page_remembers_the_answer_to_its_question(client_request):
    page = send(client_request, "autism groups in Bedworth please")
    assert "How old is your child" in page.select_one("#chat-latest").text
    page = send(client_request, "she is 12")
    assert "for autism, age 12, in Nuneaton and Bedworth" in page.select_one("#chat-latest").text


def test_the_page_keeps_only_the_last_twenty_turns(client_request):
    for n in range(12):
        send(client_request, f"hello number {n}")
    turns = home(client_request).select("#chat-log > li")
    assert 2 <= len(turns) <= 20 and "hello number 11" in turns[-2].text


def test_the_session_cookie_stays_small_with_long_messages(client_request):
    for n in range(8):
        client_request.post("chat_public.send", {"message": f"{n} " + "é" * 990})
    cookie = client_request.client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 3800
    assert "é" * 100 in home(client_request).select_one("#chat-log").text


def test_a_too_long_message_is_refused_on_the_page(client_request):
    page = client_request.post("chat_public.send", {"message": "a" * 1001}, _expected_status=200)
    assert "Your message must be 1,000 characters or fewer" in page.select_one(".govuk-error-summary").text


def test_an_empty_message_shows_the_error_summary(client_request):
    page = client_request.post("chat_public.send", {"message": "  "}, _expected_status=200)
    summary = page.select_one(".govuk-error-summary")
    assert summary and "Enter your message" in summary.text
    assert summary.select_one("a[href='#message']")
    assert page.title.text.startswith("Error:")


def test_choices_are_buttons_that_send_a_message(client_request, knowledge_base):
    page = send(client_request, "purple monkey dishwasher")
    buttons = page.select("#chat-latest form.app-chat-choices button[name=message]")
    assert len(buttons) >= 4
    ehcp = next(b for b in buttons if b.text.strip() == "EHC plans")
    page = send(client_request, ehcp["value"])
    assert "What an EHC plan is" in page.select_one("#chat-latest").text


def test_safeguarding_on_the_page_is_a_warning_and_the_message_is_not_kept(client_request):
    secret = "he hits me and I am scared to go home"
    page = send(client_request, secret)
    latest = page.select_one("#chat-latest")
    banner = latest.select_one(".govuk-notification-banner")
    assert banner and "Get help now" in banner.text
    assert latest.select_one(".govuk-warning-text") and "999" in latest.text
    assert latest.select_one("a[href='tel:08001111']") and latest.select_one("a[href='tel:116123']")
    assert not latest.select("button") and "How old" not in latest.text
    assert secret not in str(page)
    with client_request.client.session_transaction() as session:
        assert secret not in str(session)
    assert db.session.scalars(select(ChatLog.message)).all() == [None]


def test_a_concern_on_the_page_keeps_the_answer_and_adds_the_route(client_request):
    page = send(
        client_request, "I'm at breaking point with his meltdowns and I have nothing left, what is an EHC plan?"
    )
    latest = page.select_one("#chat-latest")
    panels = latest.select(".govuk-notification-banner")
    assert len(panels) == 1 and "If you are worried someone is at risk" in panels[0].text
    assert latest.select_one(".govuk-inset-text"), "the answer is still there"
    assert panels[0].select_one("a[href^='tel:']")
    assert not latest.select_one(".govuk-warning-text"), "a concern is not an emergency"


def test_a_medical_emergency_on_the_page_says_call_999_now(client_request):
    page = send(client_request, "my daughter swallowed a button battery about ten minutes ago what do i do")
    latest = page.select_one("#chat-latest")
    assert "Call 999 now" in latest.select_one(".govuk-warning-text").text
    assert latest.select_one("a[href='tel:111']")


def test_start_again_clears_the_conversation(client_request):
    send(client_request, "hello")
    client_request.post("chat_public.start_again")
    page = home(client_request)
    assert not page.select("#chat-log > li") and page.select_one("#chat-start-again").has_attr("hidden")


def test_guides_are_public_pages(client_request, knowledge_base):
    page = client_request.get("chat_public.guides")
    assert page.h1.text.strip() == "What is SEND?"
    assert page.select_one("#guides a[href='/help/ehc-needs-assessment']")
    guide = client_request.get("chat_public.guide", slug="ehc-needs-assessment")
    assert guide.h1.text.strip() == "Asking for an EHC needs assessment" and "20 weeks" in guide.text
    client_request.get("chat_public.guide", slug="no-such-guide", _expected_status=404)


def test_the_best_entry_is_chosen_by_its_questions(app_ctx, knowledge_base):
    from portal.chat.knowledge import best_entry

    def slug(message, intent):
        hit = best_entry(message, intent)
        return db.session.get(KnowledgeEntry, hit.id).slug if hit else None

    assert slug("what is an ehcp", "ehcp") == "ehc-plans"
    assert slug("how long does an ehc assessment take", "ehcp") == "ehc-needs-assessment"
    assert slug("when is the annual review of the plan", "ehcp") == "ehcp-annual-review"
    assert slug("what does SEND mean?", None) == "what-is-send"
    assert slug("where can I buy a bicycle", None) is None


@pytest.mark.parametrize("endpoint", ["chat_staff.knowledge_list", "chat_staff.new_entry", "chat_staff.unanswered"])
def test_staff_pages_need_a_directory_editor(client_request, sign_in, endpoint):
    page = client_request.get(endpoint, _expected_status=302)
    assert "sign-in" in str(page) or page is not None
    sign_in(Role.CONSULTATION_LEAD)
    client_request.get(endpoint, _expected_status=403)


@pytest.mark.parametrize("role", [Role.DIRECTORY_EDITOR, Role.ADMIN])
def test_editors_and_admins_can_see_the_knowledge_base(client_request, sign_in, knowledge_base, role):
    sign_in(role)
    page = client_request.get("chat_staff.knowledge_list")
    assert len(page.select("#entries tbody tr")) == len(seed_entries())


def test_an_editor_adds_changes_and_deletes_an_entry(client, client_request, sign_in, app_ctx):
    sign_in(Role.DIRECTORY_EDITOR)
    data = {
        "title": "Parking at County Hall",
        "intent": "general",
        "questions": "where can I park at county hall\nis there parking for meetings",
        "answer": "There is parking behind the building.\n\nBlue badge spaces are by the door.",
        "links": "Visiting us | /contact",
    }
    client_request.post("chat_staff.new_entry", data)
    entry = db.session.scalars(select(KnowledgeEntry)).one()
    assert entry.slug == "parking-at-county-hall"
    assert entry.questions == ["where can I park at county hall", "is there parking for meetings"]
    assert entry.links == [{"text": "Visiting us", "url": "/contact"}]
    reply = client.post("/api/chat", json={"message": "Where can I park at County Hall?"}).get_json()
    assert reply["title"] == "Parking at County Hall" and "Blue badge" in reply["reply"]
    client_request.post("chat_staff.edit_entry", data | {"title": "Parking"}, entry_id=entry.id)
    db.session.refresh(entry)
    assert entry.title == "Parking"
    client_request.get("chat_staff.delete_entry", entry_id=entry.id)
    client_request.post("chat_staff.delete_entry", {}, entry_id=entry.id)
    assert db.session.scalars(select(KnowledgeEntry)).all() == []
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["chat_knowledge.create", "chat_knowledge.edit", "chat_knowledge.delete"]


def test_the_entry_form_shows_errors(client_request, sign_in, app_ctx):
    sign_in(Role.DIRECTORY_EDITOR)
    page = client_request.post(
        "chat_staff.new_entry",
        {"title": "", "intent": "ehcp", "questions": "", "answer": "", "links": "no bar here"},
        _expected_status=200,
    )
    summary = page.select_one(".govuk-error-summary").text
    for message in (
        "Enter a title",
        "Enter at least one question",
        "Enter the answer",
        "Enter each link as the link text",
    ):
        assert message in summary


def test_the_unanswered_report_groups_questions_and_links_to_a_new_entry(client, client_request, sign_in, app_ctx):
    for message in (
        "Where can I park at County Hall?",
        "where can i park at county hall",
        "Where can I park at County Hall??",
        "who won the football last night",
    ):
        client.post("/api/chat", json={"message": message})
    client.post("/api/chat", json={"message": "I want to kill myself"})
    sign_in(Role.DIRECTORY_EDITOR)
    page = client_request.get("chat_staff.unanswered")
    rows = page.select("#unanswered tbody tr")
    assert len(rows) == 2
    first = rows[0]
    assert "park at County Hall" in first.text and first.select("td")[1].text.strip() == "3"
    link = first.select_one("a[href*='/staff/chat/new?question=']")
    assert link
    form = client_request.client.get(link["href"]).get_data(as_text=True)
    assert "park at County Hall" in form
    assert "kill" not in page.text


def test_flask_chat_evaluate_prints_the_report(app):
    result = app.test_cli_runner().invoke(args=["chat", "evaluate"])
    assert result.exit_code == 0, result.output
    for heading in ("intents", "macro-F1", "entities", "safeguarding", "recall", "false alarms"):
        assert heading in result.output


def test_flask_chat_seed_knowledge_adds_missing_entries(app, app_ctx):
    result = app.test_cli_runner().invoke(args=["chat", "seed-knowledge"])
    assert "8 created" in result.output
    assert "0 created" in app.test_cli_runner().invoke(args=["chat", "seed-knowledge"]).output
