"""Turning stored answers into the words people see, for pages and exports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from consultation.models import SCALES, Question
from consultation.respondents import respondent_type, respondent_type_label

__all__ = ["answer_text", "long_date", "option_labels", "paragraphs", "respondent_type_label", "status_tag"]


def option_labels(question: Question) -> dict[str, str]:
    if question.kind in SCALES:
        return dict(SCALES[question.kind])
    if question.kind == "respondent_type":
        from consultation.respondents import respondent_types

        return {t.value: t.label for t in respondent_types()}
    return {option.value: option.label for option in question.options}


def answer_text(question: Question, answers: Mapping[str, Any]) -> str:
    """One question's answer from form-shaped answers, as a person would read it back."""
    key = f"q{question.id}"
    value = answers.get(key)
    if value in (None, "", []):
        return "Not answered"
    if question.kind == "text":
        return str(value)
    if question.kind == "respondent_type":
        kind = respondent_type(value)
        detail = answers.get(f"{key}_{value}")
        if kind and kind.asks_for_text and detail:
            return f"{kind.label}: {detail}"
        return respondent_type_label(value, detail)
    labels = option_labels(question)
    other = answers.get(f"{key}_other")
    texts = []
    for item in value if isinstance(value, list) else [value]:
        text = labels.get(item, item)
        asks = any(o.value == item and o.asks_for_text for o in question.options)
        texts.append(f"{text}: {other}" if asks and other else text)
    return "; ".join(texts)


def long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank lines between paragraphs, as GOV.UK body paragraphs (escaped)."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    return Markup("\n").join(
        Markup('<p class="govuk-body">{}</p>').format(Markup("<br>").join(escape(line) for line in block.split("\n")))
        for block in blocks
    )


def status_tag(status: str) -> Markup:
    colour = {"draft": "grey", "scheduled": "blue", "open": "green", "closed": "orange"}.get(status, "grey")
    return Markup('<strong class="govuk-tag govuk-tag--{}">{}</strong>').format(colour, status.capitalize())
