"""Turning the dialogue's decision into the helper's words, links and services (needs the app).

A search is the directory's own (``search_services`` with the conversation frame's words and
filters), so the helper finds what the directory page finds for the same search, in the same order,
and links to that page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from flask import current_app, url_for

from local_offer import postcodes
from local_offer.presenters import age_range, filter_summary, service_view
from local_offer.search import SearchFilters, SearchRequest, search_services
from nlp.frame import Frame
from portal.chat import knowledge
from portal.chat.dialogue import CHOICES, Turn
from portal.chat.understanding import Understanding
from portal.core.safeguarding.help import SafetyHelp, emergency_contacts, help_for

TOP_SERVICES = 5
DISTRESS_CATEGORY = "carer_breaking_point"  # its support routes suit a parent who cannot cope
PERSON_LINK_TEXT = "Talk to a person"
_TOPICS = {
    "ehcp": "EHC plans",
    "sen_support": "SEN support",
    "transport": "travel to school",
    "adulthood": "preparing for adulthood",
    "disagreement": "disagreements and appeals",
}
_QUESTIONS = {
    "need_and_age": "To find the right services, tell me your child's age and what their needs are, "
    "for example: ‘she is 9 and has ADHD’.",
    "need": "What needs does your child or young person have? For example: autism, ADHD, dyslexia, "
    "speech and language, hearing or sight, or a physical disability.",
    "age": "How old is your child or young person?",
}


@dataclass
class ChatReply:
    kind: str
    text: str
    intent: str
    confidence: float
    entities: dict
    links: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    safeguarding: bool = False
    choices: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    title: str | None = None
    knowledge_id: int | None = None
    answered: bool = True
    risk: dict | None = None  # {"level", "category"} when the message suggests someone is at risk
    safety: dict | None = None  # the concern panel: title, lead, contacts
    search: dict | None = None  # the frame in force and the number found, while a search is in progress

    def to_dict(self) -> dict:
        return asdict(self)


def _choices() -> list[dict]:
    return [{"text": text, "message": message} for text, message, _ in CHOICES]


def _iass() -> dict:
    return current_app.config["IASS_CONTACT"]


def _person_links() -> list[dict]:
    contact = _iass()
    return [
        {"text": f"Call {contact['phone']}", "href": "tel:" + contact["phone"].replace(" ", "")},
        {"text": f"Email {contact['email']}", "href": f"mailto:{contact['email']}"},
    ]


def _person_text() -> str:
    contact = _iass()
    return (
        f"The {contact['name']} gives free, confidential and impartial advice about SEND. "
        f"Call {contact['phone']} ({contact['hours']}) or email {contact['email']}."
    )


def consultations_url() -> str:
    """The consultations and surveys list, wherever the consultation feature put it."""
    for endpoint in ("consultation.public_list", "consultation_public.index"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint)
    return url_for("main_public.feedback")


def search_link(frame: Frame) -> str:
    """The same search on the directory page: words, needs, age, areas, when and a postcode."""
    params = [("q", frame.text)] if frame.text else []
    params += [("need", n) for n in frame.needs]
    if frame.age is not None:
        params.append(("age", str(frame.age)))
    params += [("area", a) for a in frame.areas]
    params += [("when", w) for w in frame.when]
    if _near(frame):
        params.append(("near", _near(frame)))
    return url_for("local_offer_public.search") + ("?" + urlencode(params) if params else "")


def _near(frame: Frame) -> str | None:
    """The frame's postcode as the directory reads it, or None when the directory cannot place it."""
    point = postcodes.lookup(frame.postcode) if frame.postcode else None
    return point.postcode if point is not None else None


def _filters(frame: Frame) -> SearchFilters:
    return SearchFilters(needs=frame.needs, age=frame.age, areas=frame.areas, when=frame.when, near=_near(frame))


def _service(service) -> dict:
    view = service_view(service)
    return {
        "id": service.id,
        "name": service.name,
        "href": url_for("local_offer_public.service", service_id=service.id),
        "summary": view.summary,
        "ages": age_range(service),
        "areas": view.areas,
    }


def _search(reply: ChatReply, turn: Turn) -> None:
    frame = turn.frame
    result = search_services(SearchRequest(frame.text, _filters(frame), per_page=TOP_SERVICES))
    summary = filter_summary(frame.text, _filters(frame))
    reply.services = [_service(s) for s in result.services]
    reply.search = _search_field(frame, result.total)
    if result.total == 0:
        reply.text = (
            f"I could not find any {summary}. Try the full search and remove a filter, "
            "or talk to a person who knows the local services."
        )
        reply.links.append({"text": "Change the search", "href": search_link(frame)})
        return
    shown = len(reply.services)
    count = f"{result.total} {'service' if result.total == 1 else 'services'}"
    reply.text = f"I searched the directory and found {count}: {summary}." + (
        f" Here are the first {shown}." if result.total > shown else ""
    )
    reply.links.append({"text": f"See all {count} in the full search", "href": search_link(frame)})


def _search_field(frame: Frame, total: int | None) -> dict | None:
    """The API's ``search``: null when no search is in progress, else the frame and the number found."""
    if not frame.active:
        return None
    return frame.as_dict() | {"total": total}


def _answer(reply: ChatReply, turn: Turn) -> None:
    entry = knowledge.get_entry(turn.knowledge.id) if turn.knowledge else None
    if entry is None:
        _no_answer(reply, turn)
        return
    reply.title, reply.text, reply.knowledge_id = entry.title, entry.answer, entry.id
    reply.links += [{"text": link["text"], "href": link["url"]} for link in entry.links or []]
    reply.links.append(
        {"text": f"Read this as a page: {entry.title}", "href": url_for("chat_public.guide", slug=entry.slug)}
    )


