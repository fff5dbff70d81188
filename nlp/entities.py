"""Pull the facts a parent gives in one chat message: the child's age, their need,
where they live (area or postcode), what kind of service they want and when.

``extract("my son is 7 and autistic, we live in Nuneaton")`` returns
``{"age": 7, "need": "ASD", "area": "nuneaton-and-bedworth", "service_type": None, "when": [],
"postcode": None, ...}``.
Needs, areas and service types come from the council's vocabulary files (``nlp.vocab``),
matched on words and lemmas, with misspellings forgiven only for rare words (see
``nlp.textnorm.SpellingCorrector``). Ages come from ``nlp.ages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from nlp.ages import find_age
from nlp.postcodes import find_postcode
from nlp.textnorm import SpellingCorrector, Token, is_common_word, normalise_word, tokenize
from nlp.vocab import districts, need_categories, service_categories
from nlp.when import WHEN_VALUES, when_spans

# Aliases that, as free text, are far more often ordinary English than a need:
# "not sure what to do", "my other son", "talking to someone".
_IGNORED_NEED_ALIASES = {"other", "not sure", "talking"}
# Only a need when written in capitals ("ADD", "HI"), never "add" or "hi there".
_CAPITALS_ONLY = {"add", "odd", "hi", "cp"}
# Words that are a need only next to a word that makes them one ("communication
# difficulties", "his behaviour"), not in "poor communication from the school".
_WEAK_NEED_ALIASES = {
    "communication",
    "emotional",
    "language",
    "physical",
    "behaviour",
    "behavior",
    "behavioural",
    "behavioral",
    "sight",
    "vision",
    "visual",
    "mobility",
    "wellbeing",
    "attachment",
    "trauma",
    "hearing",
}
_NEED_CONTEXT_AFTER = {
    "need",
    "needs",
    "difficulty",
    "difficulties",
    "problem",
    "problems",
    "issue",
    "issues",
    "delay",
    "delayed",
    "disorder",
    "impairment",
    "impaired",
    "loss",
    "condition",
    "disability",
    "disabilities",
    "support",
    "therapy",
    "therapist",
    "aid",
    "aids",
    "test",
    "clinic",
}
_NEED_CONTEXT_BEFORE = {"his", "her", "their", "my", "has", "have", "with"}
# Ways parents name needs that the shipped vocabulary lacks; the data file wins where they overlap.
_EXTRA_NEED_ALIASES = {
    "VI": ("visually impaired", "partially blind", "sight impaired"),
    "HI": ("hearing impaired", "sign language", "partially deaf"),
    "SLCN": ("makaton", "speech and language difficulties", "speech problems", "not talking", "isnt talking"),
    "SPLD": ("dyscalculic",),
    "PD": ("physically disabled", "cp"),
    "LD": ("learning disabled",),
}
# "the tribunal hearing" is about an appeal, not ears.
_NOT_AFTER = {"hearing": {"the", "a", "tribunal", "appeal", "court", "panel", "final", "next", "our", "first"}}
# Feelings a parent says of themselves ("I'm so anxious about the move", "my anxiety"): not the child's need.
_SELF_FEELINGS = {"anxious", "anxiety", "depression", "depressed", "low mood", "mental health", "panic attacks"}
_SELF_WORDS = {"i", "im", "ive", "me", "we", "were", "myself", "am"}
# Idioms: "it fell on deaf ears", "turned a blind eye", "in a blind panic".
_NOT_BEFORE = {"deaf": {"ears", "ear"}, "blind": {"eye", "eyes", "panic", "spot", "date", "faith"}}

# Service aliases that mislead as free text ("education health and care plan", "I don't care").
_IGNORED_SERVICE_ALIASES = {"care"}
# Generic words that name a service type only when nothing more specific was said.
# "after school", "off school": when, not what.
_WEAK_SERVICE_BLOCKERS = {"after", "off", "before"}
_WEAK_SERVICE_ALIASES = {
    "school",
    "schools",
    "therapy",
    "play",
    "break",
    "physical",
    "communication",
    "emotional",
    "hearing",
    "vision",
    "college",
    "care",
}
# Phrases parents use that the shipped vocabulary lacks; the data files win where they overlap.
_EXTRA_SERVICE_ALIASES = {
    "speech-language-and-communication-needs": (
        "speech therapy",
        "speech therapist",
        "slt",
        "speech and language therapy",
        "makaton",
    ),
    "breaks-and-respite": ("short break", "overnight respite", "respite care", "sitter"),
    "leisure": (
        "after school club",
        "summer scheme",
        "playscheme",
        "play scheme",
        "holiday clubs",
        "holiday scheme",
        "swimming lessons",
        "youth group",
    ),
    "health": ("occupational therapy", "ot", "physio", "physiotherapy", "camhs appointment", "dentist", "gp"),
    "groups-for-parents-and-carers": ("parent support group", "support for parents", "parent carer group"),
    "social-care": ("social care", "social services", "carers assessment", "direct payments"),
    "advice-and-advocacy": ("sendiass", "send advice", "advocate"),
    "early-years-support": ("childminder",),
}
# Phrases that contain a service word but are not a request for that service; they are
# matched (longest phrase wins) and then dropped, so "education" in an EHC plan is ignored.
_NOT_A_SERVICE = "-"
_NOT_SERVICE_PHRASES = (
    "education health and care",
    "education health care",
    "education and health care",
    "health and care plan",
    "care plan",
)
_EXTRA_AREA_ALIASES = {"warwick": ("leamington spa", "leam spa", "royal leamington")}

# Area names that are also ordinary words: "he plays rugby" is a sport, "we live in rugby" a town.
_LOCATIVE = {"in", "near", "around", "from", "at", "to", "live", "based", "outside", "nr", "round"}
_SPORT_WORDS = {
    "play",
    "plays",
    "playing",
    "played",
    "club",
    "match",
    "team",
    "training",
    "ball",
    "pitch",
    "league",
    "union",
    "player",
    "players",
    "coach",
    "tag",
    "game",
    "games",
    "sport",
    "sports",
    "practice",
    "kit",
    "scrum",
    "tackle",
    "cup",
    "world",
    "loves",
    "love",
    "watch",
    "watching",
}


@dataclass(frozen=True)
class _Match:
    code: str
    alias: str
    first: int  # token index of the first matched token
    last: int  # token index after the last matched token
    fuzzy: bool


class PhraseMatcher:
    """Finds vocabulary phrases in token lists: exact words, lemmas, or forgiven misspellings."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for alias, code in entries:
            words = tuple(t.norm for t in tokenize(alias))
            if words:
                self.by_first.setdefault(words[0], []).append((words, code, alias.lower()))
        for options in self.by_first.values():
            options.sort(key=lambda item: -len(item[0]))  # longest phrase wins
        vocabulary = {word for options in self.by_first.values() for words, _, _ in options for word in words}
        self.corrector = SpellingCorrector(vocabulary)

    def _forms(self, token: Token) -> tuple[set[str], bool]:
        forms = {token.norm, token.lemma}
        if token.text[-2:].lower() in {"'s", "’s"}:  # "his ADHD's got worse": the word without its 's
            forms.add(token.norm[:-1])
        if any(self.corrector.knows(form) for form in forms):
            return forms, False
        corrected = self.corrector.correct(token.norm)
        return (forms | {corrected}, True) if corrected else (forms, False)

    def find(self, tokens: list[Token]) -> list[_Match]:
        forms = [self._forms(token) for token in tokens]
        matches: list[_Match] = []
        i = 0
        while i < len(tokens):
            match = self._match_at(i, forms)
            if match:
                matches.append(match)
                i = match.last
            else:
                i += 1
        return matches

    def _match_at(self, i: int, forms: list[tuple[set[str], bool]]) -> _Match | None:
        for first in forms[i][0]:
            for words, code, alias in self.by_first.get(first, ()):
                end = i + len(words)
                if end <= len(forms) and all(words[k] in forms[i + k][0] for k in range(len(words))):
                    fuzzy = any(forms[i + k][1] for k in range(len(words)))
                    return _Match(code, alias, i, end, fuzzy)
        return None


