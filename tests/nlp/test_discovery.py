"""Theme discovery: the guarantees hold, planted themes are found and named in the answers' words,
and candidates can be merged, split and renamed."""

from __future__ import annotations

import random

import pytest

from nlp.discovery import discover_themes, min_cover, to_codebook
from nlp.discovery_edit import merge_themes, rename_theme, split_theme
from nlp.phrases import generic_words
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
        assert len(theme.representative) >= 3
        assert all(ex.strip() in {t.strip() for t in texts} for ex in theme.examples + theme.representative)
        assert theme.share == pytest.approx(len(answers) / len(texts), abs=1e-4)
    parents = {t.parent for t in themes}
    sets = [set(t.answers) for t in themes if t.name not in parents]
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
    keywords = {t["id"]: t["keywords"] + t["phrases"] for t in codebook["themes"]}
    assert found and "taxi" in keywords[found[0][0]]


def test_names_are_surface_phrases_not_generic_words():
    texts = _answers()
    names = {t.name for t in discover_themes(texts)}
    assert {"Speech therapy", "Annual review", "Teaching assistant"} <= names
    generic = generic_words()
    assert not any(name.lower() in generic for name in names)
    assert "Honestly" not in names and not any("Be " in n for n in names)


def test_generic_words_never_name_a_theme():
    rng = random.Random(3)
    fillers = ["honestly i think we need to get more time", "i want good things to take less time"]
    topics = ["the school bus is late", "the respite centre closed", "the sensory room is wonderful"]
    texts = [f"{rng.choice(fillers)} because {rng.choice(topics)}" for _ in range(300)]
    themes = discover_themes(texts)
    assert themes
    for theme in themes:
        assert not all(word in generic_words() for word in theme.name.lower().replace(",", "").split())


def test_rename_merge_split_are_pure_and_keep_answers():
    texts = _answers()
    themes = discover_themes(texts)
    first, second = themes[0].name, themes[1].name
    renamed = rename_theme(themes, first, "Getting to school")
    assert renamed[0].name == "Getting to school" and themes[0].name == first
    with pytest.raises(ValueError):
        rename_theme(themes, first, second)
    merged = merge_themes(themes, [first, second], texts, new_name="Both")
    assert len(merged) == len(themes) - 1 and merged[0].name == "Both"
    assert set(merged[0].answers) == set(themes[0].answers) | set(themes[1].answers)
    assert merged[0].count == len(merged[0].answers) and len(merged[0].representative) >= 3
    split = split_theme(merged, "Both", texts)
    assert len(split) == len(themes) and len({t.name for t in split}) == len(split)
    assert set(split[0].answers) | set(split[1].answers) == set(merged[0].answers)
    assert {t.name for t in themes} == {t.name for t in discover_themes(texts)}  # inputs untouched
    with pytest.raises(KeyError):
        rename_theme(themes, "No such theme", "x")
