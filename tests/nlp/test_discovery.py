"""Theme discovery: the guarantees hold, and planted themes are found."""

from __future__ import annotations

import random

from nlp.discovery import discover_themes, min_cover, to_codebook
from nlp.themes import ThemeCoder


def _answers(n: int = 600, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    topics = [
        "the school taxi is always late", "we waited two years for an autism assessment",
        "the speech therapy sessions stopped", "short breaks were cut last year",
        "the annual review was cancelled again", "nobody answers the phone at the council",
        "his teaching assistant is wonderful", "there are no youth clubs for disabled teenagers",
    ]  # fmt: skip
    extra = ["honestly", "as a mum", "to be fair", "", "and it is exhausting", "which upset him"]
    return [f"{rng.choice(topics)} {rng.choice(extra)}".strip() for _ in range(n)]


def _check_guarantees(texts, themes, max_themes=70):
    assert len(themes) <= max_themes
    sets = [set(t.answers) for t in themes]
    for theme, answers in zip(themes, sets, strict=True):
        assert theme.count == len(answers) >= min_cover(len(texts))
        assert 1 <= len(theme.examples) <= 5 and theme.keywords
        assert all(ex in texts for ex in theme.examples)
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            assert len(a & b) / min(len(a), len(b)) <= 0.7


def test_planted_themes_are_found_and_guarantees_hold():
    texts = _answers()
    themes = discover_themes(texts)
    _check_guarantees(texts, themes)
    words = {k for t in themes for k in t.keywords}
    for expected in ("taxi", "autism assessment", "speech therapy", "youth club", "phone"):
        assert any(expected in w for w in words), expected


def test_max_themes_and_small_inputs():
    texts = _answers(300, seed=1)
    assert len(discover_themes(texts, max_themes=3)) == 3
    assert discover_themes([]) == []
    assert discover_themes(["only one answer"] * 4) == []  # below the five-answer floor


def test_random_vocabulary_respects_guarantees():
    rng = random.Random(7)
    vocab = [f"word{i}" for i in range(60)]
    texts = [" ".join(rng.sample(vocab, 6)) for _ in range(2000)]
    _check_guarantees(texts, discover_themes(texts))


def test_codebook_from_candidates_codes_answers():
    texts = _answers()
    codebook = to_codebook(discover_themes(texts), name="Parents' survey")
    ids = [t["id"] for t in codebook["themes"]]
    assert codebook["name"] == "Parents' survey" and len(ids) == len(set(ids))
    coder = ThemeCoder.from_codebook(codebook)
    [found] = coder.predict(["The taxi was late again"])
    assert found and any("taxi" in theme for theme, _ in found)