def _no_answer(reply: ChatReply, turn: Turn) -> None:
    topic = _TOPICS.get(turn.intent, "that")
    reply.answered = False
    reply.text = f"I do not have an answer about {topic} yet. {_person_text()}"
    reply.links += _person_links()


def _route(reply: ChatReply, turn: Turn) -> None:
    texts = {
        "feedback_plan": "You can tell the council what you think of your child's EHC plan, and the help it "
        "gives, in the surveys and consultations open now.",
        "feedback_service": "You can tell the council what you think of a service in the surveys and "
        "consultations open now. On each service's page you can also say whether it helped, "
        "or report something that is wrong.",
        "consultation": "These are the consultations and surveys open now, and what changed because of what "
        "people said.",
    }
    reply.text = texts[turn.intent]
    reply.links.append({"text": "Have your say", "href": consultations_url()})
    reply.links.append({"text": "Give feedback about this website", "href": url_for("main_public.feedback")})


def safeguarding_contacts() -> list[dict]:
    """The emergency numbers shown beside the helper on every page."""
    return emergency_contacts()


def _safeguarding(reply: ChatReply, help_: SafetyHelp) -> None:
    """Emergency help first, in words for the situation; then, when they are safe, the way back."""
    reply.safeguarding, reply.title, reply.contacts = True, help_.title, help_.contacts
    lines = [help_.lead, "You do not have to deal with this alone. These people can help now:"]
    lines += [f"{c['name']}: {c['phone']}. {c['text']}" for c in help_.contacts]
    lines.append("When you are safe, you can ask me something else or search for services.")
    reply.text = "\n\n".join(lines)
    reply.links = [{"text": f"{c['name']}: {c['phone']}", "href": c["href"]} for c in help_.contacts]
    reply.links.append({"text": "When you are safe: search for services", "href": url_for("local_offer_public.search")})


def _concern(reply: ChatReply, help_: SafetyHelp) -> None:
    """A concern never hides the answer: the panel goes beside it."""
    reply.safety = help_.to_dict()
    reply.safety["links"] = [
        {"text": text, "href": url_for("local_offer_public.search", **params)} for text, params in help_.searches
    ]


def _small_talk(reply: ChatReply, turn: Turn) -> None:
    if turn.kind == "greeting":
        reply.text = (
            "Hello. I am an automated helper, not a person. I can help you find services, explain "
            "EHC plans and SEN support, and tell you how to have your say. What would you like to know?"
        )
        reply.choices = _choices()
    else:
        reply.text = "You're welcome. Is there anything else I can help with?"


def _person(reply: ChatReply, turn: Turn) -> None:
    if turn.intent == "out_of_scope":
        reply.answered = False
        reply.text = f"Sorry, I still do not understand. It may help to talk to a person. {_person_text()}"
    else:
        reply.text = _person_text()
    reply.links += _person_links()


def _choices_reply(reply: ChatReply) -> None:
    reply.answered = False
    reply.text = (
        "Sorry, I did not understand that. I am an automated helper and can help with the things "
        "below. Choose one, or ask in a different way."
    )
    reply.choices = _choices()


def _support(reply: ChatReply, turn: Turn) -> None:
    """Distress without risk: an acknowledgement and where to get support (short breaks, early help, a
    parent helpline). When the concern panel is shown beside the reply it already gives these routes."""
    reply.text = "I am sorry things are so hard at the moment."
    if reply.risk is not None and reply.risk["category"] == DISTRESS_CATEGORY:
        reply.text += " The people and services shown here can help."
        return
    help_ = help_for("concern", DISTRESS_CATEGORY)
    reply.text += " " + help_.lead
    reply.links += [
        {"text": text, "href": url_for("local_offer_public.search", **params)} for text, params in help_.searches
    ]
    reply.links += [{"text": f"{c['name']}: {c['phone']}", "href": c["href"]} for c in help_.contacts[:2]]


def _ask(reply: ChatReply, turn: Turn) -> None:
    known = filter_summary(turn.frame.text, _filters(turn.frame))
    lead = f"I can look for {known}. " if known != "all services" else "I can look for services. "
    reply.text = lead + _QUESTIONS[turn.question]


_COMPOSERS = {
    "ask": _ask,
    "search": _search,
    "support": _support,
    "answer": _answer,
    "no_answer": _no_answer,
    "route": _route,
    "greeting": _small_talk,
    "thanks": _small_talk,
    "person": _person,
    "choices": lambda reply, turn: _choices_reply(reply),
}


def compose(turn: Turn, understanding: Understanding) -> ChatReply:
    """The reply for a turn. Every reply but emergency help ends with a way to a person."""
    reply = ChatReply(
        turn.kind,
        "",
        turn.intent,
        round(turn.confidence, 4),
        {} if turn.kind == "safeguarding" else dict(understanding.entities),
        answered=turn.answered,
    )
    risk = understanding.risk
    if risk is not None:
        reply.risk = {"level": risk.level, "category": risk.category}
    if turn.kind == "safeguarding":
        _safeguarding(reply, help_for("emergency", understanding.category))
        return reply  # emergency help first: nothing to choose, nothing asked
    reply.search = _search_field(turn.frame, None)
    _COMPOSERS[turn.kind](reply, turn)
    if risk is not None:
        _concern(reply, help_for(risk.level, risk.category))
    contact = url_for("main_public.contact")
    if not any(link["href"] == contact for link in reply.links):
        reply.links.append({"text": PERSON_LINK_TEXT, "href": contact})
    return reply
