"""What a chat conversation is looking for in the directory, kept across turns.

``update(frame, extract(message), intent=..., asked=..., message=message)`` returns the frame in force
after one more message: facts accumulate across turns ("he also has speech delay" adds a need), "what
about …", "actually …" or "instead" replace the slot they name, an answer to the helper's own question
("they are 7", "nine", "year 5", "Rugby" after asking the age or area) is read as that answer, a new
topic (transport, an EHC plan, thanks) or a new child clears the frame, and a distressed message with
no new facts keeps it. Pure functions on a frozen ``Frame``; the phrases are data
(``nlp/data/frame_phrases.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.ages import _value as _number_value
from nlp.textnorm import tokenize
from nlp.vocab import data_path

SEARCH_INTENTS = frozenset({"find_service"})
# Intents that neither start nor end a search: a follow-up may be misread as one of these.
NEUTRAL_INTENTS = frozenset({"greeting", "out_of_scope"})
KEEPING_INTENTS = frozenset({"safeguarding"})
QUESTIONS = ("age", "need", "area")
_SHORT_ANSWER_WORDS = 12
_MAX_SEARCH_WORDS = 3


@dataclass(frozen=True)
class Frame:
    """The directory search a conversation is building: needs, age, areas, when and free words.

    ``active`` is true once a search has been asked for, even before any fact is known
    ("what is there for my child?"); an inactive empty frame means no search is in progress.
    """

    needs: tuple[str, ...] = ()
    age: int | None = None
    areas: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    text: str = ""
    active: bool = False
    # A postcode or outward code ("CV11 4AB", "CV11"): the search lists the nearest first.
    postcode: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.needs or self.areas or self.when or self.text or self.postcode) and self.age is None

    def as_dict(self) -> dict:
        return {
            "needs": list(self.needs),
            "age": self.age,
            "areas": list(self.areas),
            "when": list(self.when),
            "postcode": self.postcode,
            "text": self.text,
        }


@dataclass(frozen=True)
class _Phrases:
    add: re.Pattern[str]
    replace: re.Pattern[str]
    new_child: re.Pattern[str]
    negation: re.Pattern[str]
    distress: re.Pattern[str]
    filler: frozenset[str]


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    with data_path("frame_phrases.json").open(encoding="utf-8") as handle:
        data = json.load(handle)

    def pattern(key: str, suffix: str = r"\b") -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(data[key]) + ")" + suffix, re.I)

    return _Phrases(
        add=pattern("add"),
        replace=pattern("replace"),
        new_child=pattern("new_child"),
        negation=pattern("negation", r"\W+(?:\w+\W+){0,2}$"),
        distress=pattern("distress"),
        filler=frozenset(data["filler"]),
    )


def is_distressed(message: str) -> bool:
    """Whether ``message`` says the writer is struggling ("I can't cope", "end of my tether")."""
    return bool(_phrases().distress.search(message))


def names_new_child(message: str) -> bool:
    """Whether ``message`` turns to another child ("now for my other son, he's 15")."""
    return bool(_phrases().new_child.search(message))


def _negated_values(entities: dict, message: str, entity: str) -> set[str]:
    """Values said not to apply: "not autism", "he isn't deaf"."""
    negation = _phrases().negation
    return {
        span["value"]
        for span in entities.get("spans", ())
        if span["entity"] == entity and negation.search(message[max(0, span["start"] - 40) : span["start"]])
    }


def _answer_age(message: str) -> int | None:
    """A bare age given in answer to "how old is your child?" or as a correction: "9", "nine",
    "about 7", "sorry, I meant 8 not 9" (a number after "not" is the one denied)."""
    tokens = tokenize(message)
    if len(tokens) > _SHORT_ANSWER_WORDS:
        return None
    ages = []
    for index, token in enumerate(tokens):
        value = _number_value(token.norm) if token.norm not in {"a", "an"} else None
        denied = index > 0 and tokens[index - 1].norm in {"not", "no", "isnt"}
        if value is not None and 0 <= value <= 25 and not denied:
            ages.append(value)
    return ages[0] if len(set(ages)) == 1 else None


def _leftover_words(entities: dict, message: str) -> list[str]:
    """The words of ``message`` that are neither a recognised fact (service types aside) nor filler."""
    covered = [(span["start"], span["end"]) for span in entities.get("spans", ()) if span["entity"] != "service_type"]
    filler = _phrases().filler
    return [
        token.norm
        for token in tokenize(message)
        if not any(start <= token.start < end for start, end in covered)
        and token.norm not in filler
        and not token.norm.isdigit()
        and _number_value(token.norm) is None
    ]


def _search_words(entities: dict, message: str) -> str:
    """Words for the directory's text search: the kinds of service named ("swimming lessons"), or else
    a few leftover words ("trampolining"); a long story's leftovers would only narrow the search."""
    services = [span["text"].lower() for span in entities.get("spans", ()) if span["entity"] == "service_type"]
    if services:
        return " ".join(dict.fromkeys(services))
    words = _leftover_words(entities, message)
    return " ".join(words) if len(words) <= _MAX_SEARCH_WORDS else ""


