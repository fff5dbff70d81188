"""One message in, one reply out: understand, look up, decide, compose, log."""

from __future__ import annotations

from flask import current_app

from portal.chat import dialogue, knowledge, logs
from portal.chat.dialogue import FIND, INFORMATION, OUT_OF_SCOPE, ROUTES
from portal.chat.replies import ChatReply, compose
from portal.chat.understanding import Understanding, understand
from portal.core.extensions import db


def _knowledge_for(message: str, understanding: Understanding):
    if understanding.safeguarding:
        return None
    if understanding.intent in INFORMATION:
        return knowledge.best_entry(message, understanding.intent)
    if understanding.intent in (OUT_OF_SCOPE, FIND, *ROUTES):  # only a close match: "how do I complain", not praise
        return knowledge.best_entry(message, None)
    return None


def _answered(reply: ChatReply, understanding: Understanding) -> bool:
    """Whether staff need not look at this one: understood, confidently, and answered."""
    if not reply.answered:
        return False
    if reply.intent == OUT_OF_SCOPE:
        return reply.knowledge_id is not None
    return understanding.confidence >= current_app.config["CHAT_LOW_CONFIDENCE"]


def reply_to(message: str, state: dict, channel: str) -> tuple[ChatReply, dict]:
    """The helper's reply to ``message`` and the conversation state after it. Commits the log entry."""
    message = message.strip()
    understanding = understand(message, forced_intent=dialogue.choice_intent(message))
    turn = dialogue.decide(state, understanding, _knowledge_for(message, understanding))
    reply = compose(turn, understanding)
    logs.record(
        message,
        intent=reply.intent,
        confidence=reply.confidence,
        safeguarding=reply.safeguarding,
        answered=_answered(reply, understanding),
        channel=channel,
        knowledge_id=reply.knowledge_id,
    )
    logs.purge_if_due(current_app.config["CHAT_LOG_RETENTION_DAYS"])
    db.session.commit()
    return reply, turn.state
