"""Find a child's or young person's age (0-25, the Local Offer's range) in a chat message.

Parents write "7", "my 3yo", "aged fourteen", "2 and a half", "16 year old" or give an
English school year: reception is age 4 and year N is age N + 4 (the age the child turns
during that school year, close enough to choose services).
"""

from __future__ import annotations

import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_WORD_VALUES = {word: value for value, word in enumerate(_UNITS)}
_WORD_VALUES.update({"twenty": 20, "a": 1, "an": 1})
for _value, _word in enumerate(["one", "two", "three", "four", "five"], start=1):
    _WORD_VALUES[f"twenty {_word}"] = _WORD_VALUES[f"twenty-{_word}"] = 20 + _value

_WORDS = "|".join(sorted((w for w in _WORD_VALUES if w not in {"a", "an"}), key=len, reverse=True))
NUM = rf"(?P<n>\d{{1,2}}|{_WORDS})"
_END = r"(?![\w.]*\d)"  # not the start of a longer number such as 7.5 or 2024
MAX_AGE = 25

_HALF = re.compile(rf"\b{NUM}\s+and\s+a\s+half\b", re.I)
_YEARS_OLD = re.compile(rf"\b{NUM}\s*-?\s*(?:(?:years?|yrs?|yr)\s*-?\s*olds?|yo|y/o|y\.o\b\.?|yr\s*old)\b", re.I)
_MONTHS_OLD = re.compile(rf"\b{NUM}\s*-?\s*(?:months?|mths?)\s*-?\s*olds?\b", re.I)
# "my baby is 18 months": months said of a child, without "old".
_PERSON_MONTHS = re.compile(
    r"\b(?:baby|son|daughter|toddler|child|he|she|who|twins)(?:['’]?s)?\s+(?:is\s+|are\s+|just\s+|only\s+)?"
    rf"{NUM}\s*(?:months?|mths?)\b",
    re.I,
)
# "she's 9, not 8": an age denied is the one to ignore.
_DENIED = re.compile(r"\b(?:not|isn'?t|isnt|wasn'?t|no)\s*$", re.I)
_AGED = re.compile(rf"\b(?:aged?|ages)\s*(?:of\s*|is\s*|:\s*)?{NUM}\b{_END}", re.I)
_SCHOOL_YEAR = re.compile(rf"\b(?:year|yr|y)\s?{NUM}\b(?!\s*-?\s*(?:olds?|old\b))", re.I)
_RECEPTION = re.compile(
    r"\b(?:in|starting|start|starts|started|into|for|at)\s+reception\b|\breception\s+(?:class|year|age)\b|"
    r"^\s*reception\s*[.!]?\s*$",
    re.I,
)
# "she'll be 5 in September" is an age; "he is 1 in a million" is not.
_WHEN_IN = (
    r"jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec|the\s+(?:summer|spring|autumn|new\s+year)|"
    r"a\s+(?:few|couple|week|month)|a\s+fortnight|\d|two|three|four|six"
)
_SUBJECTS = (
    r"son|daughter|child|kid|boy|girl|grandson|granddaughter|nephew|niece|stepson|stepdaughter|"
    r"toddler|baby|brother|sister|lad|little one|youngest|eldest|oldest|he|she|who|teenager|teen|grandchild|"
    r"grandaughter|grandkid|ds|dd|dc|ds[1-4]|dd[1-4]|"
    r"young person|stepchild|"
    r"twins|triplets|kids|children|boys|girls|sons|daughters|grandchildren|grandkids|siblings|they|"
    r"i|i'?m|im"
)
_PERSON_IS = re.compile(
    rf"\b(?P<who>{_SUBJECTS})(?:['’]?s|['’]re|['’]m|['’]ll\s+be|ll\s+be)?\s+"
    r"(?:is\s+|are\s+|am\s+|was\s+|turned\s+|turns\s+|will\s+be\s+|just\s+turned\s+|"
    r"is\s+nearly\s+|is\s+almost\s+|are\s+nearly\s+|are\s+almost\s+|nearly\s+|almost\s+|now\s+|is\s+now\s+|"
    r"are\s+now\s+|are\s+both\s+|both\s+|is\s+just\s+|just\s+|(?:is\s+|are\s+)?(?:actually|really|only)\s+)?"
    rf"{NUM}\b{_END}"
    r"(?!\s*(?:%|pm|am|o'?clock|minutes?|mins?|hours?|days?|weeks?|times|kids|children|siblings|"
    rf"brothers|sisters|sessions|schools|years?\s+ago|months?|foot|feet|ft|cm|kg|stone|of\b|in\b(?!\s+(?:{_WHEN_IN}))))",
    re.I,
)
# "nearly six", "turning 5 next month": said of whoever the message is about.
_NEARLY = re.compile(
    rf"\b(?:nearly|almost|turning|just\s+turned|rising)\s+{NUM}\b{_END}"
    r"(?!\s*(?:%|pm|am|o'?clock|minutes?|mins?|hours?|days?|weeks?|months?|times|years?(?!\s*-?\s*old)))",
    re.I,
)
# "my son (7) has autism", "twins (aged 4)".
_BRACKETED = re.compile(rf"\(\s*(?:aged?\s*)?{NUM}\s*(?:y(?:ea)?rs?|yo|y/o)?\s*\)", re.I)
# Said of oneself: only the age when no one else's is given ("I'm 34 and my son is 6" → 6).
_SELF = {"i", "im", "i'm", "i’m"}
# "my son has autism and adhd, 12, lives in Rugby": a bare number between commas, only
# trusted when the message is about a child.
_LISTED_NUMBER = re.compile(rf"(?:^|[,;(])\s*{NUM}\s*(?=[,;)]|$)", re.I)
_CHILD_WORDS = re.compile(
    r"\b(?:son|daughter|child|kid|boy|girl|he|she|grandson|granddaughter|twins|kids|"
    r"children|sons|daughters|lad)\b",
    re.I,
)
# "my son is deaf and 9": a describing word, then the age.
_DESCRIBED_THEN_AGE = re.compile(
    r"\b(?:son|daughter|child|kid|boy|girl|he|she)(?:['’]?s)?\s+(?:is\s+)?[a-z]+\s+and\s+"
    rf"{NUM}\b{_END}(?!\s*(?:%|years?\s+ago|months?|kids|children|siblings|brothers|sisters|other|more|times|"
    r"hours?|days?|weeks?|sessions|schools|of\b|in\b))",
    re.I,
)
_ONLY_NUMBER = re.compile(rf"^\s*{NUM}\s*(?:years?|yrs?)?\s*[.!]?\s*$", re.I)


