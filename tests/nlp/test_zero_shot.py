"""Zero-shot by meaning: the whole codebook counts, and confidences are probabilities."""

from __future__ import annotations

import numpy as np

from nlp.themes import ThemeCoder
from nlp.zero_shot import SemanticCodebook

CODEBOOK = {
    "name": "test",
    "themes": [
        {"id": "transport", "name": "Home to school transport", "description": "Buses, taxis and getting to school",
         "keywords": ["taxi"], "examples": ["The minibus driver changes every week"]},
        {"id": "therapy", "name": "Speech and language therapy", "description": "Therapists, speech sessions",
         "keywords": ["therapist"], "exclude_examples": ["The therapy dog visit was fun"]},
        {"id": "money", "name": "Funding", "description": "Money, budgets and cuts", "keywords": ["budget"]},
    ],
}  # fmt: skip


def test_meaning_without_a_keyword():
    sims = SemanticCodebook(CODEBOOK).similarities(["the bus to school never turns up on time"])
    assert int(np.argmax(sims[0])) == 0


def test_probabilities_sum_to_one_and_rules_count():
    semantic = SemanticCodebook(CODEBOOK)
    probs = semantic.probabilities(["council money", "his speech sessions stopped"])
    assert np.allclose(probs.sum(axis=1), 1.0)
    rules = np.array([[0.0, 0.0, 0.6]])
    assert semantic.probabilities(["x"], rules)[0].argmax() == 2


def test_exclusion_examples_count_against_a_theme():
    semantic = SemanticCodebook(CODEBOOK)
    with_exclusion = semantic.similarities(["The therapy dog visit was fun"])[0, 1]
    semantic.exclusions[1] = None
    assert semantic.similarities(["The therapy dog visit was fun"])[0, 1] > with_exclusion


def test_coder_uses_meaning_and_keeps_contract():
    coder = ThemeCoder.from_codebook(CODEBOOK)
    out = coder.predict(["The taxi is late", "Budget cuts hurt", ""])
    assert out[0][0][0] == "transport" and out[1][0][0] == "money" and out[2] == []
    for found in out:
        assert all(0.0 <= c <= 1.0 for _, c in found)
        assert [c for _, c in found] == sorted((c for _, c in found), reverse=True)
