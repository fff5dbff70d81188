"""The helper's dialogue rules, as pure functions on a small state dict (no Flask, no database).

State (JSON, so it fits in a signed token or the session cookie)::

    {"slots": {"needs": [...], "age": 7, "areas": [...], "categories": [...]},
     "pending": "age" | "need" | "need_and_age" | None,   # the question just asked
     "asked": ["age"],                                      # slots asked about once already
     "failures": 0}                                         # messages in a row not understood

The rules: safeguarding overrides everything, mid-dialogue too. A search asks ONE follow-up
question when the need or the age is missing, and never asks about the same thing twice;
whatever comes back, the next turn searches. An answer to a question fills the slot even
when the classifier cannot tell what "he is 7" means. One message not understood offers
choices; two in a row offer a person. Nothing repeats, so the helper cannot loop.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from portal.chat.understanding import Understanding

FIND = "find_service"
OUT_OF_SCOPE = "out_of_scope"
INFORMATION = ("ehcp", "sen_support", "transport", "adulthood", "disagreement")
ROUTES = ("feedback_plan", "feedback_service", "consultation")
SMALL_TALK = ("greeting", "thanks")
SLOT_NAMES = ("needs", "age", "areas", "categories")

# Buttons the helper offers; pressing one sends its message, which is understood without guessing.
CHOICES = (
    ("Find services", "Find services for my child", FIND),
    ("EHC plans", "What is an EHC plan?", "ehcp"),
    ("Support in school", "What is SEN support in school?", "sen_support"),
    ("Travel to school", "Can my child get transport to school?", "transport"),
    ("Disagreeing with a decision", "How do I appeal a decision?", "disagreement"),
)  # every reply also links to a person, so that is not a choice here
_CHOICE_INTENTS = {message.lower(): intent for _, message, intent in CHOICES}


@dataclass(frozen=True)
class KnowledgeHit:
    id: int
    score: float


@dataclass
class Turn:
    """What the helper decided to do with one message; ``replies`` turns it into words and links."""

    kind: str  # safeguarding | ask | search | answer | no_answer | route | person | greeting | thanks | choices
    intent: str
    confidence: float
    state: dict
    question: str | None = None
    slots: dict = field(default_factory=dict)
    knowledge: KnowledgeHit | None = None
    answered: bool = True


def new_state() -> dict:
    return {"slots": {"needs": [], "age": None, "areas": [], "categories": []}, "pending": None, "asked": [],
            "failures": 0}


def _strings(value: object) -> list[str]:
    return [str(v)[:60] for v in value][:5] if isinstance(value, list) else []


def clean_state(raw: object) -> dict:
    """A state read back from a token or cookie, with anything malformed replaced by the default."""
    state = new_state()
    if not isinstance(raw, dict):
        return state
    slots = raw.get("slots") if isinstance(raw.get("slots"), dict) else {}
    for name in ("needs", "areas", "categories"):
        state["slots"][name] = _strings(slots.get(name))
    age = slots.get("age")
    state["slots"]["age"] = age if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 30 else None
    if raw.get("pending") in ("need", "age", "need_and_age"):
        state["pending"] = raw["pending"]
    state["asked"] = [a for a in _strings(raw.get("asked")) if a in ("need", "age")]
    failures = raw.get("failures")
    state["failures"] = min(failures, 5) if isinstance(failures, int) and failures > 0 else 0
    return state


def choice_intent(message: str) -> str | None:
    """The intent of a message sent by pressing one of the helper's buttons."""
    return _CHOICE_INTENTS.get(" ".join(message.split()).lower())


def _merge(slots: dict, entities: dict) -> dict:
    merged = copy.deepcopy(slots)
    if entities.get("needs"):
        merged["needs"] = list(entities["needs"])
    if entities.get("age") is not None:
        merged["age"] = int(entities["age"])
    if entities.get("areas"):
        merged["areas"] = list(entities["areas"])
    if entities.get("service_types"):
        merged["categories"] = list(entities["service_types"])
    return merged


def _missing(slots: dict) -> list[str]:
    missing = []
    if not slots["needs"] and not slots["categories"]:
        missing.append("need")
    if slots["age"] is None:
        missing.append("age")
    return missing


def _find_service(state: dict, understanding: Understanding) -> Turn:
    state["slots"] = _merge(state["slots"], understanding.entities)
    state["failures"] = 0
    to_ask = [slot for slot in _missing(state["slots"]) if slot not in state["asked"]]
    if to_ask and state["pending"] is None:
        state["asked"] = state["asked"] + to_ask
        state["pending"] = "_and_".join(to_ask)
        return Turn("ask", FIND, understanding.confidence, state, question=state["pending"])
    state["pending"] = None
    return Turn("search", FIND, understanding.confidence, state, slots=copy.deepcopy(state["slots"]))


def _continues_search(state: dict, understanding: Understanding) -> bool:
    """'He is 7' after 'how old is your child?', or 'autism in Rugby' the classifier was unsure of."""
    if understanding.intent == FIND:
        return True
    if state["pending"] is not None:
        return understanding.has_search_facts() or understanding.intent == OUT_OF_SCOPE
    return understanding.intent == OUT_OF_SCOPE and understanding.has_search_facts()


def _not_understood(state: dict, understanding: Understanding) -> Turn:
    state["failures"] += 1
    kind = "person" if state["failures"] >= 2 else "choices"
    return Turn(kind, OUT_OF_SCOPE, understanding.confidence, state, answered=False)


def decide(state: dict, understanding: Understanding, knowledge: KnowledgeHit | None = None) -> Turn:
    """The next turn of the conversation. ``knowledge`` is the best knowledge-base match, if any."""
    state = clean_state(state)
    intent, confidence = understanding.intent, understanding.confidence
    if understanding.safeguarding:
        state.update(pending=None, failures=0)
        return Turn("safeguarding", "safeguarding", 1.0, state)
    if _continues_search(state, understanding):
        return _find_service(state, understanding)
    state["pending"] = None
    if intent == OUT_OF_SCOPE:
        if knowledge is not None:
            state["failures"] = 0
            return Turn("answer", intent, confidence, state, knowledge=knowledge)
        return _not_understood(state, understanding)
    state["failures"] = 0
    if intent in INFORMATION:
        kind = "answer" if knowledge is not None else "no_answer"
        return Turn(kind, intent, confidence, state, knowledge=knowledge, answered=knowledge is not None)
    if intent in ROUTES:
        return Turn("route", intent, confidence, state)
    if intent in SMALL_TALK:
        return Turn(intent, intent, confidence, state)
    return Turn("person", intent, confidence, state)
