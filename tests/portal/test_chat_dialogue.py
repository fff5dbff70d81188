"""The helper's dialogue rules, on the state dict alone: no app, no database."""

from __future__ import annotations

import pytest

from portal.chat.dialogue import CHOICES, KnowledgeHit, choice_intent, clean_state, decide, new_state
from portal.chat.understanding import Understanding


def says(intent: str, confidence: float = 0.9, **entities) -> Understanding:
    found = {"age": None, "need": None, "needs": [], "area": None, "areas": [], "service_type": None,
             "service_types": []}
    found.update(entities)
    return Understanding(intent, confidence, found)


DANGER = Understanding("safeguarding", 1.0, {}, True, "physical_abuse")


def test_asks_for_the_age_once_then_searches_with_the_answer():
    ask = decide(new_state(), says("find_service", needs=["ASD"], areas=["nuneaton-and-bedworth"]))
    assert ask.kind == "ask" and ask.question == "age"
    search = decide(ask.state, says("out_of_scope", 0.2, age=7))  # "he is 7": the classifier cannot tell
    assert search.kind == "search"
    assert search.slots == {"needs": ["ASD"], "age": 7, "areas": ["nuneaton-and-bedworth"], "categories": []}
    assert search.state["pending"] is None


def test_one_question_covers_both_need_and_age():
    turn = decide(new_state(), says("find_service", areas=["rugby"]))
    assert turn.kind == "ask" and turn.question == "need_and_age"
    after = decide(turn.state, says("out_of_scope", 0.1, needs=["SEMH"], age=12))
    assert after.kind == "search" and after.slots["needs"] == ["SEMH"] and after.slots["age"] == 12


def test_an_unhelpful_answer_searches_anyway_and_is_never_asked_again():
    ask = decide(new_state(), says("find_service", needs=["ASD"]))
    searched = decide(ask.state, says("out_of_scope", 0.1))  # "not sure"
    assert searched.kind == "search" and searched.slots["age"] is None
    again = decide(searched.state, says("find_service", needs=["HI"]))
    assert again.kind == "search", "the age was asked for once already in this conversation"


def test_no_question_when_everything_is_known():
    turn = decide(new_state(), says("find_service", needs=["ASD"], age=7, areas=["rugby"]))
    assert turn.kind == "search" and turn.question is None


def test_a_service_type_stands_in_for_the_need():
    turn = decide(new_state(), says("find_service", service_types=["breaks-and-respite"], age=9))
    assert turn.kind == "search" and turn.slots["categories"] == ["breaks-and-respite"]


def test_slots_are_remembered_and_new_facts_replace_old_ones():
    first = decide(new_state(), says("find_service", needs=["ASD"], age=7, areas=["nuneaton-and-bedworth"]))
    later = decide(first.state, says("find_service", areas=["rugby"]))
    assert later.slots == {"needs": ["ASD"], "age": 7, "areas": ["rugby"], "categories": []}


def test_facts_without_a_clear_intent_continue_a_search():
    turn = decide(new_state(), says("out_of_scope", 0.2, needs=["ASD"], areas=["rugby"]))
    assert turn.intent == "find_service" and turn.kind == "ask"


def test_one_failure_offers_choices_two_offer_a_person_and_success_resets():
    first = decide(new_state(), says("out_of_scope", 0.1))
    assert first.kind == "choices" and not first.answered
    second = decide(first.state, says("out_of_scope", 0.1))
    assert second.kind == "person" and second.intent == "out_of_scope"
    third = decide(second.state, says("out_of_scope", 0.1))
    assert third.kind == "person", "it keeps offering a person rather than looping back to choices"
    recovered = decide(third.state, says("greeting"))
    assert recovered.kind == "greeting" and recovered.state["failures"] == 0
    assert decide(recovered.state, says("out_of_scope", 0.1)).kind == "choices"


def test_safeguarding_overrides_everything_even_mid_dialogue():
    asking = decide(new_state(), says("find_service", needs=["ASD"]))
    assert asking.state["pending"] == "age"
    turn = decide(asking.state, DANGER, KnowledgeHit(1, 0.9))
    assert turn.kind == "safeguarding" and turn.intent == "safeguarding"
    assert turn.state["pending"] is None and turn.knowledge is None and turn.question is None
    failing = decide(decide(new_state(), says("out_of_scope", 0.1)).state, DANGER)
    assert failing.kind == "safeguarding" and failing.state["failures"] == 0


def test_information_intents_answer_from_the_knowledge_base_or_say_they_cannot():
    answered = decide(new_state(), says("ehcp"), KnowledgeHit(3, 0.8))
    assert answered.kind == "answer" and answered.knowledge.id == 3 and answered.answered
    missing = decide(new_state(), says("transport"), None)
    assert missing.kind == "no_answer" and not missing.answered


def test_a_close_knowledge_match_answers_a_message_the_classifier_did_not_place():
    turn = decide(new_state(), says("out_of_scope", 0.2), KnowledgeHit(1, 0.9))
    assert turn.kind == "answer" and turn.state["failures"] == 0


@pytest.mark.parametrize("intent,kind", [("feedback_plan", "route"), ("feedback_service", "route"),
                                         ("consultation", "route"), ("talk_to_person", "person"),
                                         ("greeting", "greeting"), ("thanks", "thanks")])
def test_other_intents(intent, kind):
    assert decide(new_state(), says(intent)).kind == kind


def test_a_new_topic_drops_a_pending_question():
    asking = decide(new_state(), says("find_service", needs=["ASD"]))
    turn = decide(asking.state, says("ehcp"), KnowledgeHit(2, 0.7))
    assert turn.kind == "answer" and turn.state["pending"] is None


def test_state_from_outside_is_cleaned():
    assert clean_state("junk") == new_state()
    dirty = {"slots": {"needs": "ASD", "age": True, "areas": ["rugby"] * 50}, "pending": "sing", "failures": -3,
             "asked": ["age", "password"]}
    state = clean_state(dirty)
    assert state["slots"] == {"needs": [], "age": None, "areas": ["rugby"] * 5, "categories": []}
    assert state["pending"] is None and state["failures"] == 0 and state["asked"] == ["age"]
    assert clean_state({"slots": {"age": 400}})["slots"]["age"] is None


def test_every_choice_button_is_understood_without_guessing():
    for _, message, intent in CHOICES:
        assert choice_intent(message) == intent
        assert choice_intent("  " + message.upper() + " ") == intent
    assert choice_intent("find services for my child please") is None
