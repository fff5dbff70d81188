"""Candidate themes for a question that has no codebook yet.

Salient phrases are lemma n-grams (one to three words, no stop word at either end) that occur in
enough answers. Each is scored like a C-value: how many answers use it, favouring longer phrases,
discounted when the phrase is so common in these answers that it says nothing (the answers are
their own background: a word in most answers is the question's topic, not a theme). Phrases are
then taken best first; a phrase whose answers mostly coincide with an accepted theme's joins it
as a keyword instead of becoming a theme, which clusters phrases by co-occurrence.

Guarantees: at most ``max_themes`` (70) themes; each covers at least max(5, 0.1% of answers);
no two share more than 70% of their answers, overlap measured as |A ∩ B| / min(|A|, |B|).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from nlp.pipeline import get_nlp

MAX_THEMES = 70
MAX_OVERLAP = 0.7
MAX_SHARE = 0.4  # phrases in more answers than this are the question's topic
MAX_N = 3


@dataclass
class CandidateTheme:
    name: str
    keywords: list[str]
    examples: list[str]
    count: int
    answers: list[int] = field(default_factory=list)  # indices of the answers it covers


def min_cover(n_answers: int) -> int:
    return max(5, math.ceil(0.001 * n_answers))


def _phrases(doc) -> set[tuple[str, ...]]:
    words = [
        ((tok.lemma_ or tok.text).lower(), tok.is_stop or not tok.is_alpha or len(tok.text) < 3)
        for tok in doc
        if not (tok.is_space or tok.is_punct)
    ]
    found = set()
    for i in range(len(words)):
        for n in range(1, MAX_N + 1):
            gram = words[i : i + n]
            if len(gram) == n and not gram[0][1] and not gram[-1][1]:
                found.add(tuple(w for w, _ in gram))
    return found


def _index(texts: list[str]) -> dict[tuple[str, ...], set[int]]:
    nlp = get_nlp()
    clean = [t if isinstance(t, str) else "" for t in texts]
    index: dict[tuple[str, ...], set[int]] = {}
    for i, doc in enumerate(nlp.pipe(clean, batch_size=256)):
        for phrase in _phrases(doc):
            index.setdefault(phrase, set()).add(i)
    return index


def _ranked(index: dict[tuple[str, ...], set[int]], n: int) -> list[tuple[tuple[str, ...], set[int]]]:
    floor = min_cover(n)
    scored = []
    for phrase, answers in index.items():
        share = len(answers) / n
        if len(answers) < floor or share > MAX_SHARE:
            continue
        score = math.log2(len(phrase) + 1) * len(answers) * (1.0 - share)
        scored.append((score, phrase, answers))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(phrase, answers) for _, phrase, answers in scored]


def _overlap(a: set[int], b: set[int]) -> float:
    return len(a & b) / min(len(a), len(b))


def discover_themes(texts: list[str], max_themes: int = MAX_THEMES) -> list[CandidateTheme]:
    """Candidate themes, most widely used first (see the module docstring for the guarantees)."""
    max_themes = min(max_themes, MAX_THEMES)
    ranked = _ranked(_index(texts), len(texts))
    themes: list[tuple[list[str], set[int]]] = []
    for phrase, answers in ranked:
        words = " ".join(phrase)
        home = next((t for t in themes if _overlap(answers, t[1]) > MAX_OVERLAP), None)
        if home is not None:
            related = len(answers) >= 0.2 * len(home[1])  # a rare phrase inside a big theme says little
            if related and len(home[0]) < 8 and not any(words in k or k in words for k in home[0]):
                home[0].append(words)
            continue
        if len(themes) < max_themes:
            themes.append(([words], set(answers)))
    themes.sort(key=lambda t: -len(t[1]))
    return [_candidate(keywords, answers, texts) for keywords, answers in themes]


def _candidate(keywords: list[str], answers: set[int], texts: list[str]) -> CandidateTheme:
    ordered = sorted(answers)
    # Short-to-middling answers read best as examples; very long ones bury the phrase.
    examples = sorted((texts[i] for i in ordered), key=lambda t: (abs(len(t) - 120), t))[:5]
    name = keywords[0][:1].upper() + keywords[0][1:]
    return CandidateTheme(name, list(keywords), examples, len(answers), ordered)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"


def to_codebook(candidates: list[CandidateTheme], name: str = "Discovered themes") -> dict:
    """A codebook dict (the shape documented in ``nlp.themes``) a consultation lead can edit."""
    themes, seen = [], set()
    for candidate in candidates:
        tid, k = _slug(candidate.name), 2
        while tid in seen:
            tid, k = f"{_slug(candidate.name)}-{k}", k + 1
        seen.add(tid)
        themes.append(
            {
                "id": tid,
                "name": candidate.name,
                "description": f"Answers that mention {', '.join(candidate.keywords[:3])}.",
                "keywords": [k for k in candidate.keywords if " " not in k],
                "phrases": [k for k in candidate.keywords if " " in k],
                "examples": list(candidate.examples),
                "exclude_examples": [],
                "parent": None,
            }
        )
    return {"name": name, "themes": themes}
