"""Spot messages that say a child, young person or parent may be at risk, so the chat can
stop and show urgent help instead of anything else.

Transparent on purpose: every decision names the rule that fired and the words that
fired it. The text is normalised first (case, apostrophes, stretched letters, digits used
as letters, text-speak, misspellings of the key words), then matched as surface words and
as lemmas against the phrase rules in ``nlp.safeguarding_rules``. A few idioms are blanked
out before matching ("dying to know", "knife and fork"), and a few rules give way to a
negation ("he has never hit me"). Missing a real disclosure is far worse than a false
alarm, so when in doubt a rule fires.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp.safeguarding_rules import (
    CATEGORY_PRIORITY,
    IDIOMS,
    KEYWORDS,
    NEGATIONS,
    REPLACEMENTS,
    RULES,
    URGENCY,
    Rule,
)
from nlp.textnorm import SpellingCorrector, lemma, tokenize

CATEGORIES = ("suicide_self_harm", "abuse_violence", "sexual_exploitation", "immediate_danger")
MAX_CHARS = 20_000  # a disclosure in a long paste is still found; beyond this, cost is capped
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


@dataclass(frozen=True)
class SafeguardingResult:
    is_risk: bool
    category: str | None
    evidence: str
    rule: str | None = None


NO_RISK = SafeguardingResult(False, None, "", None)


@dataclass(frozen=True)
class _Words:
    """The message as normalised words, each remembering where it came from."""

    surface: list[str]
    lemmas: list[str]
    starts: list[int]
    ends: list[int]

    def text(self, which: str) -> str:
        return " ".join(self.surface if which == "surface" else self.lemmas)


@lru_cache(maxsize=1)
def _corrector() -> SpellingCorrector:
    # Four letters, so "hitts" and "kils" are caught; common words are never changed.
    return SpellingCorrector(KEYWORDS, min_length=4)


def _fix_word(word: str) -> list[str]:
    """One token as the words it stands for: ``"kms"`` -> ``["kill", "myself"]``."""
    if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        word = word.translate(_LEET)
    if word in REPLACEMENTS:
        return REPLACEMENTS[word].split()
    corrected = _corrector().correct(word)
    return [corrected] if corrected else [word]


def _words(text: str) -> _Words:
    surface: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for token in tokenize(text):
        for word in _fix_word(token.norm):
            surface.append(word)
            starts.append(token.start)
            ends.append(token.end)
    return _Words(surface, [lemma(w) for w in surface], starts, ends)


def _blank_idioms(sentence: str) -> str:
    """Replace idioms by placeholders of the same word count so offsets still line up."""
    for idiom in IDIOMS:
        sentence = idiom.sub(lambda m: " ".join("_" for _ in m.group().split()), sentence)
    return sentence


def _word_index(sentence: str, char: int) -> int:
    return sentence.count(" ", 0, char)


def _negated(sentence: str, start: int, end: int) -> bool:
    """A negation inside the match or in the two words before it."""
    before = sentence[:start].split()[-2:]
    return any(word in NEGATIONS for word in before + sentence[start:end].split())


def _first_hit(rule: Rule, sentences: dict[str, str]) -> tuple[int, int] | None:
    for which in ("surface", "lemma"):
        sentence = sentences[which]
        for match in rule.pattern.finditer(sentence):
            if rule.negatable and _negated(sentence, match.start(), match.end()):
                continue
            return _word_index(sentence, match.start()), _word_index(sentence, match.end() - 1)
    return None


def _evidence(text: str, words: _Words, first: int, last: int) -> str:
    return text[words.starts[first]: words.ends[last]]


def detect(text: str) -> SafeguardingResult:
    """Whether ``text`` suggests risk of harm, which kind, and the words that show it."""
    if not isinstance(text, str):
        text = str(text)
    text = text[:MAX_CHARS]
    words = _words(text)
    if not words.surface:
        return NO_RISK
    sentences = {"surface": _blank_idioms(words.text("surface")), "lemma": _blank_idioms(words.text("lemma"))}
    hits = []
    for rule in RULES:
        found = _first_hit(rule, sentences)
        if found:
            hits.append((CATEGORY_PRIORITY.index(rule.category), rule, found))
    if not hits:
        return NO_RISK
    _, rule, (first, last) = min(hits, key=lambda hit: hit[0])
    category = rule.category
    if category in ("suicide_self_harm", "abuse_violence") and URGENCY.search(sentences["surface"]):
        category = "immediate_danger"  # a threat happening now needs the emergency answer
    return SafeguardingResult(True, category, _evidence(text, words, first, last), rule.name)
