"""POST /api/chat: the helper as JSON, for the page's script and for other clients.

Exempt from CSRF because it accepts only ``application/json``, which a cross-site form cannot
send without the browser asking first. The conversation state travels in the signed
``session`` token, so the server keeps nothing between messages.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from portal.chat.conversation import make_token, read_token
from portal.chat.services import reply_to
from portal.core.access import public
from portal.core.extensions import csrf, limiter

api_bp = Blueprint("chat_api", __name__, url_prefix="/api")

REFUSE_AT = 5000
BODY_MAX = 64 * 1024
TOKEN_MAX = 4096
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ChatInputError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _error(status: int, message: str):
    return jsonify({"status": status, "error": message}), status


@api_bp.errorhandler(ChatInputError)
def _input_error(error: ChatInputError):
    return _error(error.status, error.message)


@api_bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return _error(error.code or 500, error.description or error.name)


def _body() -> dict:
    if not request.is_json:
        raise ChatInputError("Send the message as JSON, with the header Content-Type: application/json.", 415)
    if (request.content_length or 0) > BODY_MAX:
        raise _too_large()
    # At most one byte past the limit is read: a chunked request has no Content-Length to refuse early.
    raw = request.stream.read(BODY_MAX + 1)
    if len(raw) > BODY_MAX:
        raise _too_large()
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ChatInputError("The request is not valid UTF-8 text.") from error
    except (ValueError, RecursionError) as error:  # nesting deep enough to exhaust the parser is not a message
        raise ChatInputError("The request is not valid JSON.") from error
    if not isinstance(body, dict):
        raise ChatInputError('Send a JSON object, like {"message": "What is an EHC plan?"}.')
    return body


def _too_large() -> ChatInputError:
    return ChatInputError(f"The request is too large. Send one message of up to {_max():,} characters.", 413)


def _max() -> int:
    return current_app.config["CHAT_MESSAGE_MAX"]


def _message(body: dict) -> str:
    message = body.get("message")
    if not isinstance(message, str):
        raise ChatInputError('"message" must be a string, like {"message": "What is an EHC plan?"}.')
    if not message.strip():
        raise ChatInputError('"message" is empty. Type a question or what you are looking for.')
    if len(message) > _max():
        limit = f"{_max():,}"
        raise ChatInputError(
            f'"message" is {len(message):,} characters long. Messages must be {limit} '
            f"characters or fewer (anything of {REFUSE_AT:,} or more is always refused)."
        )
    if _CONTROL.search(message) or not _encodable(message):
        raise ChatInputError('"message" contains characters that are not text.')
    return message


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates such as "\ud800"
        return False
    return True


def _token(body: dict) -> str | None:
    token = body.get("session")
    if token is not None and not isinstance(token, str):
        raise ChatInputError('"session" must be the string from the previous reply, or left out.')
    if token is not None and len(token) > TOKEN_MAX:
        raise ChatInputError('"session" is not one this service issued. Leave it out to start again.')
    return token


@api_bp.route("/chat", methods=["POST"])
@public
@csrf.exempt
@limiter.limit(lambda: current_app.config["PUBLIC_POST_RATE_LIMIT"])
def chat():
    body = _body()
    message, token = _message(body), _token(body)
    reply, state = reply_to(message, read_token(token), channel="api")
    data = reply.to_dict()
    payload = {"reply": data["text"]}
    payload |= {
        key: data[key]
        for key in (
            "intent",
            "confidence",
            "entities",
            "links",
            "services",
            "safeguarding",
            "risk",
            "safety",
            "title",
            "choices",
            "contacts",
            "kind",
            "search",
        )
    }
    payload["session"] = make_token(state)
    return jsonify(payload)
