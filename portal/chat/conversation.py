"""Where a conversation lives between messages: nowhere on the server.

The JSON API carries the dialogue state in a signed, opaque token (itsdangerous) that the
client sends back, so any worker can answer the next message. The no-JavaScript page keeps
the state and the last turns in Flask's signed session cookie, trimmed to fit a cookie.
"""

from __future__ import annotations

import json

from flask import current_app, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.chat.dialogue import clean_state, new_state
from portal.chat.replies import ChatReply

TOKEN_SALT = "portal.chat.session"
SESSION_KEY = "chat"
MAX_TURNS = 20
USER_TEXT_KEPT = 500
COOKIE_BUDGET = 2400  # bytes of JSON for the conversation; a whole cookie must stay under 4 KB


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def make_token(state: dict) -> str:
    return _serializer().dumps(state)


def read_token(token: str | None) -> dict:
    """The state in a token; a missing, tampered or expired token starts a new conversation."""
    if not token:
        return new_state()
    try:
        raw = _serializer().loads(token, max_age=current_app.config["CHAT_SESSION_MAX_AGE"])
    except BadSignature:
        return new_state()
    return clean_state(raw)


def page_conversation() -> tuple[dict, list[dict]]:
    stored = session.get(SESSION_KEY) or {}
    turns = stored.get("turns") if isinstance(stored.get("turns"), list) else []
    return clean_state(stored.get("state")), turns


def _bot_turn(reply: ChatReply) -> dict:
    """A reply as the page needs it; knowledge answers by reference, to keep the cookie small."""
    turn = {"who": "bot", "kind": reply.kind, "links": [[link["text"], link["href"]] for link in reply.links]}
    if reply.knowledge_id is not None:
        turn["kb"] = reply.knowledge_id
    else:
        turn["text"] = reply.text
    if reply.services:
        turn["services"] = [[s["name"], s["id"]] for s in reply.services]
    if reply.choices:
        turn["choices"] = True
    if reply.risk:
        turn["risk"] = [reply.risk["level"], reply.risk["category"]]  # the help is rebuilt from these
    return turn


def save_page_turn(message: str, reply: ChatReply, state: dict) -> None:
    """Append the exchange to the session. A safeguarding message itself is not kept, even here."""
    _, turns = page_conversation()
    shown = message if len(message) <= USER_TEXT_KEPT else message[:USER_TEXT_KEPT].rstrip() + "…"
    user = {"who": "user", "hidden": True} if reply.safeguarding else {"who": "user", "text": shown}
    turns = (turns + [user, _bot_turn(reply)])[-MAX_TURNS:]
    while len(turns) > 2 and len(json.dumps(turns, ensure_ascii=False).encode()) > COOKIE_BUDGET:
        turns = turns[2:]
    session[SESSION_KEY] = {"state": state, "turns": turns}


def clear_page_conversation() -> None:
    session.pop(SESSION_KEY, None)
