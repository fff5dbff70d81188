"""POST /api/chat: the reply's shape, the signed session token, clear 400s, safeguarding and the log."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.chat.models import ChatLog
from portal.core.audit import utcnow
from portal.core.extensions import db
from tests.factories import make_directory

NUNEATON = "my son is 7 and autistic, we live in Nuneaton, what help is there?"
REPLY_KEYS = {"reply", "intent", "confidence", "entities", "links", "services", "safeguarding", "risk", "session"}


@pytest.fixture()
def knowledge_base(app_ctx):
    from portal.chat.knowledge import seed_knowledge_base

    seed_knowledge_base()
    db.session.commit()


@pytest.fixture()
def services(app_ctx):
    make_directory(
        dict(
            name="Nuneaton Autism Family Group",
            description="A friendly group for families of autistic children.",
            needs=("ASD",),
            categories=("autism",),
            areas=("nuneaton-and-bedworth",),
            minimum_age=4,
            maximum_age=11,
            id="autism-group",
        ),
        dict(name="Rugby Teen Autism Club", needs=("ASD",), areas=("rugby",), minimum_age=11, maximum_age=18),
        dict(name="Bedworth Hearing Support", needs=("HI",), areas=("nuneaton-and-bedworth",)),
    )


def ask(client, message, session=None):
    response = client.post("/api/chat", json={"message": message, "session": session})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_nuneaton_question_gets_services_and_the_search_link(client, services):
    reply = ask(client, NUNEATON)
    assert REPLY_KEYS <= set(reply)
    assert reply["intent"] == "find_service" and 0 < reply["confidence"] <= 1
    assert reply["entities"]["age"] == 7 and reply["entities"]["need"] == "ASD"
    assert reply["entities"]["area"] == "nuneaton-and-bedworth"
    assert "services for autism, age 7, in Nuneaton and Bedworth" in reply["reply"]
    assert [s["name"] for s in reply["services"]] == ["Nuneaton Autism Family Group"]
    assert reply["services"][0]["href"] == "/services/autism-group"
    hrefs = [link["href"] for link in reply["links"]]
    assert "/services/?need=ASD&age=7&area=nuneaton-and-bedworth" in hrefs
    assert "/contact" in hrefs and reply["safeguarding"] is False
    assert isinstance(reply["session"], str) and reply["session"]


def test_the_token_carries_the_slots_between_messages(client, services):
    first = ask(client, "any autism groups in Nuneaton?")
    assert first["intent"] == "find_service" and "How old" in first["reply"] and not first["services"]
    second = ask(client, "he is 7", first["session"])
    assert second["intent"] == "find_service"
    assert [s["name"] for s in second["services"]] == ["Nuneaton Autism Family Group"]
    third = ask(client, "what about in Rugby?", second["session"])
    assert "for autism, age 7, in Rugby" in third["reply"]  # the words (‘groups’) are kept too


def test_a_tampered_or_foreign_token_starts_a_new_conversation(client, services):
    first = ask(client, "any autism groups in Nuneaton?")
    assert "How old" in ask(client, "any autism groups in Nuneaton?", first["session"][:-4] + "AAAA")["reply"]


def test_information_answers_come_from_the_knowledge_base(client, knowledge_base):
    reply = ask(client, "how long does an ehcp assessment take?")
    assert reply["intent"] == "ehcp" and reply["title"] == "Asking for an EHC needs assessment"
    assert "20 weeks" in reply["reply"]
    appeal = ask(client, "how long have I got to appeal to the tribunal?")
    assert appeal["intent"] == "disagreement" and "2 months" in appeal["reply"]
    assert any(link["href"] == "/contact" for link in appeal["links"])


def test_an_information_question_with_no_entry_offers_a_person(client, app_ctx):
    reply = ask(client, "can my child get free transport to school?")
    assert reply["intent"] == "transport" and "do not have an answer" in reply["reply"]
    assert any(link["href"].startswith("tel:") for link in reply["links"])


def test_feedback_and_consultation_go_to_have_your_say(client, app_ctx):
    reply = ask(client, "I want to give feedback about my daughter's EHC plan")
    assert reply["intent"] in ("feedback_plan", "feedback_service")
    assert any(link["href"] == "/have-your-say/" for link in reply["links"])


def test_talk_to_person_gives_the_advice_service(client, app, app_ctx):
    reply = ask(client, "can I speak to a real person please")
    assert reply["intent"] == "talk_to_person"
    assert app.config["IASS_CONTACT"]["phone"] in reply["reply"]


def test_not_understood_twice_offers_choices_then_a_person(client, app_ctx):
    first = ask(client, "purple monkey dishwasher")
    assert first["intent"] == "out_of_scope" and len(first["choices"]) >= 4
    second = ask(client, "who won the football last night", first["session"])
    assert second["kind"] == "person" and "talk to a person" in second["reply"].lower()
    assert not second["choices"]


def test_safeguarding_shows_only_emergency_help_even_mid_dialogue(client, app, services):
    asking = ask(client, "any autism groups in Nuneaton?")
    reply = ask(client, "my dad hits me and I am scared to go home", asking["session"])
    assert reply["safeguarding"] is True and reply["intent"] == "safeguarding"
    assert not reply["services"] and not reply["choices"] and "?" not in reply["reply"]
    assert "999" in reply["reply"] and "0800 1111" in reply["reply"] and "116 123" in reply["reply"]
    hrefs = [link["href"] for link in reply["links"]]
    assert hrefs[0] == "tel:999" and "tel:08001111" in hrefs and "tel:116123" in hrefs
    front_door = app.config["CHILDRENS_FRONT_DOOR"]["phone"].replace(" ", "")
    assert "tel:" + front_door in hrefs
    assert [c["phone"] for c in reply["contacts"]][:2] == ["999", "0800 1111"]
    assert reply["risk"] == {"level": "emergency", "category": "physical_abuse"}
    assert "When you are safe" in reply["reply"] and hrefs[-1].startswith("/services")
    after = ask(client, "7", reply["session"])
    assert "How old" not in after["reply"], "the question asked before the disclosure is dropped"


def test_a_medical_emergency_is_told_to_call_999_now(client, app_ctx):
    reply = ask(client, "my son is having a fit and it wont stop, its been 6 minutes and his lips are blue")
    assert reply["safeguarding"] is True and reply["risk"]["category"] == "medical_emergency"
    assert reply["reply"].startswith("Call 999 now")


def test_a_concern_gets_the_answer_and_a_route_beside_it(client, app_ctx, services):
    reply = ask(
        client,
        "I am at the end of my tether, he hasnt slept in weeks and I have nothing left. is there "
        "any help for a 9 year old autistic boy in Nuneaton",
    )
    assert reply["safeguarding"] is False
    assert reply["risk"] == {"level": "concern", "category": "carer_breaking_point"}
    assert reply["kind"] == "search" and reply["services"], "a concern never hides the answer"
    assert reply["safety"]["title"] == "If you are worried someone is at risk"
    assert "short breaks" in reply["safety"]["lead"].lower()
    assert any(link["href"].startswith("/services") for link in reply["safety"]["links"])


def test_an_ordinary_message_has_no_risk(client, app_ctx):
    reply = ask(client, "this paperwork is killing me, what is an EHC plan?")
    assert reply["risk"] is None and reply["safety"] is None and reply["safeguarding"] is False


def test_safeguarding_messages_are_never_logged(client, app_ctx):
    ask(client, "I want to kill myself, my number is 07700 900123")
    entries = db.session.scalars(select(ChatLog)).all()
    assert len(entries) == 1
    entry = entries[0]
    assert entry.safeguarding is True and entry.created_at is not None
    assert entry.message is None and entry.intent is None and entry.confidence is None and entry.channel is None


def test_logged_messages_are_redacted(client, app_ctx):
    ask(client, "My son Jack Smith is 7, call me on 07700 900123 or jo@example.com")
    entry = db.session.scalars(select(ChatLog)).one()
    assert "Jack" not in entry.message and "07700" not in entry.message and "jo@example" not in entry.message
    assert "[name]" in entry.message and "[phone]" in entry.message and "[email]" in entry.message
    assert entry.safeguarding is False and entry.intent and entry.channel == "api"


def test_old_logs_are_purged_by_the_command_and_when_logging(app, client, app_ctx, monkeypatch):
    from portal.chat import logs

    old = ChatLog(message="old question", created_at=utcnow() - timedelta(days=91), answered=False)
    recent = ChatLog(message="recent question", created_at=utcnow() - timedelta(days=89), answered=False)
    db.session.add_all([old, recent])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["chat", "purge-logs"])
    assert "Deleted 1 chat log entry older than 90 days" in result.output
    assert db.session.scalars(select(ChatLog.message)).all() == ["recent question"]
    db.session.add(ChatLog(message="old again", created_at=utcnow() - timedelta(days=200)))
    db.session.commit()
    monkeypatch.setattr(logs, "_last_purge", 0.0)
    ask(client, "hello")
    assert "old again" not in db.session.scalars(select(ChatLog.message)).all()


@pytest.mark.parametrize(
    "body,status,words",
    [
        ({"message": ""}, 400, "empty"),
        ({"message": "   \n "}, 400, "empty"),
        ({"message": "a" * 1001}, 400, "1,000 characters or fewer"),
        ({"message": "a" * 5000}, 400, "5,000 or more is always refused"),
        ({"message": "a" * 20000}, 400, "1,000 characters or fewer"),
        ({}, 400, '"message" must be a string'),
        ({"message": 42}, 400, '"message" must be a string'),
        ({"message": ["hi"]}, 400, '"message" must be a string'),
        ({"message": "hi", "session": 5}, 400, '"session" must be the string'),
        ({"message": "hi", "session": "x" * 5000}, 400, "not one this service issued"),
        ({"message": "hi\u0000there"}, 400, "not text"),
        ({"message": "hi \ud800"}, 400, "not text"),
        (["message", "hi"], 400, "JSON object"),
        ("hello", 400, "JSON object"),
    ],
)
def test_bad_input_gets_a_clear_json_400(client, app_ctx, body, status, words):
    response = client.post("/api/chat", json=body)
    assert response.status_code == status
    data = response.get_json()
    assert data["status"] == status and words in data["error"]


def test_invalid_json_and_binary_junk_are_refused(client, app_ctx):
    junk = client.post("/api/chat", data=b"\xff\xfe\x00binary\x81", content_type="application/json")
    assert junk.status_code == 400 and "UTF-8" in junk.get_json()["error"]
    broken = client.post("/api/chat", data='{"message": "hi"', content_type="application/json")
    assert broken.status_code == 400 and "not valid JSON" in broken.get_json()["error"]


@pytest.mark.parametrize("nested", ['{"message": "hi", "x": ' + "[" * 30_000 + "]" * 30_000 + "}",
                                    "[" * 30_000 + "]" * 30_000])  # fmt: skip
def test_deeply_nested_json_is_a_json_400(client, app_ctx, nested):
    """Probe finding 7: nesting deep enough to exhaust the parser gave a 500."""
    response = client.post("/api/chat", data=nested, content_type="application/json")
    assert response.status_code == 400 and response.is_json
    assert "not valid JSON" in response.get_json()["error"]


def test_a_chunked_request_cannot_get_round_the_body_limit(client, app_ctx):
    """Probe finding 8: without a Content-Length the whole 5 MB body was read and accepted."""
    body = json.dumps({"message": "hello", "padding": "x" * 5 * 1024 * 1024}).encode()
    response = client.post(
        "/api/chat",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413 and response.is_json and "too large" in response.get_json()["error"]
    small = json.dumps({"message": "hello"}).encode()
    ok = client.post(
        "/api/chat",
        input_stream=io.BytesIO(small),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert ok.status_code == 200


def test_only_json_is_accepted(client, app_ctx):
    response = client.post("/api/chat", data={"message": "hello"})
    assert response.status_code == 415 and "application/json" in response.get_json()["error"]
    assert client.get("/api/chat").status_code == 405


def test_the_api_is_exempt_from_csrf_but_the_form_is_not(app, client, app_ctx):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/api/chat", json={"message": "hello"}).status_code == 200
        assert client.post("/chat", data={"message": "hello"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_api_is_rate_limited(app, app_ctx):
    from portal import create_app
    from portal.core.config import TestingConfig
    from portal.core.extensions import limiter

    class Limited(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        SQLALCHEMY_ENGINE_OPTIONS = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        RATELIMIT_ENABLED = True
        PUBLIC_POST_RATE_LIMIT = "2 per minute"

    limited = create_app(Limited)
    try:
        client = limited.test_client()
        codes = [client.post("/api/chat", json={"message": "hello"}) for _ in range(3)]
    finally:
        limiter.enabled = False  # the limiter is shared with the other tests' app
        with limited.app_context():
            from portal.core.extensions import db as limited_db

            limited_db.engine.dispose()
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].get_json()["status"] == 429


def test_the_openapi_document_describes_the_chat(client, app_ctx):
    document = client.get("/api/openapi.json").get_json()
    operation = document["paths"]["/api/chat"]["post"]
    assert {"200", "400"} <= set(operation["responses"])
    assert "ChatReply" in document["components"]["schemas"]
