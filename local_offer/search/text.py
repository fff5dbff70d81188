"""Turning text into search words, and queries into groups of alternatives."""

from __future__ import annotations

import re
import unicodedata

from nlp import vocab

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that carry no meaning in a directory search; dropping them lets "help for autism in rugby" match.
STOP_WORDS = frozenset(
    "a an and any are as at be by can do for from get go has have help i if in into is it me my near of on "
    "or our please service services some support that the their there these they this to we what where "
    "which who with you your child children son daughter kid kids year years old".split()
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    return [w.replace("'", "") for w in WORD.findall(normalise(text))]


def query_words(text: str) -> list[str]:
    """Meaningful words of a query, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word not in STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def synonym_phrases(term: str) -> tuple[str, ...]:
    """Phrases a term stands for, and the abbreviations that stand for it ("asd" <-> "autism")."""
    table = vocab.synonyms()
    found = list(table.get(term, ()))
    found += [abbreviation for abbreviation, expansions in table.items() if term in expansions]
    return tuple(dict.fromkeys(p for p in found if p != term))


def multiword_synonyms(text: str) -> list[str]:
    """Multi-word synonym keys present in the query ("speech therapy", "short breaks")."""
    normal = " ".join(words(text))
    return [key for key in vocab.synonyms() if " " in key and re.search(rf"\b{re.escape(key)}\b", normal)]
