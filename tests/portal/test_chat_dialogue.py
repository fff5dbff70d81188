"""The helper's dialogue rules, on the state dict alone: no app, no database."""

from __future__ import annotations

import pytest

from nlp.entities import extract
from nlp.frame import is_distressed
from portal.chat.dialogue import CHOICES, KnowledgeHit, choice_intent, clean_state, decide, new_state
from portal.chat.understanding import Understanding


def says(intent: str, confidence: float = 0.9, text: str = "", **entities) -> Understanding:
    found = {
        "age": None,
        "need": None,
        "needs": [],
        "area": None,
        "areas": [],
        "service_type": None,
        "service_types": [],
        "when": [],
        "spans": [],
    }
    found.update(entities)
    return Understanding(intent, confidence, found, text=text, facts=found, distressed=is_distressed(text))


def hears(intent: str, text: str) -> Understanding:
    """A message read by the real entity extractor, with the intent given."""
    found = extract(text)
    return Understanding(intent, 0.9, found, text=text, facts=found, distressed=is_distressed(text))


def frame(turn) -> dict:
    return {key: value for key, value in turn.state["frame"].items() if key != "active"}


DANGER = Understanding("safeguarding", 1.0, {}, True, "physical_abuse")


def test_asks_for_the_age_once_then_searches_with_the_answer():
    ask = decide(new_state(), says("find_service", needs=["ASD"], areas=["nuneaton-and-bedworth"]))
    assert ask.kind == "ask" and ask.question == "age"
    search = decide(ask.state, says("out_of_scope", 0.2, "he is 7", age=7))  # the classifier cannot tell
    assert search.kind == "search"
    assert frame(search) == {
        "needs": ["ASD"],
        "age": 7,
        "areas": ["nuneaton-and-bedworth"],
        "when": [],
        "postcode": None,
        "text": "",
    }
    assert search.state["pending"] is None


def test_one_question_covers_both_need_and_age():
    turn = decide(new_state(), says("find_service", areas=["rugby"]))
    assert turn.kind == "ask" and turn.question == "need_and_age"
    after = decide(turn.state, says("out_of_scope", 0.1, "12, SEMH", needs=["SEMH"], age=12))
    assert after.kind == "search" and frame(after)["needs"] == ["SEMH"] and frame(after)["age"] == 12


def test_an_unhelpful_answer_searches_anyway_and_is_never_asked_again():
    ask = decide(new_state(), says("find_service", needs=["ASD"]))
    searched = decide(ask.state, says("out_of_scope", 0.1, "not sure"))
    assert searched.kind == "search" and frame(searched)["age"] is None
    again = decide(searched.state, says("find_service", needs=["HI"]))
    assert again.kind == "search", "the age was asked for once already in this conversation"


def test_no_question_when_everything_is_known():
    turn = decide(new_state(), says("find_service", needs=["ASD"], age=7, areas=["rugby"]))
    assert turn.kind == "search" and turn.question is None


def test_the_kind_of_service_stands_in_for_the_need():
    spans = [{"entity": "service_type", "text": "short breaks", "value": "breaks-and-respite", "start": 4, "end": 16}]
    turn = decide(
        new_state(),
        says(
            "find_service",
            0.9,
            "any short breaks for a 9 year old",
            age=9,
            spans=spans,
            service_types=["breaks-and-respite"],
        ),
    )
    assert turn.kind == "search" and frame(turn)["text"] == "short breaks"


def test_slots_are_remembered_and_new_facts_replace_old_ones():
    first = decide(new_state(), says("find_service", needs=["ASD"], age=7, areas=["nuneaton-and-bedworth"]))
    later = decide(first.state, hears("out_of_scope", "what about in Rugby?"))
    assert later.kind == "search"
    assert frame(later) == {"needs": ["ASD"], "age": 7, "areas": ["rugby"], "when": [], "postcode": None, "text": ""}


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


@pytest.mark.parametrize(
    "intent,kind",
    [
        ("feedback_plan", "route"),
        ("feedback_service", "route"),
        ("consultation", "route"),
        ("talk_to_person", "person"),
        ("greeting", "greeting"),
        ("thanks", "thanks"),
    ],
)
def test_other_intents(intent, kind):
    assert decide(new_state(), says(intent)).kind == kind


def test_a_new_topic_drops_a_pending_question():
    asking = decide(new_state(), says("find_service", needs=["ASD"]))
    turn = decide(asking.state, says("ehcp"), KnowledgeHit(2, 0.7))
    assert turn.kind == "answer" and turn.state["pending"] is None


def test_state_from_outside_is_cleaned():
    assert clean_state("junk") == new_state()
    dirty = {
        "frame": {"needs": "ASD", "age": True, "areas": ["rugby"] * 50, "text": "x" * 999, "active": 1},
        "pending": "sing",
        "failures": -3,
        "asked": ["age", "password"],
    }
    state = clean_state(dirty)
    assert state["frame"] == {
        "needs": [],
        "age": None,
        "areas": ["rugby"] * 5,
        "when": [],
        "text": "x" * 100,
        "active": False,
        "postcode": None,
    }
    assert state["pending"] is None and state["failures"] == 0 and state["asked"] == ["age"]
    assert clean_state({"frame": {"age": 400}})["frame"]["age"] is None


def test_every_choice_button_is_understood_without_guessing():
    for _, message, intent in CHOICES:
        assert choice_intent(message) == intent
        assert choice_intent("  " + message.upper() + " ") == intent
    assert choice_intent("find services for my child please") is None


def test_they_are_7_answers_the_age_question():
    asking = decide(new_state(), hears("find_service", "any autism services in Rugby?"))
    assert asking.kind == "ask" and asking.question == "age"
    turn = decide(asking.state, hears("greeting", "they are 7"))  # misread as small talk, still the answer
    assert turn.kind == "search" and frame(turn)["age"] == 7 and frame(turn)["needs"] == ["ASD"]


def test_also_adds_a_need_and_actually_replaces_the_age():
    first = decide(new_state(), hears("find_service", "my son is 7 and autistic, we live in Nuneaton"))
    also = decide(first.state, hears("sen_support", "he also has speech delay"))
    assert also.kind == "search" and frame(also)["needs"] == ["ASD", "SLCN"]
    actually = decide(also.state, hears("out_of_scope", "actually he's 9"))
    assert actually.kind == "search" and frame(actually)["age"] == 9 and frame(actually)["needs"] == ["ASD", "SLCN"]


def test_a_change_of_topic_clears_the_frame():
    first = decide(new_state(), hears("find_service", "my son is 7 and autistic, we live in Nuneaton"))
    turn = decide(first.state, hears("ehcp", "how do I get an EHC plan?"), KnowledgeHit(2, 0.7))
    assert turn.kind == "answer" and not turn.state["frame"]["active"] and frame(turn)["needs"] == []


def test_distress_gets_support_and_keeps_the_search():
    first = decide(new_state(), hears("find_service", "my son is 7 and autistic, we live in Nuneaton"))
    turn = decide(first.state, hears("out_of_scope", "I can't cope any more"))
    assert turn.kind == "support" and turn.answered and frame(turn)["needs"] == ["ASD"]
    assert decide(new_state(), hears("out_of_scope", "I'm at the end of my tether")).kind == "support"
