"""Remove personal details from free text before it is quoted, published or exported.

``redact(text)`` returns the text with each detail replaced by ``[email]``, ``[phone]``,
``[postcode]``, ``[nhs number]``, ``[name]``, ``[address]`` or ``[school]``, and the spans it replaced
as ``Redaction(type, start, end, original)`` in the coordinates of the original text. House-number
addresses and school and setting names are found by ``nlp.redact_places``.

Names are found by context ("my son Jack", "my daughter's name is Amelia", "Mrs Patel",
"Dr. Smith", "called Ellie", "Thanks, Sarah", "Jack and Amelia") and by a curated list of
common UK first names (``data/first_names.txt``). Listed names that are also ordinary words
("Will", "May", "Grace") count only in a name context, and the place names of the gazetteer
never count. Titles (Mrs, Dr) are kept: the name after them is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.redact_places import addresses, settings
from nlp.vocab import districts

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Redaction:
    type: str
    start: int
    end: int
    original: str


EMAIL = re.compile(r"[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A run that may be a phone or NHS number: digits with spaces, dashes, dots or brackets between.
NUMBER_RUN = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|0044\s?)?\(?\d[\d\s().-]{7,16}\d(?!\w)")
POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})\b")
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sister|Nurse)"
_CAP = r"[A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z][a-z]+)?"  # one capitalised word: Jo, O'Brien, Smith-Jones
_RELATION = (
    r"(?:son|daughter|child|boy|girl|grandson|granddaughter|brother|sister|twins?|husband|wife|partner"
    r"|niece|nephew|stepson|stepdaughter|foster child|kid|teenager|toddler|baby|sen[cd]o|key ?worker"
    r"|social worker|case ?worker|teacher|TA|support worker|caseworker|paediatrician|consultant)"
)
CONTEXT_PATTERNS = [
    re.compile(rf"\b{_TITLE}\.? (?P<name>{_CAP}(?: {_CAP})?)"),
    re.compile(rf"(?i:\b(?:my|our|his|her|their)(?: \w+)? {_RELATION})(?:,| is| was)? (?P<name>{_CAP})\b"),
    re.compile(rf"(?i:\b{_RELATION}(?:'s|’s) name is) (?P<name>{_CAP}(?: {_CAP})?)"),
    re.compile(rf"(?i:\b(?:called|named|name is|name's|i am|i'm)) (?P<name>{_CAP}(?: {_CAP})?)"),
    re.compile(rf"(?i:\b(?:call|ask for|speak to|talk to|contact)) (?P<name>{_CAP})(?= on| at| via|,)"),
    re.compile(
        rf"(?:^|[.!?]\s+|\n)(?i:thanks|thank you|regards|kind regards|best wishes|many thanks|cheers|from|"
        rf"love)[,!.]?\s+(?P<name>{_CAP}(?: {_CAP})?)\W*$"
    ),
    re.compile(rf"(?m:(?:^|\n)\s*[-–—]\s*)(?P<name>{_CAP}(?: {_CAP})?)\s*$"),
]
AND_NAMES = re.compile(rf"\b(?P<a>{_CAP}) (?:and|&) (?P<b>{_CAP})\b")
INSTITUTION = re.compile(r"'?s? (?:School|Hospital|Academy|College|Centre|Center|Primary|House|Road|Street|Ward)\b")
CAP_WORD = re.compile(rf"\b{_CAP}\b")
# Listed names that are everyday words too: only a name context makes them names.
AMBIGUOUS = {
    "will", "may", "grace", "hope", "joy", "faith", "bill", "rose", "mark", "summer", "autumn", "dawn",
    "amber", "ruby", "sky", "robin", "holly", "ivy", "hazel", "jade", "rowan", "willow", "max", "jack",
    "pat", "sue", "carol", "penny", "heather", "june", "april", "august", "patience", "precious",
    "blessing", "paris", "jordan", "chase", "frank", "guy", "sam", "kai", "lee", "jan", "ken", "kim",
    "eden", "poppy", "daisy", "lily", "lilly", "victoria", "florence", "chelsea", "austin", "dean",
    "ray", "rich", "art", "don", "sunny", "star", "angel", "reece", "ali", "nina", "lola", "mia",
    "teddy", "brooke", "harley", "casey", "riley", "ellis", "marley", "oakley", "sandy",
}  # fmt: skip
NOT_SURNAMES = {
    "And", "The", "But", "He", "She", "They", "It", "We", "I", "Is", "Was", "Has", "Had", "At", "Mr", "Mrs",
    "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sister", "Nurse", "School", "College", "Academy",
    "Primary", "Hospital", "Centre", "Road", "Street", "Lane", "Council", "Trust", "Ward", "Team",
}  # fmt: skip
PLACEHOLDER = {
    "email": "[email]",
    "phone": "[phone]",
    "postcode": "[postcode]",
    "nhs": "[nhs number]",
    "name": "[name]",
    "address": "[address]",
    "school": "[school]",
}


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    lines = (DATA / "first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Words of the gazetteer's districts and towns: 'Warwick' is a place before it is a name."""
    words: set[str] = set()
    for district in districts():
        for place in (district.name, *district.towns, *district.aliases):
            words.update(w.lower() for w in re.split(r"[\s-]+", place) if w)
    return frozenset(words)


