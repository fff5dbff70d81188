"""What the home page's chat box shows: the conversation kept in the session, ready to render."""

from __future__ import annotations

from flask import current_app, url_for

from portal.chat import knowledge
from portal.chat.conversation import make_token, page_conversation
from portal.chat.dialogue import CHOICES
from portal.chat.forms import ChatForm
from portal.chat.replies import safeguarding_contacts
from portal.core.safeguarding.help import help_for


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


def _bot_view(turn: dict) -> dict:
    view = {
        "who": "bot",
        "kind": turn.get("kind"),
        "title": None,
        "links": [{"text": text, "href": href} for text, href in turn.get("links", [])],
        "services": [
            {"name": name, "href": url_for("local_offer_public.service", service_id=sid)}
            for name, sid in turn.get("services", [])
        ],
        "choices": bool(turn.get("choices")),
        "safeguarding": turn.get("kind") == "safeguarding",
    }
    if "kb" in turn:
        entry = knowledge.get_entry(turn["kb"])
        view["title"] = entry.title if entry else None
        view["paragraphs"] = paragraphs(entry.answer) if entry else ["This answer has since been removed."]
    else:
        view["paragraphs"] = paragraphs(turn.get("text", ""))
    _add_safety(view, turn.get("risk"))
    return view


def _add_safety(view: dict, risk: object) -> None:
    """Emergency help for this situation, or the concern panel beside the answer."""
    level, category = risk if isinstance(risk, list) and len(risk) == 2 else (None, None)
    if view["safeguarding"]:
        help_ = help_for("emergency", category)
        view["title"], view["contacts"] = help_.title, help_.contacts
    elif level == "concern":
        help_ = help_for("concern", category)
        view["safety"] = help_.to_dict() | {
            "links": [
                {"text": text, "href": url_for("local_offer_public.search", **params)}
                for text, params in help_.searches
            ]
        }


def turn_views(turns: list[dict]) -> list[dict]:
    views = []
    for turn in turns:
        if not isinstance(turn, dict):
            continue
        if turn.get("who") == "user":
            views.append({"who": "user", "text": turn.get("text", ""), "hidden": bool(turn.get("hidden"))})
        else:
            views.append(_bot_view(turn))
    return views


def chat_context(form: ChatForm | None = None) -> dict:
    """Template variables for the home page's chat box (``form`` is the chat form, for the error summary)."""
    state, turns = page_conversation()
    return {
        "form": form or ChatForm(),
        "chat": {
            "turns": turn_views(turns),
            "token": make_token(state),
            "max_length": current_app.config["CHAT_MESSAGE_MAX"],
            "choices": [{"text": text, "message": message} for text, message, _ in CHOICES],
            "contacts": safeguarding_contacts(),
        },
    }
