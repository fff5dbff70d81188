"""Theme coding of free-text answers: zero-shot from a codebook, or supervised from coded answers.

Codebook shape (the portal stores, imports and exports codebooks as exactly this JSON)::

    {"name": "EHC plan survey 2025",
     "themes": [{"id": "transport",                 # stable key, what coders and models assign
                 "name": "Home to school transport",
                 "description": "Getting to and from school or college",
                 "keywords": ["transport", "taxi", "bus"],          # single words, matched by lemma
                 "phrases": ["pick up time"],                       # optional multi-word, by lemma
                 "examples": ["The taxi is always late"],           # optional answers that have it
                 "exclude_examples": ["We walk to school"],         # optional answers that do not
                 "parent": null}]}                                  # optional id of a broader theme

Keywords may also be multi-word; both lists are matched on lemmas (``parking`` finds "parked"),
and words of five letters or more also match misspellings that are not English words
("transprot"). A theme's confidence grows with each distinct piece of evidence. ``parent`` only
groups themes for reporting; a child's match does not assign its parent.

The supervised coder is TF-IDF lemma (1-2) and character (2-5) n-grams into one linear SVM per
theme (``nlp.theme_model``), which scores an answer both whole and sentence by sentence. With a
codebook, each theme's rule confidence (of the whole answer) is also a feature.
Codebook themes never used in training are coded by rule alone, their confidence scaled down
by how often their rules fired on training answers that the coders did not give them.
When every training answer had a theme, every answer gets at least its most likely one.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

import numpy as np

from nlp.theme_features import RuleMatcher, Span, Suggestion, clean, sentences, tokens, vectorizers
from nlp.theme_model import LinearThemes, Sentences

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["RULE_THRESHOLD", "Suggestion", "ThemeCoder"]

RULE_THRESHOLD = 0.5
_MIN_POSITIVES = 2
# Prior "correct" firings for a rule-only theme's precision estimate: a few false alarms in
# training barely matter, dozens mean its keywords do not fit this data.
_RULE_PRIOR = 3.0
# Rule confidences enter the SVM scaled against the unit-length TF-IDF blocks.
# How the scale was chosen: tests/benchmarks/notes/themes.md.
_RULE_FEATURE_SCALE = 0.3


class ThemeCoder:
    """Suggests themes for answers; see the module docstring for the codebook and the model."""

    def __init__(self, c: float = 1.0, folds: int = 5, min_themes: int | None = None) -> None:
        self.c, self.folds, self.min_themes = c, folds, min_themes
        self.rules: RuleMatcher | None = None
        self.labels: list[str] = []  # themes the linear model scores
        self.vectorizers: tuple | None = None
        self.model: LinearThemes | None = None
        self.rule_only: list[str] = []  # codebook themes without a training example
        self.rule_trust: dict[str, float] = {}

    # construction -----------------------------------------------------------------------------
    @classmethod
    def from_codebook(cls, codebook: dict) -> ThemeCoder:
        coder = cls(min_themes=0)
        coder.rules = RuleMatcher(codebook)
        coder.rule_only = list(coder.rules.theme_ids)
        return coder

    def fit(self, texts: list[str], label_sets: list, codebook: dict | None = None) -> ThemeCoder:
        texts = [clean(t) for t in texts]
        if len(texts) != len(label_sets):
            raise ValueError("texts and label_sets differ in length")
        self.rules = RuleMatcher(codebook) if codebook else None
        label_sets = [{self._resolve(codebook, x) for x in labels} for labels in label_sets]
        counts: dict[str, int] = {}
        for labels in label_sets:
            for label in labels:
                counts[label] = counts.get(label, 0) + 1
        self.labels = sorted(t for t, n in counts.items() if n >= _MIN_POSITIVES)
        # Rules alone code only themes nobody has used yet; one used rarely is rare, not unlearnt.
        self.rule_only = [t for t in (self.rules.theme_ids if self.rules else []) if t not in counts]
        if self.min_themes is None:
            self.min_themes = 1 if all(label_sets) else 0
        rules = self.rules.match(texts) if self.rules else None
        self.rule_trust = self._rule_trust(rules or [])
        y = np.array([[t in labels for t in self.labels] for labels in label_sets], dtype=np.int8)
        if self.labels:
            self.vectorizers = vectorizers()
            x, parts = self._features(texts, fit=True, rules=rules)
            self.model = LinearThemes(self.c, self.folds).fit(x, y.reshape(len(texts), len(self.labels)), parts)
        return self

    def _rule_trust(self, rules: list[list[Suggestion]]) -> dict[str, float]:
        """Shrink factor per rule-only theme: every training firing of it was a false alarm."""
        fired = dict.fromkeys(self.rule_only, 0)
        for found in rules:
            for s in found:
                if s.theme in fired and s.confidence >= RULE_THRESHOLD:
                    fired[s.theme] += 1
        return {t: _RULE_PRIOR / (_RULE_PRIOR + n) for t, n in fired.items()}

    @staticmethod
    def _resolve(codebook: dict | None, label: object) -> str:
        """Training labels may name a codebook theme by its id or its name."""
        label = str(label)
        for theme in (codebook or {}).get("themes", []):
            if label == theme.get("name") and label != theme.get("id"):
                return str(theme["id"])
        return label

    def _features(self, texts: list[str], fit: bool = False, rules=None) -> tuple[sparse.csr_matrix, Sentences]:
        """Feature rows of the answers and of the sentences of answers with several (see theme_model)."""
        from scipy import sparse

        pieces, owner = sentences(texts)
        read = "fit_transform" if fit else "transform"
        blocks = [getattr(v, read)(texts, pieces, owner) for v in self.vectorizers]
        scale = np.sqrt(len(blocks))
        x = sparse.hstack([b.answers for b in blocks]).tocsr() / scale
        xs = sparse.hstack([b.sentences for b in blocks]).tocsr() / scale
        owner = blocks[0].owner
        if self.rules is not None:  # sentence rows carry their answer's rule matches
            rules = rules if rules is not None else self.rules.match(texts)
            matches = self._rule_matrix(rules)
            x = sparse.hstack([x, matches]).tocsr()
            xs = sparse.hstack([xs, matches[owner]]).tocsr()
        return x, (xs, owner)

    def _rule_matrix(self, suggestions: list[list[Suggestion]]) -> sparse.csr_matrix:
        from scipy import sparse

        column = {tid: i for i, tid in enumerate(self.rules.theme_ids)}
        rows, cols, vals = [], [], []
        for r, found in enumerate(suggestions):
            for s in found:
                rows.append(r)
                cols.append(column[s.theme])
                vals.append(s.confidence * _RULE_FEATURE_SCALE)
        shape = (len(suggestions), len(column))
        return sparse.csr_matrix((np.array(vals, np.float32), (rows, cols)), shape=shape)

    # prediction -------------------------------------------------------------------------------
    @property
    def themes(self) -> list[str]:
        """Every theme this coder can assign: trained ones, then codebook-only ones."""
        return self.labels + self.rule_only

    def confidences(self, texts: list[str]) -> tuple[np.ndarray, list[list[Suggestion]]]:
        """Confidence of every theme (columns in ``themes`` order) for every text, and the rule hits."""
        texts = [clean(t) for t in texts]
        rules = self.rules.match(texts) if self.rules else [[] for _ in texts]
        conf = np.zeros((len(texts), len(self.themes)))
        if self.model is not None and texts:
            conf[:, : len(self.labels)] = self.model.confidences(*self._features(texts, rules=rules))
        column = {tid: i for i, tid in enumerate(self.themes)}
        for row, found in enumerate(rules):
            for s in found:
                if s.theme in self.rule_only:
                    conf[row, column[s.theme]] = s.confidence * self.rule_trust.get(s.theme, 1.0)
        return conf, rules

    def _assigned(self, conf: np.ndarray) -> list[list[int]]:
        out = []
        for row in conf:
            chosen = [int(j) for j in np.flatnonzero(row >= RULE_THRESHOLD)]
            if len(chosen) < (self.min_themes or 0) and row.size and row.max() > 0:
                chosen = [int(j) for j in np.argsort(-row)[: self.min_themes] if row[j] > 0]
            out.append(sorted(chosen, key=lambda j: -row[j]))
        return out

    def predict(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        conf, _ = self.confidences(texts)
        names = self.themes
        return [[(names[j], round(float(conf[i, j]), 4)) for j in cols] for i, cols in enumerate(self._assigned(conf))]

    def suggest(self, texts: list[str], max_ngrams: int = 3) -> list[list[Suggestion]]:
        """Like ``predict`` with the evidence a reviewer needs: codebook hits and the strongest n-grams."""
        texts = [clean(t) for t in texts]
        conf, rules = self.confidences(texts)
        names, out = self.themes, []
        for i, cols in enumerate(self._assigned(conf)):
            by_theme = {s.theme: s.evidence for s in rules[i]}
            found = []
            for j in cols:
                spans = set(by_theme.get(names[j], []))
                if j < len(self.labels):
                    spans |= set(self._ngram_evidence(texts[i], j, max_ngrams))
                found.append(Suggestion(names[j], round(float(conf[i, j]), 4), sorted(spans)))
            out.append(found)
        return out

    def _ngram_evidence(self, text: str, column: int, limit: int) -> list[Span]:
        """The answer's lemma 1-2-grams (as the word vectorizer sees them) that weigh most for the theme."""
        vocab = self.vectorizers[0].vocabulary
        toks = tokens(text)
        grams = {lemma: (start, end) for lemma, start, end in toks}
        grams.update({f"{a[0]} {b[0]}": (a[1], b[2]) for a, b in zip(toks, toks[1:], strict=False)})
        weights = self.model.weights
        scored = [(float(weights[vocab[g], column]), g) for g in grams if g in vocab]
        best = sorted((w, g) for w, g in scored if w > 0)[::-1][:limit]
        return [(grams[g][0], grams[g][1], text[grams[g][0] : grams[g][1]]) for _, g in best]

    # storage ----------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        return _MAGIC + pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def readable(blob: bytes | None) -> bool:
        """Whether ``blob`` was saved by this version of the coder (older ones must be retrained)."""
        return bool(blob) and blob.startswith(_MAGIC)

    @classmethod
    def from_bytes(cls, blob: bytes) -> ThemeCoder:
        """Load a coder saved by ``to_bytes``. Pickle runs code: only load blobs the portal wrote."""
        if not blob.startswith(_MAGIC):
            raise ValueError("not a saved ThemeCoder")
        coder = pickle.loads(blob[len(_MAGIC) :])
        if not isinstance(coder, cls):
            raise ValueError("not a saved ThemeCoder")
        return coder


_MAGIC = b"SEND-THEMECODER-3\n"  # 3: sentence-level scores; coders saved as 2 must be retrained
