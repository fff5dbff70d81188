"""Candidate themes for a question that has no codebook yet, in the answers' own words.

Discovery groups the answers' salient terms (``nlp.phrases``: content words and pairs of them,
matched by lemma, shown as written) by meaning: each term is placed by its offline word vector
(``nlp.word_vectors``) and by the average vector of the answers that use it, and the terms are
clustered (average-linkage, cosine). A theme is one cluster: its keywords are the cluster's most
used terms, its answers those that use any of them (an answer can raise several themes), its name
the most used term that is not a generic word (``data/discovery_generic_words.txt``), and its
representative answers those nearest the centre of its answers. Themes whose answers mostly
coincide with a bigger theme's are dropped. When there are enough themes, related ones are also
grouped under broader parent themes (``parent`` names the broader theme).

Guarantees: at most ``max_themes`` (70) candidates; each covers at least max(5, 0.1% of answers)
and has at least three representative answers; no two themes without children share more than
70% of their answers, overlap measured as |A ∩ B| / min(|A|, |B|).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from nlp import word_vectors
from nlp.phrases import TermIndex, index_terms, is_nameable

MAX_THEMES = 70
MAX_OVERLAP = 0.7
MAX_SHARE = 0.3  # a term in more answers than this is the question's topic, not a theme
KEYWORDS_PER_THEME = 10
REPRESENTATIVES = 5
CONTEXT_WEIGHT = 0.7  # how much a term's answers, beside its own word vector, place it
PAIR_NAME_SHARE = 0.5  # a pair names its theme when used at least this often relative to its top term
MIN_LENGTH, MAX_LENGTH = 25, 300  # answers of this many characters read best as examples


@dataclass
class CandidateTheme:
    name: str
    keywords: list[str]
    examples: list[str]
    count: int
    answers: list[int] = field(default_factory=list)  # indices of the answers it covers
    share: float = 0.0  # count as a share of all answers
    representative: list[str] = field(default_factory=list)  # answers nearest its centre, best first
    parent: str | None = None  # name of the broader theme it sits under


def min_cover(n_answers: int) -> int:
    return max(5, math.ceil(0.001 * n_answers))


def answer_vectors(texts: list[str]) -> np.ndarray:
    """Unit vectors of the answers: offline word vectors, or TF-IDF reduced by SVD without them."""
    vectors = word_vectors.embed(texts)
    if vectors is not None:
        return vectors
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    tfidf = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    dims = max(1, min(100, tfidf.shape[1] - 1, len(texts) - 1))
    return word_vectors.unit_rows(TruncatedSVD(dims, random_state=0).fit_transform(tfidf))


def _term_vectors(index: TermIndex, vectors: np.ndarray) -> np.ndarray:
    context = word_vectors.unit_rows(np.asarray(index.matrix.T @ vectors))
    own = word_vectors.embed(index.surface)
    if own is None:
        return context
    return word_vectors.unit_rows(np.hstack([own, CONTEXT_WEIGHT * context]))


def _clusters(points: np.ndarray, wanted: int) -> np.ndarray:
    if wanted <= 1 or len(points) <= 1:
        return np.zeros(len(points), dtype=np.int64)
    from sklearn.cluster import AgglomerativeClustering

    wanted = min(wanted, len(points))
    return AgglomerativeClustering(n_clusters=wanted, metric="cosine", linkage="average").fit(points).labels_


def discover_themes(texts: list[str], max_themes: int = MAX_THEMES) -> list[CandidateTheme]:
    """Candidate themes, most widely raised first, broader themes after their children's group."""
    texts = [t if isinstance(t, str) else "" for t in texts]
    max_themes = min(max_themes, MAX_THEMES)
    floor = min_cover(len(texts))
    if len(texts) < floor or max_themes < 1:
        return []
    index = index_terms(texts, floor, MAX_SHARE)
    if not index.terms:
        return []
    vectors = answer_vectors(texts)
    parents = _parent_count(max_themes)
    leaves = _leaf_themes(index, vectors, texts, max_themes - parents)
    return leaves + _parent_themes(leaves, vectors, texts, parents)


def _parent_count(max_themes: int) -> int:
    """Broader themes to add: about one for every six themes, none for short lists."""
    return max_themes // 7 if max_themes >= 20 else 0


