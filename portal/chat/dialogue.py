"""The helper's dialogue rules, as pure functions on a small state dict (no Flask, no database).

State (JSON, so it fits in a signed token or the session cookie)::

    {"frame": {"needs": [...], "age": 7, "areas": [...], "when": [...], "text": "", "active": true},
     "pending": "age" | "need" | "need_and_age" | None,   # the question just asked
     "asked": ["age"],                                      # slots asked about once already
     "failures": 0}                                         # messages in a row not understood

The frame is ``nlp.frame``'s: each message updates it with its facts, its intent and the question
asked last, so "they are 7" after "how old is your child?" is the age, "also …" adds, "what about
in Rugby?" replaces the area and searches again, and a new topic clears it.

The rules: safeguarding overrides everything, mid-dialogue too. A search asks ONE follow-up
question when the need or the age is missing, and never asks about the same thing twice;
whatever comes back, the next turn searches. Distress with nothing new to search for gets
support, not a list. One message not understood offers choices; two in a row offer a person.
Nothing repeats, so the helper cannot loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.frame import Frame, update
from portal.chat.understanding import Understanding

FIND = "find_service"
OUT_OF_SCOPE = "out_of_scope"
INFORMATION = ("ehcp", "sen_support", "transport", "adulthood", "disagreement")
ROUTES = ("feedback_plan", "feedback_service", "consultation")
SMALL_TALK = ("greeting", "thanks")
QUESTIONS = ("need", "age", "need_and_age")
_MAX_VALUES = 5
_MAX_TEXT = 100

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

    kind: str  # safeguarding | ask | search | support | answer | no_answer | route | person | greeting | ...
    intent: str
    confidence: float
    state: dict
    question: str | None = None
    knowledge: KnowledgeHit | None = None
    answered: bool = True

    @property
    def frame(self) -> Frame:
        return frame_of(self.state)


def new_state() -> dict:
    return {"frame": frame_dict(Frame()), "pending": None, "asked": [], "failures": 0}


def frame_dict(frame: Frame) -> dict:
    """``frame`` as the JSON kept in the state."""
    return frame.as_dict() | {"active": frame.active}


def frame_of(state: dict) -> Frame:
    """The frame kept in a (clean) state."""
    raw = state["frame"]
    return Frame(
        needs=tuple(raw["needs"]),
        age=raw["age"],
        areas=tuple(raw["areas"]),
        when=tuple(raw["when"]),
        text=raw["text"],
        active=raw["active"],
        postcode=raw["postcode"],
    )


def _strings(value: object) -> list[str]:
    return [str(v)[:60] for v in value][:_MAX_VALUES] if isinstance(value, list) else []


def _clean_frame(raw: object) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    age = raw.get("age")
    text = raw.get("text")
    postcode = raw.get("postcode")
    return {
        "needs": _strings(raw.get("needs")),
        "age": age if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 30 else None,
        "areas": _strings(raw.get("areas")),
        "when": _strings(raw.get("when")),
        "text": text[:_MAX_TEXT] if isinstance(text, str) else "",
        "active": raw.get("active") is True,
        "postcode": postcode[:10] if isinstance(postcode, str) and postcode.strip() else None,
    }


def clean_state(raw: object) -> dict:
    """A state read back from a token or cookie, with anything malformed replaced by the default."""
    state = new_state()
    if not isinstance(raw, dict):
        return state
    state["frame"] = _clean_frame(raw.get("frame"))
    if raw.get("pending") in QUESTIONS:
        state["pending"] = raw["pending"]
    state["asked"] = [a for a in _strings(raw.get("asked")) if a in ("need", "age")]
    failures = raw.get("failures")
    state["failures"] = min(failures, 5) if isinstance(failures, int) and failures > 0 else 0
    return state


def choice_intent(message: str) -> str | None:
    """The intent of a message sent by pressing one of the helper's buttons."""
    return _CHOICE_INTENTS.get(" ".join(message.split()).lower())


