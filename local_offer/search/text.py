"""Turning text into search words."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that carry no meaning in a directory search; dropping them lets "help for autism in rugby" match.
STOP_WORDS = frozenset(
    "a an and any are as at be by can do for from get go has have help i if in into is it me my near of on "
    "or our please service services some support that the their there these they this to we what where "
    "which who with you your child children son daughter kid kids year years old".split()
)


def normalise(text: str) -> str:
    text = text or ""
    if text.isascii():  # most names and queries: nothing to strip (timings: tests/benchmarks/notes/search.md)
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    return [w.replace("'", "") for w in WORD.findall(normalise(text))]