def _leaf_themes(index: TermIndex, vectors: np.ndarray, texts: list[str], wanted: int) -> list[CandidateTheme]:
    labels = _clusters(_term_vectors(index, vectors), min(wanted, max(1, len(index.terms) // 2)))
    counts = index.counts
    themes: list[CandidateTheme] = []
    for cluster in np.unique(labels):
        columns = sorted(np.flatnonzero(labels == cluster), key=lambda j: -counts[j])[:KEYWORDS_PER_THEME]
        name = _name([index.surface[j] for j in columns], [index.terms[j] for j in columns], counts[columns])
        answers = index.answers_using(columns)
        if name and len(answers) >= min_cover(len(texts)):
            themes.append(make_candidate(name, [index.surface[j] for j in columns], answers, texts, vectors))
    return _without_duplicates(sorted(themes, key=lambda t: (-t.count, t.name)))[:wanted]


def _name(surfaces: list[str], terms: list[str], counts: np.ndarray) -> str | None:
    """The most used nameable term, a pair used nearly as often ("annual review") before a lone word,
    and beside a lone word the next term ("Food, drink")."""
    nameable = [(s, c) for s, t, c in zip(surfaces, terms, counts, strict=True) if is_nameable(t)]
    if not nameable:
        return None
    pairs = [s for s, c in nameable if " " in s and c >= PAIR_NAME_SHARE * nameable[0][1]]
    nameable = pairs[:1] + [s for s, _ in nameable if s not in pairs[:1]]
    words = [nameable[0]]
    if " " not in nameable[0]:
        words += [s for s in nameable[1:2] if not set(s.split()) & set(nameable[0].split())]
    label = ", ".join(words)
    return label[:1].upper() + label[1:]


def _without_duplicates(themes: list[CandidateTheme]) -> list[CandidateTheme]:
    """Themes (biggest first) whose answers mostly coincide with a kept one's lend it their keywords."""
    kept: list[tuple[CandidateTheme, set[int]]] = []
    for theme in themes:
        answers = set(theme.answers)
        home = next(
            (k for k, other in kept if len(answers & other) > MAX_OVERLAP * min(len(answers), len(other))), None
        )
        if home is None:
            kept.append((theme, answers))
            continue
        if " " not in home.name and " " in theme.name and all(k.name != theme.name for k, _ in kept):
            # a pair says more than a lone word ("School taxi" over "Late")
            home.name = theme.name
        if len(home.keywords) < KEYWORDS_PER_THEME:
            home.keywords += [k for k in theme.keywords if k not in home.keywords][
                : KEYWORDS_PER_THEME - len(home.keywords)
            ]
    return [theme for theme, _ in kept]


def make_candidate(
    name: str, keywords: list[str], answers, texts: list[str], vectors: np.ndarray | None = None
) -> CandidateTheme:
    """A candidate over ``answers`` (indices into ``texts``) with its representative answers."""
    ordered = sorted({int(i) for i in answers})
    best = representatives(texts, ordered, vectors)
    share = round(len(ordered) / len(texts), 4) if texts else 0.0
    return CandidateTheme(name, list(keywords), best[:5], len(ordered), ordered, share, best)


def representatives(texts: list[str], members: list[int], vectors: np.ndarray | None = None) -> list[str]:
    """Up to ``REPRESENTATIVES`` different answers nearest the centre of ``members``, readable lengths first."""
    if not members:
        return []
    if vectors is None:
        vectors = answer_vectors([texts[i] for i in members])
        rows = np.arange(len(members))
    else:
        rows = np.asarray(members)
    centre = vectors[rows].mean(axis=0)
    closeness = vectors[rows] @ (centre / (np.linalg.norm(centre) or 1.0))
    readable = np.array([MIN_LENGTH <= len(texts[i].strip()) <= MAX_LENGTH for i in members])
    chosen: list[str] = []
    for k in np.lexsort((-closeness, ~readable)):
        text = texts[members[k]].strip()
        if text and text.lower() not in {c.lower() for c in chosen}:
            chosen.append(text)
        if len(chosen) == REPRESENTATIVES:
            break
    return chosen


def _parent_themes(
    leaves: list[CandidateTheme], vectors: np.ndarray, texts: list[str], wanted: int
) -> list[CandidateTheme]:
    """Broader themes over groups of two or more related themes; sets each child's ``parent``."""
    if wanted < 1 or len(leaves) < 2 * wanted:
        return []
    centres = word_vectors.unit_rows(np.array([vectors[t.answers].mean(axis=0) for t in leaves]))
    from sklearn.cluster import KMeans

    labels = KMeans(wanted, n_init=4, random_state=0).fit(centres).labels_  # balanced groups, unlike linkage
    parents = []
    for group in np.unique(labels):
        children = [leaves[j] for j in np.flatnonzero(labels == group)]
        if len(children) < 2:
            continue
        keywords = [k for child in children for k in child.keywords[:3]][:KEYWORDS_PER_THEME]
        answers = set().union(*(child.answers for child in children))
        name = " and ".join(child.name.split(",")[0] for child in children[:2])
        parent = make_candidate(f"{name} (broader)", keywords, answers, texts, vectors)
        for child in children:
            child.parent = parent.name
        parents.append(parent)
    return sorted(parents, key=lambda t: -t.count)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"


def to_codebook(candidates: list[CandidateTheme], name: str = "Discovered themes") -> dict:
    """A codebook dict (the shape documented in ``nlp.themes``) a consultation lead can edit."""
    ids: dict[str, str] = {}
    for candidate in candidates:
        tid, k = _slug(candidate.name), 2
        while tid in ids.values():
            tid, k = f"{_slug(candidate.name)}-{k}", k + 1
        ids[candidate.name] = tid
    themes = [
        {
            "id": ids[candidate.name],
            "name": candidate.name,
            "description": f"Answers that mention {', '.join(candidate.keywords[:3])}.",
            "keywords": [k for k in candidate.keywords if " " not in k],
            "phrases": [k for k in candidate.keywords if " " in k],
            "examples": list(candidate.examples),
            "exclude_examples": [],
            "parent": ids.get(candidate.parent) if candidate.parent else None,
        }
        for candidate in candidates
    ]
    return {"name": name, "themes": themes}
