"""Addresses and school or setting names in free text, for ``nlp.redact``.

An address is a house number and a street: "14 Acacia Avenue", "flat 2, 7 Mill Lane", "3b Church Street",
"9 oak close" (a lower-case street needs a single word before its type). A four-digit number that reads as
a year ("In 2023 Warwick Road closed") is not a house number.

A school or setting is one to five capitalised words before School, Academy, College, Nursery, Pre-School,
Playgroup or Children's Centre: "St Mary's Primary School", "Oakwood Academy", "Little Stars Nursery".
Leading words such as "The" or "Our" are not part of the name, and a name made only of words like Special,
Primary or Local ("our Special School") is a kind of school, not one school, so it is kept.
"""

from __future__ import annotations

import re

_STREET_TYPE = (
    r"(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|way|crescent|court|place|gardens|grove|terrace"
    r"|walk|row|hill|square|mews|parade|view|rise|green|park|fields|meadows?|croft|gate|vale|boulevard|wharf)"
)
_NUMBER = r"(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?"
_NAME_WORD = r"(?:St\.?|Saint|[A-Z][a-z]+(?:['’]s)?(?:-[A-Z][a-z]+)?)"
_LOWER_WORDS_NOT_STREETS = {
    "a", "an", "the", "my", "our", "his", "her", "their", "this", "that", "down", "up", "on", "in", "at", "of",
    "to", "per", "times", "days", "weeks", "hours", "minutes", "mins", "miles", "years", "months", "one", "more",
}  # fmt: skip
ADDRESS = re.compile(
    rf"\b(?:(?i:flat|apartment|apt|unit)\.? )?{_NUMBER}(?:,? {_NUMBER})?,? "
    rf"(?:(?:{_NAME_WORD} ){{1,3}}(?i:{_STREET_TYPE})|(?P<lower>[a-z]+) {_STREET_TYPE})\b"
)
SETTING = re.compile(
    rf"\b(?P<name>(?:{_NAME_WORD} ){{1,5}})"
    r"(?:School|Academy|College|Nursery|Pre-?[Ss]chool|Preschool|Playgroup|Children['’]s Centre)\b"
)
_LEADING = {
    "The", "A", "An", "My", "Our", "His", "Her", "Their", "This", "That", "At", "In", "To", "From", "And", "But",
    "He", "She", "They", "We", "I", "It", "Its", "Your", "Which", "What", "When", "Every", "Each", "Any", "No",
}  # fmt: skip
_GENERIC = {
    "Primary", "Secondary", "Infant", "Infants", "Junior", "High", "Grammar", "Special", "Mainstream", "Local",
    "Independent", "Catholic", "Church", "Community", "Free", "Day", "Sixth", "Form", "Further", "Education",
    "Specialist", "Residential", "State", "Private", "New", "Current", "Previous", "Old", "Next", "Nursery",
    "Secondary's", "Village", "Middle", "Upper", "Lower", "Boarding", "Alternative", "Provision",
}  # fmt: skip


def addresses(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in ADDRESS.finditer(text):
        if match.group("lower") and match.group("lower") in _LOWER_WORDS_NOT_STREETS:
            continue
        spans.append(match.span())
    return spans


def _name_start(text: str, match: re.Match) -> int | None:
    """Where the setting's own name begins, or None when it names a kind of school rather than one."""
    start = match.start("name")
    words = match.group("name").split()
    while words and words[0] in _LEADING:
        start = text.index(words[0], start) + len(words[0]) + 1
        words = words[1:]
    if not any(word not in _GENERIC for word in words):
        return None
    return start


def settings(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in SETTING.finditer(text):
        start = _name_start(text, match)
        if start is not None:
            spans.append((start, match.end()))
    return spans
