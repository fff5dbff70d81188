"""Phrases that mean the same, both ways, and words written together or apart.

Each line of the synonym file (``nlp/data/synonyms.txt``) is a set of phrases that mean the
same thing; a phrase's alternatives are every other phrase on the lines that hold it. Lines are
not chained, so a broad line ("pmld = … | learning disability") does not pull in its neighbours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nlp import vocab

MIN_PART = 3


@dataclass(frozen=True)
class _Table:
    lines: tuple[tuple[str, ...], ...]
    multiword: frozenset[str]
    longest: int
    single_words: frozenset[str]


_built: dict[int, _Table] = {}


def _table() -> _Table:
    """The synonym lines, indexed once per loaded file (``vocab.synonyms`` is cached until cleared)."""
    source = vocab.synonyms()
    built = _built.get(id(source))
    if built is None:
        lines = tuple((term, *expansions) for term, expansions in source.items())
        multiword = frozenset(p for line in lines for p in line if " " in p)
        built = _Table(
            lines,
            multiword,
            max((len(p.split()) for p in multiword), default=0),
            frozenset(w for line in lines for phrase in line for w in phrase.split()),
        )
        _built.clear()
        _built[id(source)] = built
    return built


def alternatives(phrase: str) -> tuple[str, ...]:
    """Every phrase that shares a synonym line with this one, in file order."""
    found: dict[str, None] = {}
    for line in _table().lines:
        if phrase in line:
            found.update(dict.fromkeys(line))
    found.pop(phrase, None)
    return tuple(found)


def longest_phrase_at(tokens: list[str], start: int) -> str | None:
    """The longest synonym phrase of two or more words that begins at ``tokens[start]``."""
    table = _table()
    for size in range(min(table.longest, len(tokens) - start), 1, -1):
        candidate = " ".join(tokens[start : start + size])
        if candidate in table.multiword:
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
    return _table().single_words
