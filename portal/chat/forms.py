"""The chat box (for the no-JavaScript journey) and the knowledge-base editor, with GOV.UK widgets."""

from __future__ import annotations

import re

from flask import current_app
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import Form, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.chat.knowledge import INTENTS, EntryInput
from portal.core.forms import strip

_LINK_LINE = re.compile(r"^(?P<text>.+?)\s*\|\s*(?P<url>\S+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def not_too_long(form: Form, field: StringField) -> None:  # noqa: ARG001
    limit = current_app.config["CHAT_MESSAGE_MAX"]
    if field.data and len(field.data) > limit:
        raise ValidationError(f"Your message must be {limit:,} characters or fewer")


def no_control_characters(form: Form, field: StringField) -> None:  # noqa: ARG001
    if field.data and _CONTROL.search(field.data):
        raise ValidationError("Your message must only include letters, numbers and punctuation")


class ChatForm(FlaskForm):
    message = StringField(
        "Your message",
        description="For example: my son is 7 and autistic, we live in Nuneaton, what help is there?",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            DataRequired(message="Enter your message"),
            not_too_long,
            no_control_characters,
        ],
    )
    submit = SubmitField("Send", widget=GovSubmitInput())


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_links(text: str | None) -> list[dict[str, str]]:
    links = []
    for line in _lines(text):
        match = _LINK_LINE.match(line)
        if match:
            links.append({"text": match.group("text").strip(), "url": match.group("url")})
    return links


def _valid_links(form: Form, field: TextAreaField) -> None:  # noqa: ARG001
    for line in _lines(field.data):
        match = _LINK_LINE.match(line)
        if not match:
            raise ValidationError("Enter each link as the link text, a vertical bar, then the address")
        if not re.match(r"^(https?://|/)", match.group("url")):
            raise ValidationError("Enter link addresses starting with https://, http:// or /")


def _some_questions(form: Form, field: TextAreaField) -> None:  # noqa: ARG001
    if not _lines(field.data):
        raise ValidationError("Enter at least one question this entry answers")


class KnowledgeEntryForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            DataRequired(message="Enter a title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    intent = SelectField(
        "Topic",
        choices=list(INTENTS.items()),
        widget=GovSelect(),
        description="The helper answers with the best entry of the topic it recognises. "
        "General entries answer only questions that closely match theirs.",
    )
    questions = TextAreaField(
        "Questions this answers",
        widget=GovTextArea(),
        filters=[strip],
        description="One question on each line, in the words parents and young people use.",
        validators=[_some_questions, Length(max=5000, message="Questions must be 5,000 characters or fewer")],
    )
    answer = TextAreaField(
        "Answer",
        widget=GovTextArea(),
        filters=[strip],
        description="Plain English. Leave a blank line between paragraphs.",
        validators=[
            DataRequired(message="Enter the answer"),
            Length(max=5000, message="Answer must be 5,000 characters or fewer"),
        ],
    )
    links = TextAreaField(
        "Links (optional)",
        widget=GovTextArea(),
        filters=[strip],
        description="One link on each line: the link text, a vertical bar, then the address. "
        "For example: Talk to someone | /contact",
        validators=[_valid_links],
    )
    submit = SubmitField("Save entry", widget=GovSubmitInput())

    def to_input(self) -> EntryInput:
        return EntryInput(
            self.title.data,
            self.intent.data,
            _lines(self.questions.data),
            self.answer.data,
            parse_links(self.links.data),
        )


def form_data(entry) -> dict[str, str]:
    return {
        "title": entry.title,
        "intent": entry.intent,
        "questions": "\n".join(entry.questions or []),
        "answer": entry.answer,
        "links": "\n".join(f"{x['text']} | {x['url']}" for x in entry.links or []),
    }