def is_valid_nhs_number(digits: str) -> bool:
    """Modulus 11 check: weights 10..2 on the first nine digits; 10 means no valid number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _is_uk_phone(run: str) -> bool:
    digits = re.sub(r"\D", "", run)
    if run.lstrip().startswith("+") or digits.startswith("0044"):
        digits = "0" + digits[4:] if digits.startswith("0044") else "0" + digits[2:]
        digits = digits.replace("00", "0", 1) if digits.startswith("00") else digits
    if not digits.startswith("0"):
        return False
    # Mobiles 07 and geographic/non-geographic 01/02/03 have 11 digits; a few old 01 areas have 10.
    if digits[1] == "8":  # freephone and shared-cost 08 numbers: 0800 has 10 or 11 digits
        return len(digits) in (10, 11)
    return digits[1] in "1237" and (len(digits) == 11 or (digits[1] == "1" and len(digits) == 10))


def _numbers(text: str) -> list[Redaction]:
    found = []
    for match in NUMBER_RUN.finditer(text):
        run = match.group().rstrip(" .-(")
        start = match.start()
        if run.startswith("(") and ")" not in run:
            run, start = run[1:], start + 1
        digits = re.sub(r"\D", "", run)
        if re.fullmatch(r"\d{3}[ -]?\d{3}[ -]?\d{4}", run) and is_valid_nhs_number(digits):
            found.append(Redaction("nhs", start, start + len(run), run))
        elif _is_uk_phone(run):
            found.append(Redaction("phone", start, start + len(run), run))
    return found


def _name_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in CONTEXT_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("name")
            words = text[start:end].split(" ")
            if words[0].lower() in place_words() or words[0] in NOT_SURNAMES:
                continue
            if len(words) > 1 and (words[1] in NOT_SURNAMES or words[1].lower() in place_words()):
                end = start + len(words[0])
            spans.append((start, end))
    names = first_names()
    for match in CAP_WORD.finditer(text):
        word = match.group().lower()
        if word in names and word not in AMBIGUOUS and word not in place_words():
            start, end = _with_surname(text, match.start(), match.end())
            if not INSTITUTION.match(text, end):  # "George Eliot Hospital" is a place
                spans.append((start, end))
    return _and_names(text, spans)


def _with_surname(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend 'Sarah' to 'Sarah Jones' when a capitalised non-name word follows mid-sentence."""
    follow = re.match(rf" ({_CAP})\b", text[end:])
    if follow and follow.group(1) not in NOT_SURNAMES and follow.group(1).lower() not in place_words():
        if follow.group(1).lower() not in first_names():
            return start, end + follow.end()
    return start, end


def _and_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Jack and Amelia': once one side is a name the other, capitalised, is one too."""
    starts = {s for s, _ in spans}
    for match in AND_NAMES.finditer(text):
        a, b = match.span("a"), match.span("b")
        words = (match.group("a").lower(), match.group("b").lower())
        if any(w in place_words() for w in words) or match.group("b") in NOT_SURNAMES:
            continue
        if a[0] in starts and b[0] not in starts:
            spans.append(b)
        elif b[0] in starts and a[0] not in starts and match.group("a") not in NOT_SURNAMES:
            spans.append(a)
    return spans


def _merge(found: list[Redaction]) -> list[Redaction]:
    """Keep the earliest, then longest, of overlapping finds."""
    out: list[Redaction] = []
    for item in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if out and item.start < out[-1].end:
            continue
        out.append(item)
    return out


def find(text: str) -> list[Redaction]:
    """Every personal detail in ``text``, in order, without overlaps."""
    found = [Redaction("email", m.start(), m.end(), m.group()) for m in EMAIL.finditer(text)]
    found += _numbers(text)
    found += [Redaction("postcode", m.start(), m.end(), m.group()) for m in POSTCODE.finditer(text)]
    found += [Redaction("address", s, e, text[s:e]) for s, e in addresses(text)]
    found += [Redaction("school", s, e, text[s:e]) for s, e in settings(text)]
    found += [Redaction("name", s, e, text[s:e]) for s, e in _name_spans(text)]
    return _merge(found)


def redact(text: str) -> tuple[str, list[Redaction]]:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    spans = find(text)
    parts, last = [], 0
    for span in spans:
        parts.append(text[last : span.start])
        parts.append(PLACEHOLDER[span.type])
        last = span.end
    parts.append(text[last:])
    return "".join(parts), spans
