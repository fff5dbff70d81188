"""Spot messages that say a child, young person or adult may be at risk, at two levels:
``emergency`` (act now) and ``concern`` (someone may be at risk: answer the question and show the
route), in the categories of Working Together to Safeguarding Children (2023).

``assess(text)`` combines two halves. Phrase rules (``nlp.safeguarding_rules``) catch the clear,
explainable cases and name the words that fired them; the text is normalised first (case,
apostrophes, stretched letters, digits used as letters, text-speak, misspellings of the key words),
a few idioms are blanked ("dying to know"), and a few rules give way to a negation ("he has never
hit me"). A statistical model (``nlp.safeguarding_model``) trained on a broad labelled set catches
paraphrases, third-person worries and indicators described rather than named. The level is the
higher of the two; the category comes from the rule when one names it, otherwise from the model.
Missing a real disclosure is far worse than a false alarm, so the thresholds lean towards flagging.

``detect(text)`` is the older yes/no view of the same assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp.safeguarding_categories import CATEGORIES, CATEGORY_LABELS, LEVELS  # noqa: F401  (part of this API)
from nlp.safeguarding_model import ModelScore, trained_model
from nlp.safeguarding_rules import (
    GROUP_PRIORITY,
    IDIOMS,
    KEYWORDS,
    NEGATIONS,
    REPLACEMENTS,
    RULES,
    URGENCY,
    Rule,
)
from nlp.textnorm import SpellingCorrector, lemma, tokenize

# Model thresholds, chosen by 5-fold cross-validation grouped by wording family on the training file
# only (tests/benchmarks/notes/safeguarding.md), leaning towards recall.
CONCERN_THRESHOLD = 0.3
EMERGENCY_THRESHOLD = 0.4
MAX_CHARS = 20_000  # a disclosure in a long paste is still found; beyond this, cost is capped
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


@dataclass(frozen=True)
class Assessment:
    """What a message says about risk. ``level`` is None for an ordinary message."""

    level: str | None
    category: str | None
    evidence: str  # the words that show it, as written
    score: float  # the model's probability of risk (1.0 when a rule names an emergency)
    rule: str | None = None  # the phrase rule that fired, if any

    @property
    def is_emergency(self) -> bool:
        return self.level == "emergency"

    def __bool__(self) -> bool:
        return self.level is not None


NO_ASSESSMENT = Assessment(None, None, "", 0.0)


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


@lru_cache(maxsize=50_000)
def _fix_word(word: str) -> tuple[str, ...]:
    """One token as the words it stands for: ``"kms"`` -> ``["kill", "myself"]``."""
    if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        word = word.translate(_LEET)
    if word in REPLACEMENTS:
        return tuple(REPLACEMENTS[word].split())
    corrected = _corrector().correct(word)
    return (corrected,) if corrected else (word,)


@lru_cache(maxsize=512)
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
    return text[words.starts[first] : words.ends[last]]


@dataclass(frozen=True)
class _RuleHit:
    rule: Rule
    evidence: str
    urgent: bool


def _rule_hit(text: str) -> _RuleHit | None:
    """The most urgent phrase rule that fires on ``text``, with the words that fired it."""
    words = _words(text)
    if not words.surface:
        return None
    sentences = {"surface": _blank_idioms(words.text("surface")), "lemma": _blank_idioms(words.text("lemma"))}
    hits = []
    for rule in RULES:
        found = _first_hit(rule, sentences)
        if found:
            urgency = 0 if rule.outcome[1] == "emergency" else 1
            hits.append(((urgency, GROUP_PRIORITY.index(rule.group)), rule, found))
    if not hits:
        return None
    _, rule, (first, last) = min(hits, key=lambda hit: hit[0])
    return _RuleHit(rule, _evidence(text, words, first, last), bool(URGENCY.search(sentences["surface"])))


def normalised_words(text: str) -> str:
    """The message as the rules read it: normalised words joined by spaces (the model's word features)."""
    return _words(text).text("surface")


def _model_score(text: str) -> ModelScore:
    return trained_model(normalised_words).score(text)


def _model_level(score: ModelScore) -> str | None:
    if score.emergency >= EMERGENCY_THRESHOLD and score.risk >= CONCERN_THRESHOLD:
        return "emergency"
    return "concern" if score.risk >= CONCERN_THRESHOLD else None


def _higher(*levels: str | None) -> str | None:
    present = [level for level in levels if level]
    return min(present, key=LEVELS.index) if present else None


def assess(text: str) -> Assessment:
    """How much ``text`` suggests someone is at risk, which kind of risk, and the words that show it."""
    if not isinstance(text, str):
        text = str(text)
    text = text[:MAX_CHARS]
    if not text.strip():
        return NO_ASSESSMENT
    hit = _rule_hit(text)
    score = _model_score(text)
    rule_category, rule_level = hit.rule.outcome if hit else (None, None)
    if hit and hit.urgent:
        rule_level = "emergency"  # a threat happening now needs the emergency answer
    level = _higher(rule_level, _model_level(score))
    if level is None:
        return NO_ASSESSMENT
    category = rule_category or score.category
    evidence = hit.evidence if hit else _model_evidence(text, score)
    return Assessment(
        level, category, evidence, 1.0 if rule_level == "emergency" else score.risk, hit.rule.name if hit else None
    )


def _model_evidence(text: str, score: ModelScore) -> str:
    """The model's strongest words, as they appear in the message where they can be found."""
    lowered = text.lower()
    shown = []
    for term in score.evidence:
        at = lowered.find(term)
        shown.append(text[at : at + len(term)] if at >= 0 else term)
    return " … ".join(shown)


def detect(text: str) -> SafeguardingResult:
    """Whether ``text`` suggests risk of harm at any level, which kind, and the words that show it."""
    found = assess(text)
    if not found:
        return NO_RISK
    return SafeguardingResult(True, found.category, found.evidence, found.rule)
