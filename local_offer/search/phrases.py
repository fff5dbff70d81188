"""Phrases that mean the same, both ways, and words written together or apart.

Each line of the synonym file (``nlp/data/synonyms.txt``) is a set of phrases that mean the
same thing; a phrase's alternatives are every other phrase on the lines that hold it. Lines are
not chained, so a broad line ("pmld = … | learning disability") does not pull in its neighbours.
"""

from __future__ import annotations

from collections.abc import Callable

from nlp import vocab

MIN_PART = 3


def _lines() -> list[tuple[str, ...]]:
    return [(term, *expansions) for term, expansions in vocab.synonyms().items()]


def alternatives(phrase: str) -> tuple[str, ...]:
    """Every phrase that shares a synonym line with this one, in file order."""
    found: dict[str, None] = {}
    for line in _lines():
        if phrase in line:
            found.update(dict.fromkeys(line))
    found.pop(phrase, None)
    return tuple(found)


def longest_phrase_at(tokens: list[str], start: int) -> str | None:
    """The longest synonym phrase of two or more words that begins at ``tokens[start]``."""
    phrases = {p for line in _lines() for p in line if " " in p}
    longest = max((len(p.split()) for p in phrases), default=0)
    for size in range(min(longest, len(tokens) - start), 1, -1):
        candidate = " ".join(tokens[start : start + size])
        if candidate in phrases:
            return candidate
    return None


def split_compound(word: str, is_word: Callable[[str], bool]) -> str | None:
    """Read a word as two run together ("afterschool" as "after school"); the most even split wins."""
    best: tuple[int, str] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if is_word(head) and is_word(tail):
            evenness = min(len(head), len(tail))
            if best is None or evenness > best[0]:
                best = (evenness, f"{head} {tail}")
    return best[1] if best else None


def synonym_words() -> frozenset[str]:
    """Every single word used in the synonym file: such words are never spelling mistakes."""
    return frozenset(w for line in _lines() for phrase in line for w in phrase.split())
