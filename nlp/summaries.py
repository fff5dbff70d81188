"""Starting text for "you said": per group of answers (a theme, or a theme and respondent type),
the most representative answers and the phrases that set the group apart from the others.

Representative answers are those nearest the centre of the group's answers (``nlp.discovery``);
a phrase is distinctive when a larger share of the group's answers use it than of all other
answers, weighted by how many of the group use it (so a phrase one answer used says little).
Phrases are shown as the answers wrote them (``nlp.phrases``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nlp.discovery import representatives
from nlp.phrases import index_terms

PHRASES = 8
MIN_USES = 2  # a phrase must be used by at least this many answers of the group


@dataclass
class GroupSummary:
    group: str
    count: int
    representative: list[str]
    phrases: list[str]


def summarise(texts_by_group: dict[str, list[str]], phrases: int = PHRASES) -> dict[str, GroupSummary]:
    """For each group (key: theme, or "theme / respondent type"), its representative answers and phrases."""
    groups = [g for g, texts in texts_by_group.items() if texts]
    texts = [t for g in groups for t in texts_by_group[g]]
    owner = np.repeat(np.arange(len(groups)), [len(texts_by_group[g]) for g in groups])
    out = {g: GroupSummary(g, 0, [], []) for g in texts_by_group}
    if not texts:
        return out
    index = index_terms(texts, min_count=1, max_share=1.0)
    matrix = index.matrix.tocsr()
    for k, group in enumerate(groups):
        inside = owner == k
        members = [int(i) for i in np.flatnonzero(inside)]
        uses = np.asarray(matrix[inside].sum(axis=0)).ravel()
        rate_out = np.asarray(matrix[~inside].mean(axis=0)).ravel() if (~inside).any() else np.zeros(len(uses))
        lift = (uses / len(members) - rate_out) * np.sqrt(uses)
        order = [j for j in np.argsort(-lift, kind="stable") if uses[j] >= MIN_USES and lift[j] > 0]
        out[group] = GroupSummary(
            group, len(members), representatives(texts, members), [index.surface[j] for j in order[:phrases]]
        )
    return out
