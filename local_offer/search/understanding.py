"""Reading a parent's words: spelling first, then phrases, compounds and synonyms.

A query becomes groups of alternatives (one group per idea, any phrase of a group may match).
Only a word that is neither in the index, nor in the synonym file, nor a common English word,
nor two such words run together, is corrected, so "adhd teenager" keeps "teenager".
"""

from __future__ import annotations

from dataclasses import dataclass

from local_offer.search import spelling
from local_offer.search.english import is_english_word
from local_offer.search.phrases import alternatives, longest_phrase_at, split_compound, synonym_words
from local_offer.search.text import STOP_WORDS, words

MIN_JOINED = 6


@dataclass
class Understood:
    groups: list[list[str]]
    corrections: dict[str, str]
    unknown: list[str]
    # The query's words after corrections, stop words kept: what a service's name is compared with.
    tokens: list[str]


def _is_word(word: str) -> bool:
    return spelling.known(word) or is_english_word(word)


def _needs_correcting(word: str) -> bool:
    return not (word in STOP_WORDS or word.isdigit() or _is_word(word) or word in synonym_words())


def _corrected(tokens: list[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """A close indexed word wins over reading a word as two run together ("respit" is "respite")."""
    fixed_tokens, corrections, unknown = [], {}, []
    for word in tokens:
        if _needs_correcting(word):
            fixed = spelling.correct(word)
            if fixed and fixed != word:
                corrections[word] = fixed
                word = fixed
            elif not fixed and split_compound(word, _is_word) is None:
                unknown.append(word)
        fixed_tokens.append(word)
    return fixed_tokens, corrections, unknown


def _joined_pair(tokens: list[str], start: int) -> str | None:
    """Two words that are one word in the index ("wheel chair" as "wheelchair")."""
    if start + 1 >= len(tokens) or {tokens[start], tokens[start + 1]} & STOP_WORDS:
        return None
    joined = tokens[start] + tokens[start + 1]
    return joined if len(joined) >= MIN_JOINED and spelling.known(joined) else None


def _word_group(word: str) -> list[str]:
    group = [word, *alternatives(word)]
    if len(group) == 1 and not word.isdigit():
        split = split_compound(word, _is_word) if not is_english_word(word) else None
        if split:
            group += [split, *alternatives(split)]
    return group


def _groups(tokens: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    seen: set[str] = set()
    start = 0
    while start < len(tokens):
        phrase = longest_phrase_at(tokens, start)
        joined = None if phrase else _joined_pair(tokens, start)
        if phrase:
            group, start = [phrase, *alternatives(phrase)], start + len(phrase.split())
        elif joined:
            pair = f"{tokens[start]} {tokens[start + 1]}"
            group, start = [pair, joined, *alternatives(joined)], start + 2
        else:
            word, start = tokens[start], start + 1
            if word in STOP_WORDS:
                continue
            group = _word_group(word)
        if group[0] not in seen:
            seen.add(group[0])
            groups.append(list(dict.fromkeys(group)))
    return groups


def understand(text_query: str) -> Understood:
    tokens, corrections, unknown = _corrected(words(text_query))
    return Understood(_groups(tokens), corrections, unknown, tokens)