@lru_cache(maxsize=1)
def _need_matcher() -> PhraseMatcher:
    entries = [
        (alias, need.code)
        for need in need_categories()
        for alias in (*need.aliases, need.label, *_EXTRA_NEED_ALIASES.get(need.code, ()))
        if normalise_word(alias) not in _IGNORED_NEED_ALIASES
    ]
    return PhraseMatcher(entries)


@lru_cache(maxsize=1)
def _area_matcher() -> PhraseMatcher:
    entries = []
    for district in districts():
        names = (district.name, *district.towns, *district.aliases, *_EXTRA_AREA_ALIASES.get(district.code, ()))
        entries.extend((name, district.code) for name in names)
    return PhraseMatcher(entries)


@lru_cache(maxsize=1)
def _service_matcher() -> PhraseMatcher:
    known = {category.id for category in service_categories()}
    entries = []
    for category in service_categories():
        aliases = (category.label, *category.aliases, *_EXTRA_SERVICE_ALIASES.get(category.id, ()))
        entries.extend((alias, category.id) for alias in aliases if alias.lower() not in _IGNORED_SERVICE_ALIASES)
    entries = [(alias, code) for alias, code in entries if code in known]
    return PhraseMatcher(entries + [(phrase, _NOT_A_SERVICE) for phrase in _NOT_SERVICE_PHRASES])


