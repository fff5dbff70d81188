"""POST /api/chat in the served OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal.core.registry import add_api_paths

_LINK = {
    "type": "object",
    "required": ["text", "href"],
    "properties": {"text": {"type": "string"}, "href": {"type": "string"}},
}
_SERVICE = {
    "type": "object",
    "required": ["id", "name", "href"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "href": {"type": "string"},
        "summary": {"type": "string"},
        "ages": {"type": "string"},
        "areas": {"type": "string"},
    },
}
_SEARCH = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "required": ["needs", "age", "areas", "when", "text", "total"],
            "properties": {
                "needs": {"type": "array", "items": {"type": "string"}, "description": "Need codes, such as ASD."},
                "age": {"type": ["integer", "null"]},
                "areas": {"type": "array", "items": {"type": "string"}, "description": "Area slugs, such as rugby."},
                "when": {"type": "array", "items": {"type": "string"}, "description": "When, such as weekend."},
                "postcode": {"type": ["string", "null"], "description": "A postcode or outward code: nearest first."},
                "text": {"type": "string", "description": "Free words for the directory's text search."},
                "total": {
                    "type": ["integer", "null"],
                    "minimum": 0,
                    "description": "Services found, as the directory search finds them; null when the helper "
                    "asked a question instead of searching.",
                },
            },
        },
    ],
    "description": "null when no directory search is in progress; otherwise what the conversation is looking "
    "for after this message (kept across messages) and how many services it found.",
}
_ERROR = {
    "type": "object",
    "required": ["status", "error"],
    "properties": {"status": {"type": "integer"}, "error": {"type": "string"}},
}

SCHEMAS: dict[str, Any] = {
    "ChatRequest": {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1000,
                "description": "What the person typed. Longer messages are refused with 400.",
            },
            "session": {
                "type": ["string", "null"],
                "description": "The session token from the previous reply, to continue the conversation.",
            },
        },
    },
    "ChatReply": {
        "type": "object",
        "required": [
            "reply",
            "intent",
            "confidence",
            "entities",
            "links",
            "services",
            "safeguarding",
            "risk",
            "search",
            "session",
        ],
        "properties": {
            "reply": {"type": "string", "description": "The helper's words; paragraphs are separated by a blank line."},
            "intent": {"type": "string", "description": "What the message was understood to ask for."},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "entities": {"type": "object", "description": "Age, needs, areas and service types found in the message."},
            "links": {"type": "array", "items": _LINK, "description": "Where to go next; always a way to a person."},
            "services": {"type": "array", "items": _SERVICE, "description": "Top directory results, for searches."},
            "safeguarding": {
                "type": "boolean",
                "description": "True exactly when the risk level is emergency: the reply is help now.",
            },
            "risk": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["level", "category"],
                        "properties": {
                            "level": {"type": "string", "enum": ["emergency", "concern"]},
                            "category": {
                                "type": ["string", "null"],
                                "description": "Working Together (2023) "
                                "category, such as neglect or self_harm_suicide.",
                            },
                        },
                    },
                ],
                "description": "null for an ordinary message; otherwise how much it suggests someone is at risk.",
            },
            "safety": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "lead": {"type": "string"},
                            "contacts": {"type": "array", "items": {"type": "object"}},
                            "links": {"type": "array", "items": _LINK},
                        },
                    },
                ],
                "description": "At concern level: the panel to show beside the answer, with the route.",
            },
            "title": {"type": ["string", "null"]},
            "choices": {
                "type": "array",
                "items": {"type": "object", "properties": {"text": {"type": "string"}, "message": {"type": "string"}}},
                "description": "Buttons to offer: send the message of the one chosen.",
            },
            "kind": {"type": "string"},
            "search": _SEARCH,
            "session": {"type": "string", "description": "Send this back with the next message."},
        },
    },
    "ChatError": _ERROR,
}

PATHS: dict[str, Any] = {
    "/api/chat": {
        "post": {
            "summary": "Ask the front-door helper",
            "description": "Send one message and get the helper's reply. Safeguarding is checked first on every "
            "message. Send Content-Type: application/json. Rate limited.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}},
            },
            "responses": {
                "200": {
                    "description": "The reply.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatReply"}}},
                },
                **{
                    code: {
                        "description": text,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatError"}}},
                    }
                    for code, text in (
                        ("400", "The message is missing, empty, too long, not text or not JSON."),
                        ("413", "The request body is too large."),
                        ("415", "The request was not sent as application/json."),
                        ("429", "Too many messages; wait a minute."),
                    )
                },
            },
        }
    }
}


def register(app: Flask) -> None:
    add_api_paths(app, PATHS, SCHEMAS)
