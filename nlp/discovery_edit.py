"""Editing candidate themes before a lead adopts them: merge, split and rename.

Pure functions: each takes the candidate list (and the answers it was discovered from, where
answers must be re-read) and returns a new list, leaving the one it was given untouched.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nlp.discovery import KEYWORDS_PER_THEME, CandidateTheme, answer_vectors, make_candidate
from nlp.phrases import index_terms


def _find(candidates: list[CandidateTheme], name: str) -> int:
    for i, candidate in enumerate(candidates):
        if candidate.name == name:
            return i
    raise KeyError(f"no candidate theme is called {name!r}")


def rename_theme(candidates: list[CandidateTheme], name: str, new_name: str) -> list[CandidateTheme]:
    """The candidates with theme ``name`` called ``new_name`` (children follow their parent's new name)."""
    new_name = new_name.strip()
    if not new_name:
        raise ValueError("a theme needs a name")
    if new_name != name and any(c.name == new_name for c in candidates):
        raise ValueError(f"there is already a theme called {new_name!r}")
    _find(candidates, name)
    return [
        replace(c, name=new_name if c.name == name else c.name, parent=new_name if c.parent == name else c.parent)
        for c in candidates
    ]


def merge_themes(
    candidates: list[CandidateTheme], names: list[str], texts: list[str], new_name: str | None = None
) -> list[CandidateTheme]:
    """The candidates with themes ``names`` replaced, where the first stood, by one theme over all their answers."""
    positions = [_find(candidates, n) for n in dict.fromkeys(names)]
    if len(positions) < 2:
        raise ValueError("choose at least two themes to merge")
    merged = [candidates[i] for i in positions]
    keywords = list(dict.fromkeys(k for c in merged for k in c.keywords))[: 2 * KEYWORDS_PER_THEME]
    answers = set().union(*(c.answers for c in merged))
    theme = make_candidate(new_name or merged[0].name, keywords, answers, texts)
    theme.parent = merged[0].parent
    gone = {c.name for c in merged}
    out = []
    for i, candidate in enumerate(candidates):
        if i == positions[0]:
            out.append(theme)
        elif candidate.name not in gone:
            out.append(replace(candidate, parent=theme.name if candidate.parent in gone else candidate.parent))
    return out


def split_theme(candidates: list[CandidateTheme], name: str, texts: list[str], parts: int = 2) -> list[CandidateTheme]:
    """The candidates with theme ``name`` replaced by ``parts`` themes, its answers grouped by what they say."""
    position = _find(candidates, name)
    theme = candidates[position]
    if parts < 2 or len(theme.answers) < 2 * parts:
        raise ValueError(f"{name!r} has too few answers to split into {parts}")
    members = list(theme.answers)
    own = [texts[i] for i in members]
    from sklearn.cluster import KMeans

    labels = KMeans(parts, n_init=4, random_state=0).fit(answer_vectors(own)).labels_
    pieces = []
    for part in range(parts):
        chosen = [members[k] for k in np.flatnonzero(labels == part)]
        label, keywords = _distinctive(own, labels == part)
        piece = make_candidate(label or f"{name} ({part + 1})", keywords or theme.keywords, chosen, texts)
        piece.parent = theme.parent
        pieces.append(piece)
    _unique_names(pieces, candidates, name)
    return candidates[:position] + pieces + candidates[position + 1 :]


def _distinctive(texts: list[str], inside: np.ndarray) -> tuple[str | None, list[str]]:
    """The terms used most more often inside a group of ``texts`` than in the rest, and a label."""
    index = index_terms(texts, min_count=1, max_share=1.0)
    if not index.terms:
        return None, []
    matrix = index.matrix.tocsr()
    rate_in = np.asarray(matrix[inside].mean(axis=0)).ravel()
    rate_out = np.asarray(matrix[~inside].mean(axis=0)).ravel() if (~inside).any() else 0.0
    order = np.argsort(-(rate_in - rate_out), kind="stable")[:KEYWORDS_PER_THEME]
    keywords = [index.surface[j] for j in order if rate_in[j] > 0]
    label = keywords[0][:1].upper() + keywords[0][1:] if keywords else None
    return label, keywords


def _unique_names(pieces: list[CandidateTheme], candidates: list[CandidateTheme], replaced: str) -> None:
    taken = {c.name for c in candidates if c.name != replaced}
    for piece in pieces:
        base, k = piece.name, 2
        while piece.name in taken:
            piece.name, k = f"{base} ({k})", k + 1
        taken.add(piece.name)