@lru_cache(maxsize=1)
def _need_alias_words() -> frozenset[str]:
    return frozenset(normalise_word(a) for need in need_categories() for a in need.aliases)


def _accept_need(match: _Match, tokens: list[Token], text: str) -> bool:
    alias = match.alias
    token = tokens[match.first]
    if alias in _CAPITALS_ONLY:
        # "HI" opening a message is a greeting, whatever the case.
        return token.text.isupper() and not text.isupper() and not (alias == "hi" and match.first == 0)
    before = tokens[match.first - 1].norm if match.first > 0 else ""
    after_word = tokens[match.last].norm if match.last < len(tokens) else ""
    if before in _NOT_AFTER.get(alias, ()) or after_word in _NOT_BEFORE.get(alias, ()):
        return False
    if alias in _SELF_FEELINGS and _said_of_oneself(tokens, match.first):
        return False
    if alias in _WEAK_NEED_ALIASES:
        after = tokens[match.last].norm if match.last < len(tokens) else ""
        return after in _NEED_CONTEXT_AFTER or before in _NEED_CONTEXT_BEFORE
    return True


def _said_of_oneself(tokens: list[Token], first: int) -> bool:
    before = [t.norm for t in tokens[max(0, first - 3) : first]]
    return bool(set(before) & _SELF_WORDS) or (bool(before) and before[-1] == "my")


def _accept_area(match: _Match, tokens: list[Token]) -> bool:
    words = match.alias.split()
    if len(words) > 1 or not is_common_word(words[0]):
        return True
    before = tokens[match.first - 1].norm if match.first > 0 else ""
    if before in _LOCATIVE:
        return True
    nearby = {t.norm for t in tokens[max(0, match.first - 2) : match.last + 2]}
    return not (nearby & _SPORT_WORDS)


def _span(entity: str, match: _Match, tokens: list[Token], text: str) -> dict:
    start, end = tokens[match.first].start, tokens[match.last - 1].end
    method = "fuzzy" if match.fuzzy else "exact"
    return {
        "entity": entity,
        "value": match.code,
        "start": start,
        "end": end,
        "text": text[start:end],
        "method": method,
    }


def _unique(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _services(tokens: list[Token], text: str, need_spans: list[dict]) -> list[dict]:
    """Service-type spans, the specific ones first; a word that only restates the need
    ("autism" in "my son has autism") is the need, not a request for a service type."""
    need_words = _need_alias_words()
    need_ranges = {(s["start"], s["end"]) for s in need_spans}
    need_named = _need_named_categories()
    strong, weak = [], []
    for match in _service_matcher().find(tokens):
        if match.code == _NOT_A_SERVICE:
            continue
        span = _span("service_type", match, tokens, text)
        restates_need = match.alias in need_words or (span["start"], span["end"]) in need_ranges
        if restates_need and match.code in need_named:
            continue
        if match.alias not in _WEAK_SERVICE_ALIASES:
            strong.append(span)
        elif match.first == 0 or tokens[match.first - 1].norm not in _WEAK_SERVICE_BLOCKERS:
            weak.append(span)
    return strong or weak


@lru_cache(maxsize=1)
def _need_named_categories() -> frozenset[str]:
    """Service categories named after a need (the DfE SEND group), as opposed to general ones."""
    return frozenset(category.id for category in service_categories() if category.group == "send")


def extract(text: str) -> dict:
    """The age, need(s), area(s), service type(s), when and postcode in ``text``, with their spans."""
    text = text if isinstance(text, str) else str(text)
    tokens = tokenize(text)
    need_spans = [_span("need", m, tokens, text) for m in _need_matcher().find(tokens) if _accept_need(m, tokens, text)]
    area_spans = [_span("area", m, tokens, text) for m in _area_matcher().find(tokens) if _accept_area(m, tokens)]
    service_spans = _services(tokens, text, need_spans)
    age, age_span = find_age(text)
    postcode, postcode_span = find_postcode(text)
    time_spans = when_spans(text)
    spans = need_spans + area_spans + service_spans + time_spans
    spans += [span for span in (age_span, postcode_span) if span]
    needs = _unique(s["value"] for s in need_spans)
    areas = _unique(s["value"] for s in area_spans)
    services = _unique(s["value"] for s in service_spans)
    return {
        "age": age,
        "need": needs[0] if needs else None,
        "needs": needs,
        "area": areas[0] if areas else None,
        "areas": areas,
        "service_type": services[0] if services else None,
        "service_types": services,
        "when": [value for value in WHEN_VALUES if any(s["value"] == value for s in time_spans)],
        "postcode": postcode,
        "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
    }