def _merged(old: tuple[str, ...], new: list[str], removed: set[str], mode: str) -> tuple[str, ...]:
    kept = [value for value in old if value not in removed]
    fresh = [value for value in new if value not in removed]
    if mode == "replace" and fresh:
        return tuple(dict.fromkeys(fresh))
    return tuple(dict.fromkeys(kept + fresh))


def _mode(message: str) -> str:
    phrases = _phrases()
    if phrases.replace.search(message):
        return "replace"
    return "add" if phrases.add.search(message) else "default"


def _with_facts(frame: Frame, entities: dict, message: str, age: int | None) -> Frame:
    """``frame`` with this message's facts added to it or replacing what they name."""
    mode = _mode(message)
    needs = [v for v in entities.get("needs") or () if v]
    areas = [v for v in entities.get("areas") or () if v]
    when = [v for v in entities.get("when") or () if v]
    # Areas replace by default ("we're in Rugby now"); "also Bedworth" or "or Bedworth" adds.
    area_mode = "add" if mode == "add" else "replace"
    words = _search_words(entities, message)
    return Frame(
        needs=_merged(frame.needs, needs, _negated_values(entities, message, "need"), mode),
        age=age if age is not None else frame.age,
        areas=_merged(frame.areas, areas, _negated_values(entities, message, "area"), area_mode),
        when=_merged(frame.when, when, _negated_values(entities, message, "when"), mode),
        text=words or frame.text,
        active=True,
        postcode=entities.get("postcode") or frame.postcode,
    )


def _has_facts(entities: dict, age: int | None) -> bool:
    return bool(
        entities.get("needs")
        or entities.get("areas")
        or entities.get("when")
        or entities.get("postcode")
        or age is not None
    )


def _answers_question(asked: str | None, entities: dict, age: int | None, message: str) -> bool:
    if asked not in QUESTIONS or len(message.split()) > _SHORT_ANSWER_WORDS:
        return False
    found = {"age": age is not None, "need": bool(entities.get("needs")), "area": bool(entities.get("areas"))}
    return found[asked]


def _continues(frame: Frame, entities: dict, age: int | None, message: str) -> bool:
    """A follow-up that refines the search whatever it is classified as: "he also has speech delay",
    or a message made only of facts ("she's autistic", "we live in Bedworth")."""
    if not (frame.active and _has_facts(entities, age)):
        return False
    return _mode(message) != "default" or not _leftover_words(entities, message)


def update(frame: Frame | None, entities: dict, *, intent: str, asked: str | None = None, message: str) -> Frame:
    """The frame after ``message`` (whose facts are ``entities`` and whose intent is ``intent``).

    ``asked`` is the slot the helper asked about in its last reply ("age", "need" or "area"), if any.
    """
    frame = frame or Frame()
    age = entities.get("age")
    if age is None and (asked == "age" or (frame.age is not None and _mode(message) == "replace")):
        age = _answer_age(message)
    if frame.active and names_new_child(message) and _has_facts(entities, age):
        return _with_facts(Frame(), entities, message, age)
    if _answers_question(asked, entities, age, message) or _continues(frame, entities, age, message):
        return _with_facts(frame, entities, message, age)
    if intent in SEARCH_INTENTS:
        return _with_facts(frame, entities, message, age)
    if intent in NEUTRAL_INTENTS:
        # Small talk refines a search in progress; facts about a child start one; a place alone does not
        # ("what's the weather in Rugby").
        starts = (frame.active and _has_facts(entities, age)) or bool(entities.get("needs")) or age is not None
        return _with_facts(frame, entities, message, age) if starts else frame
    if intent in KEEPING_INTENTS or is_distressed(message):
        return _with_facts(frame, entities, message, age) if _has_facts(entities, age) else frame
    return Frame()


def next_question(frame: Frame) -> str | None:
    """The slot a helper would ask about next for ``frame`` (age, then need, then area), if any."""
    if frame.is_empty and not frame.active:
        return None
    if frame.age is None:
        return "age"
    if not frame.needs:
        return "need"
    return "area" if not frame.areas else None