def _asked_slot(pending: str | None) -> str | None:
    """The slot ``nlp.frame`` should read a short answer as: a combined question is answered by the age."""
    return "age" if pending == "need_and_age" else pending


def _missing(frame: Frame) -> list[str]:
    """Slots a search still lacks; the kind of service named ("swimming") stands in for the need."""
    missing = [] if frame.needs or frame.text else ["need"]
    return missing + (["age"] if frame.age is None else [])


def _search_turn(state: dict, frame: Frame, understanding: Understanding) -> Turn:
    state.update(frame=frame_dict(frame), failures=0)
    to_ask = [slot for slot in _missing(frame) if slot not in state["asked"]]
    if to_ask and state["pending"] is None:
        state["asked"] = state["asked"] + to_ask
        state["pending"] = "_and_".join(to_ask)
        return Turn("ask", FIND, understanding.confidence, state, question=state["pending"])
    state["pending"] = None
    return Turn("search", FIND, understanding.confidence, state)


def _continues_search(state: dict, before: Frame, after: Frame, understanding: Understanding) -> bool:
    """A search turn: asked for, refined by this message's facts, or the reply to the helper's question."""
    if not after.active:
        return False
    if understanding.intent == FIND or after != before:
        return True
    return state["pending"] is not None and understanding.intent == OUT_OF_SCOPE


def _asks_about(understanding: Understanding, knowledge: KnowledgeHit | None) -> bool:
    """ "What are short breaks?": a search-like message that a knowledge entry answers closely, with no need,
    place or age to search by. The frame keeps its words, so "any in Rugby?" searches next."""
    facts = understanding.facts
    new_facts = facts.get("needs") or facts.get("areas") or facts.get("age") is not None
    return understanding.intent == FIND and knowledge is not None and not new_facts


def _only_distress(understanding: Understanding) -> bool:
    """ "I can't cope with his meltdowns": nothing new to search for, so support rather than a list."""
    facts = understanding.facts
    new_facts = facts.get("needs") or facts.get("areas") or facts.get("when") or facts.get("age") is not None
    return understanding.distressed and not new_facts and understanding.intent not in INFORMATION + ROUTES


def _not_understood(state: dict, understanding: Understanding) -> Turn:
    state["failures"] += 1
    kind = "person" if state["failures"] >= 2 else "choices"
    return Turn(kind, OUT_OF_SCOPE, understanding.confidence, state, answered=False)


def _other_turn(state: dict, understanding: Understanding, knowledge: KnowledgeHit | None) -> Turn:
    intent, confidence = understanding.intent, understanding.confidence
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
        if knowledge is not None:  # "how do I complain about the SEND team": the entry that says how
            return Turn("answer", intent, confidence, state, knowledge=knowledge)
        return Turn("route", intent, confidence, state)
    if intent in SMALL_TALK:
        return Turn(intent, intent, confidence, state)
    return Turn("person", intent, confidence, state)


def decide(state: dict, understanding: Understanding, knowledge: KnowledgeHit | None = None) -> Turn:
    """The next turn of the conversation. ``knowledge`` is the best knowledge-base match, if any."""
    state = clean_state(state)
    if understanding.safeguarding:
        state.update(pending=None, failures=0)
        return Turn("safeguarding", "safeguarding", 1.0, state)
    before = frame_of(state)
    if _only_distress(understanding):  # a question asked alongside ("…how do I get an EHC plan?") is answered
        state.update(pending=None, failures=0)
        return Turn("support", understanding.intent, understanding.confidence, state)
    after = update(
        before,
        understanding.facts,
        intent=understanding.intent,
        asked=_asked_slot(state["pending"]),
        message=understanding.text,
    )
    if _asks_about(understanding, knowledge):
        state.update(frame=frame_dict(after), pending=None, failures=0)
        return Turn("answer", understanding.intent, understanding.confidence, state, knowledge=knowledge)
    if _continues_search(state, before, after, understanding):
        return _search_turn(state, after, understanding)
    state["frame"] = frame_dict(after)
    return _other_turn(state, understanding, knowledge)
