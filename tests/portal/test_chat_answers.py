"""Answers that answer the question asked: the knowledge base's specific entries are chosen over the general ones,
a complaint finds how to complain (praise does not), and a question that looks like a search ("what are short
breaks?") gets the entry that answers it when nothing in it is a need, place or age to search by."""

from __future__ import annotations

import pytest

from portal.chat.dialogue import decide, new_state
from portal.chat.knowledge import KnowledgeHit, get_entry, seed_entries
from portal.chat.understanding import Understanding
from portal.core.extensions import db

# Written for these tests in words other than the entries' own questions.
ASKED = [
    ("I'd like to put in a formal complaint about how the SEND team treated us", "complaints"),
    (
        "My son turns 18 next year, how does he get help from adult social care?",
        "supported-living-and-adult-social-care",
    ),
    ("Is an SEN support plan the same thing as an EHCP?", "sen-support-or-ehc-plan"),
    ("My son was excluded for three days for a meltdown, what are our rights?", "exclusions"),
    ("Can I ask for a special school to be named in the plan?", "naming-a-school-and-phase-transfer"),
    ("Can we get a personal budget as part of the EHC plan?", "personal-budgets"),
    ("What are short breaks and how do we get them?", "short-breaks"),
    ("The school taxi didn't turn up again today, who do I ring?", "school-transport-problems"),
    ("We've been waiting 6 months for an ADHD assessment, what can we do meanwhile?", "waiting-for-an-assessment"),
]


@pytest.fixture()
def knowledge_base(app_ctx):
    from portal.chat.knowledge import seed_knowledge_base

    seed_knowledge_base()
    db.session.commit()


def _answered_with(app_ctx, message: str) -> str | None:
    from portal.chat.services import reply_to

    with app_ctx.test_request_context():
        reply, _ = reply_to(message, {}, "api")
    return get_entry(reply.knowledge_id).slug if reply.knowledge_id else None


@pytest.mark.parametrize(("message", "slug"), ASKED)
def test_the_entry_that_answers_the_question(knowledge_base, app_ctx, message, slug):
    assert _answered_with(app_ctx, message) == slug


def test_praise_is_not_answered_with_the_complaints_procedure(knowledge_base, app_ctx):
    assert _answered_with(app_ctx, "The speech therapist was brilliant, thank you") is None


def test_every_entry_answers_first_and_links_somewhere():
    for entry in seed_entries():
        first = entry["answer"].split("\n")[0]
        assert len(first) > 40 and entry["links"], entry["slug"]
        assert all(link["url"].startswith(("/", "https://")) for link in entry["links"]), entry["slug"]


def _says(intent: str, **facts) -> Understanding:
    return Understanding(text="", intent=intent, confidence=0.9, facts=facts)


def test_a_complaint_with_an_entry_is_answered_and_without_one_is_routed():
    assert decide(new_state(), _says("feedback_service"), KnowledgeHit(1, 0.9)).kind == "answer"
    assert decide(new_state(), _says("feedback_service")).kind == "route"


def test_a_search_with_something_to_search_by_still_searches():
    assert decide(new_state(), _says("find_service"), KnowledgeHit(1, 0.9)).kind == "answer"
    searched = decide(new_state(), _says("find_service", needs=["ASD"], age=7), KnowledgeHit(1, 0.9))
    assert searched.kind != "answer"