def _value(raw: str) -> int | None:
    raw = raw.lower().strip()
    if raw.isdigit():
        return int(raw)
    return _WORD_VALUES.get(raw.replace("  ", " "))


def _is_self(match: re.Match[str]) -> bool:
    return (match.re is _PERSON_IS) and match.group("who").lower() in _SELF


def _candidates(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, age, second choice) for every way an age is written in ``text``; second choices are
    ages said of oneself or denied ("not 8")."""
    found: list[tuple[int, int, int, bool]] = []
    for pattern, convert in (
        (_HALF, lambda n: n),
        (_YEARS_OLD, lambda n: n),
        (_MONTHS_OLD, lambda n: n // 12),
        (_PERSON_MONTHS, lambda n: n // 12),
        (_AGED, lambda n: n),
        (_SCHOOL_YEAR, lambda n: n + 4 if 1 <= n <= 14 else None),
        (_PERSON_IS, lambda n: n),
        (_DESCRIBED_THEN_AGE, lambda n: n),
        (_ONLY_NUMBER, lambda n: n),
        (_NEARLY, lambda n: n),
        (_BRACKETED, lambda n: n),
    ):
        for match in pattern.finditer(text):
            value = _value(match.group("n"))
            age = convert(value) if value is not None else None
            if age is not None and 0 <= age <= MAX_AGE:
                ignored = _is_self(match) or bool(_DENIED.search(text[max(0, match.start() - 8) : match.start()]))
                found.append((match.start(), match.end(), age, ignored))
    found.extend((m.start(), m.end(), 4, False) for m in _RECEPTION.finditer(text))
    if not found and _CHILD_WORDS.search(text):
        for match in _LISTED_NUMBER.finditer(text):
            value = _value(match.group("n"))
            if value is not None and value <= MAX_AGE:
                found.append((match.start("n"), match.end("n"), value, False))
    return found


def find_age(text: str) -> tuple[int | None, dict | None]:
    """The first age mentioned in ``text`` and the span it came from (or ``None, None``).

    An age said of oneself ("I'm 34") or denied ("not 8") counts only when no other age is given.
    """
    # The regexes are linear, but a cap keeps pathological pastes cheap.
    text = text[:5000]
    candidates = _candidates(text)
    if not candidates:
        return None, None
    start, end, age, _ = min(candidates, key=lambda c: (c[3], c[0], -(c[1] - c[0])))
    return age, {
        "entity": "age",
        "value": age,
        "start": start,
        "end": end,
        "text": text[start:end],
        "method": "pattern",
    }
