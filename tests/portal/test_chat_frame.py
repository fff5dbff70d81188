"""The chat's conversation frame over several messages: answers to its own question, "also",
"what about …", "actually …", a change of topic, distress, and the ``search`` field of POST /api/chat,
whose total is the directory search's total for the same words and filters."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask import url_for

from local_offer.search import SearchFilters, SearchRequest, search_services
from tests.factories import make_directory

NUNEATON = "my son is 7 and autistic, we live in Nuneaton, what help is there?"
DISTRESS = "I'm at the end of my tether, I can't cope with his meltdowns"


@pytest.fixture()
def services(app_ctx):
    make_directory(
        dict(
            name="Nuneaton Autism Family Group",
            description="A friendly group for families of autistic children.",
            needs=("ASD",),
            areas=("nuneaton-and-bedworth",),
            minimum_age=4,
            maximum_age=11,
            id="autism-group",
        ),
        dict(
            name="Nuneaton Talking Time",
            description="Speech and language sessions.",
            needs=("SLCN",),
            areas=("nuneaton-and-bedworth",),
            minimum_age=3,
            maximum_age=10,
        ),
        dict(name="Rugby Autism Play", needs=("ASD",), areas=("rugby",), minimum_age=5, maximum_age=12),
        dict(name="Rugby Teen Autism Club", needs=("ASD",), areas=("rugby",), minimum_age=11, maximum_age=18),
    )


def ask(client, message: str, session: str | None = None) -> dict:
    response = client.post("/api/chat", json={"message": message, "session": session})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def conversation(client, *messages: str) -> list[dict]:
    replies, session = [], None
    for message in messages:
        replies.append(ask(client, message, session))
        session = replies[-1]["session"]
    return replies


def directory_total(search: dict) -> int:
    filters = SearchFilters(needs=tuple(search["needs"]), age=search["age"], areas=tuple(search["areas"]))
    return search_services(SearchRequest(search["text"], filters)).total


def full_search_link(reply: dict) -> str:
    return next(link["href"] for link in reply["links"] if link["href"].startswith("/services/?"))


def test_they_are_7_after_the_age_question_is_the_age(client, services):
    asked, answered = conversation(client, "any autism services in Rugby?", "they are 7")
    assert "How old" in asked["reply"] and asked["kind"] == "ask"
    assert asked["search"] == {
        "needs": ["ASD"],
        "age": None,
        "areas": ["rugby"],
        "when": [],
        "postcode": None,
        "text": "",
        "total": None,
    }
    assert answered["kind"] == "search" and answered["intent"] == "find_service"
    assert answered["search"] | {"total": None} == asked["search"] | {"age": 7}
    assert [s["name"] for s in answered["services"]] == ["Rugby Autism Play"]
    assert answered["search"]["total"] == directory_total(answered["search"]) == 1


def test_also_adds_a_need_and_searches_again(client, services):
    first, also = conversation(client, NUNEATON, "he also has speech delay")
    assert first["search"]["needs"] == ["ASD"]
    assert also["kind"] == "search" and also["search"]["needs"] == ["ASD", "SLCN"]
    assert also["search"]["age"] == 7 and also["search"]["areas"] == ["nuneaton-and-bedworth"]
    assert "services for autism or speech, language and communication, age 7" in also["reply"]
    assert full_search_link(also) == "/services/?need=ASD&need=SLCN&age=7&area=nuneaton-and-bedworth"
    assert also["search"]["total"] == directory_total(also["search"])


def test_what_about_in_rugby_replaces_the_area_without_asking_again(client, services):
    first, rugby = conversation(client, NUNEATON, "what about in Rugby?")
    assert first["search"]["areas"] == ["nuneaton-and-bedworth"]
    assert rugby["kind"] == "search" and "How old" not in rugby["reply"]
    assert rugby["search"] == {
        "needs": ["ASD"],
        "age": 7,
        "areas": ["rugby"],
        "when": [],
        "postcode": None,
        "text": "",
        "total": 1,
    }
    assert "services for autism, age 7, in Rugby" in rugby["reply"]
    assert full_search_link(rugby) == "/services/?need=ASD&age=7&area=rugby"


def test_anything_at_weekends_keeps_the_search_and_filters_by_time(client, services):
    first, weekends = conversation(client, NUNEATON, "anything at weekends?")
    assert weekends["kind"] == "search" and weekends["search"]["when"] == ["weekend"]
    assert weekends["search"]["needs"] == ["ASD"] and weekends["search"]["total"] <= first["search"]["total"]
    assert "cannot choose services by time" not in weekends["reply"]
    # The link opens the same search with the directory's own when filter.
    assert full_search_link(weekends) == full_search_link(first) + "&when=weekend"


def test_actually_she_is_9_replaces_the_age(client, services):
    replies = conversation(client, "my daughter is 7 and autistic, we live in Rugby", "actually she's 9")
    assert replies[0]["search"]["age"] == 7
    assert replies[1]["kind"] == "search" and replies[1]["search"]["age"] == 9
    assert replies[1]["search"]["needs"] == ["ASD"] and replies[1]["search"]["areas"] == ["rugby"]


def test_a_change_of_topic_clears_the_search(client, services):
    first, ehcp, later = conversation(client, NUNEATON, "how do I ask for an EHC plan?", "what about in Rugby?")
    assert first["search"] is not None
    assert ehcp["search"] is None, "a question about EHC plans ends the search"
    assert later["search"]["needs"] == [] and later["search"]["age"] is None, "the old search is not brought back"


def test_the_search_field_is_null_without_a_search(client, services):
    assert ask(client, "hello")["search"] is None
    assert ask(client, "what is an EHC plan?")["search"] is None


def test_the_total_and_the_link_match_the_directory_page(client, services):
    reply = ask(client, NUNEATON)
    search = reply["search"]
    assert search["total"] == directory_total(search) == 1
    page = BeautifulSoup(client.get(full_search_link(reply)).get_data(as_text=True), "html.parser")
    assert re.sub(r"\s+", " ", page.select_one("#result-count").text).strip() == "1 service found"
    assert "I searched the directory and found 1 service: services for autism, age 7, in Nuneaton" in reply["reply"]


def test_distress_gets_an_acknowledgement_not_a_fallback(client, app_ctx):
    reply = ask(client, "I'm struggling to cope with his meltdowns")
    assert reply["kind"] == "support" and reply["risk"] is None
    assert "Sorry, I did not understand" not in reply["reply"] and "sorry things are so hard" in reply["reply"]
    texts = " ".join(link["text"] for link in reply["links"]).lower()
    assert "short breaks" in texts and "early help" in texts and "family lives" in texts


def test_distress_with_the_concern_panel_just_answers(client, app_ctx):
    reply = ask(client, DISTRESS)
    assert reply["risk"]["level"] == "concern" and reply["safety"]["links"]
    assert "Sorry, I did not understand" not in reply["reply"] and "sorry things are so hard" in reply["reply"]
    assert not any("short breaks" in link["text"].lower() for link in reply["links"]), "the panel shows them"


def test_distress_mid_search_does_not_list_services(client, services):
    first, upset = conversation(client, NUNEATON, DISTRESS)
    assert upset["kind"] == "support" and not upset["services"]
    assert upset["search"]["needs"] == ["ASD"] and upset["search"]["total"] is None


def test_the_openapi_document_describes_the_search_field(client, app_ctx):
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["ChatReply"]
    assert "search" in schema["required"]
    search = schema["properties"]["search"]["oneOf"][1]
    assert set(search["required"]) == {"needs", "age", "areas", "when", "text", "total"}


def send(client_request, message: str) -> BeautifulSoup:
    client_request.post(
        "chat_public.send", {"message": message}, _expected_redirect=url_for("main_public.home", _anchor="chat-latest")
    )
    return client_request.get("main_public.home")


def test_without_javascript_the_page_keeps_the_frame_across_three_messages(client_request, services):
    page = send(client_request, "any autism services in Nuneaton?")
    assert "How old is your child" in page.select_one("#chat-latest").text
    page = send(client_request, "they are 7")
    assert "services for autism, age 7, in Nuneaton and Bedworth" in page.select_one("#chat-latest").text
    page = send(client_request, "what about in Rugby?")
    latest = page.select_one("#chat-latest")
    assert "services for autism, age 7, in Rugby" in latest.text and "How old" not in latest.text
    assert latest.select_one("a[href='/services/?need=ASD&age=7&area=rugby']")


def test_without_javascript_distress_gets_support(client_request):
    latest = send(client_request, "I'm struggling to cope with his meltdowns").select_one("#chat-latest")
    assert "sorry things are so hard" in latest.text and "did not understand" not in latest.text
    assert latest.select_one("a[href^='tel:']")
