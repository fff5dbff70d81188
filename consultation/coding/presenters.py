"""Showing coding to reviewers: evidence marked in the answer, confidences in words."""

from __future__ import annotations

from markupsafe import Markup, escape


def merged(spans: list[list[int]], length: int) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, clipped to the text."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, int(s)), min(length, int(e))) for s, e in spans):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def highlighted(text: str, suggestions: list[dict] | None) -> Markup:
    """The answer with every piece of evidence in ``<mark>``; everything else escaped."""
    spans = [span for s in suggestions or [] for span in s.get("evidence", [])]
    parts, at = [], 0
    for start, end in merged(spans, len(text)):
        parts.append(escape(text[at:start]))
        parts.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


def percent(confidence: float) -> str:
    return f"{round(100 * confidence)}%"


def counted(number: int, thing: str, things: str | None = None) -> str:
    """'1 quote', '2 quotes': numbers with their noun, as people write them."""
    return f"{number:,} {thing if number == 1 else things or thing + 's'}"
