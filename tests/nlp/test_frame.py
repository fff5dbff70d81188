"""nlp.frame: the directory search a conversation builds up turn by turn."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.entities import extract
from nlp.frame import Frame, is_distressed, names_new_child, next_question, update
from nlp.when import WHEN_VALUES

STARTED = Frame(needs=("ASD",), age=7, areas=("nuneaton-and-bedworth",), active=True)


def turn(frame: Frame | None, message: str, intent: str = "find_service", asked: str | None = None) -> Frame:
    return update(frame, extract(message), intent=intent, asked=asked, message=message)


def slots(frame: Frame) -> tuple:
    return set(frame.needs), frame.age, set(frame.areas), set(frame.when)


def test_first_search_fills_the_frame() -> None:
    frame = turn(None, "my son is 7 and autistic, we live in Nuneaton, anything after school?")
    assert slots(frame) == ({"ASD"}, 7, {"nuneaton-and-bedworth"}, {"after_school"})
    assert frame.active and not frame.is_empty


def test_facts_accumulate_across_turns() -> None:
    frame = turn(None, "what is there for my daughter")
    frame = turn(frame, "she has adhd")
    frame = turn(frame, "we are in Rugby")
    frame = turn(frame, "anything at weekends?")
    assert slots(frame) == ({"SEMH"}, None, {"rugby"}, {"weekend"})


@pytest.mark.parametrize("intent", ["find_service", "sen_support", "out_of_scope"])
def test_also_adds_a_need_whatever_the_intent(intent: str) -> None:
    frame = turn(STARTED, "he also has speech delay", intent=intent)
    assert slots(frame) == ({"ASD", "SLCN"}, 7, {"nuneaton-and-bedworth"}, set())


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what about in Rugby?", ({"ASD"}, 7, {"rugby"}, set())),
        ("actually she's 9", ({"ASD"}, 9, {"nuneaton-and-bedworth"}, set())),
        ("sorry, I meant dyslexia not autism", ({"SPLD"}, 7, {"nuneaton-and-bedworth"}, set())),
        ("what about ADHD instead", ({"SEMH"}, 7, {"nuneaton-and-bedworth"}, set())),
        ("we've moved to Kenilworth", ({"ASD"}, 7, {"warwick"}, set())),
        ("also Bedworth and Rugby", ({"ASD"}, 7, {"nuneaton-and-bedworth", "rugby"}, set())),
    ],
)
def test_what_about_actually_and_instead_replace_the_slot_they_name(message: str, expected: tuple) -> None:
    assert slots(turn(STARTED, message)) == expected


def test_when_replaces_with_what_about_and_adds_otherwise() -> None:
    frame = turn(STARTED, "anything after school?")
    assert set(frame.when) == {"after_school"}
    assert set(turn(frame, "and at weekends").when) == {"after_school", "weekend"}
    assert set(turn(frame, "what about in the holidays").when) == {"school_holidays"}


@pytest.mark.parametrize(
    ("asked", "answer", "slot", "value"),
    [
        ("age", "they are 7", "age", 7),
        ("age", "9", "age", 9),
        ("age", "nine", "age", 9),
        ("age", "year 5", "age", 9),
        ("age", "reception", "age", 4),
        ("age", "he's nearly six", "age", 6),
        ("area", "Rugby", "areas", ("rugby",)),
        ("area", "leamington", "areas", ("warwick",)),
        ("need", "dyslexia", "needs", ("SPLD",)),
    ],
)
@pytest.mark.parametrize("intent", ["greeting", "out_of_scope", "thanks", "find_service"])
def test_an_answer_to_the_helpers_question_is_read_as_that_answer(
    asked: str, answer: str, slot: str, value: object, intent: str
) -> None:
    frame = turn(None, "what is there for my child?")
    assert frame.active and next_question(frame) == "age"
    frame = turn(frame, answer, intent=intent, asked=asked)
    assert getattr(frame, slot) == value
    assert frame.active


def test_a_number_in_a_longer_answer_to_the_age_question_is_the_age() -> None:
    assert turn(STARTED, "about 9 I think", intent="out_of_scope", asked="age").age == 9
    assert turn(STARTED, "about 9 I think", intent="out_of_scope", asked="area").age == 7


@pytest.mark.parametrize("intent", ["transport", "ehcp", "thanks", "feedback_service", "disagreement", "consultation"])
def test_a_change_of_topic_clears_the_frame(intent: str) -> None:
    frame = turn(STARTED, "how does this work", intent=intent)
    assert frame == Frame()
    assert next_question(frame) is None


def test_a_new_child_starts_a_new_frame() -> None:
    frame = turn(STARTED, "now for my other son, he's 15 and deaf")
    assert slots(frame) == ({"HI"}, 15, set(), set())
    assert names_new_child("and my second daughter is 4") and not names_new_child("my son is 4")


@pytest.mark.parametrize("intent", ["out_of_scope", "talk_to_person", "safeguarding", "greeting"])
def test_a_distressed_turn_with_no_new_facts_keeps_the_frame(intent: str) -> None:
    message = "I'm at the end of my tether, I can't cope with his meltdowns"
    assert is_distressed(message)
    assert turn(STARTED, message, intent=intent) == STARTED


def test_off_topic_place_names_do_not_start_a_search() -> None:
    assert turn(None, "what's the weather like in Rugby tomorrow", intent="out_of_scope") == Frame()
    assert turn(None, "hello", intent="greeting") == Frame()


def test_the_next_question_asks_for_what_is_missing() -> None:
    assert next_question(Frame()) is None
    assert next_question(Frame(active=True)) == "age"
    assert next_question(Frame(age=7, active=True)) == "need"
    assert next_question(Frame(age=7, needs=("ASD",), active=True)) == "area"
    assert next_question(STARTED) is None


def test_free_words_are_kept_for_the_search_text() -> None:
    frame = turn(None, "swimming lessons for my autistic son in Rugby")
    assert frame.text == "swimming lessons"
    assert turn(frame, "he is 8").text == "swimming lessons"
    assert frame.as_dict() == {
        "needs": ["ASD"],
        "age": None,
        "areas": ["rugby"],
        "when": [],
        "postcode": None,
        "text": "swimming lessons",
    }


INTENTS = st.sampled_from(["find_service", "greeting", "out_of_scope", "thanks", "transport", "safeguarding"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=80), INTENTS, st.sampled_from([None, "age", "need", "area"])), max_size=5))
def test_update_never_raises_and_keeps_its_contract(turns: list[tuple[str, str, str | None]]) -> None:
    frame: Frame | None = None
    for message, intent, asked in turns:
        frame = update(frame, extract(message), intent=intent, asked=asked, message=message)
        assert isinstance(frame, Frame)
        assert frame.age is None or 0 <= frame.age <= 25
        assert set(frame.when) <= set(WHEN_VALUES)
        assert len(set(frame.needs)) == len(frame.needs) and len(set(frame.areas)) == len(frame.areas)


@pytest.mark.parametrize("message", ["sorry, I meant 8 not 9", "actually 8", "she's 8 actually, not 9"])
def test_an_age_correction_replaces_the_age(message: str) -> None:
    frame = Frame(needs=("ASD",), age=9, active=True)
    assert turn(frame, message, intent="out_of_scope").age == 8


def test_a_greeting_that_describes_a_child_starts_a_search() -> None:
    frame = turn(None, "hello, my grandson is 6 and autistic", intent="greeting")
    assert slots(frame) == ({"ASD"}, 6, set(), set()) and frame.active
