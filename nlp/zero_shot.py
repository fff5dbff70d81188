"""Zero-shot theme scores from the whole codebook: how close an answer is, in meaning, to each theme.

Each theme is read as a short document: its name and description, its keywords and phrases, and
its example answers. An answer is compared with every theme in two spaces: offline word vectors
(``nlp.word_vectors``), where "the bus never came" is near "transport", and TF-IDF over lemmas,
learnt from the answers being coded together with the themes' documents (so words the answers
share with one theme and not the others count most). A theme's exclusion examples count against
it when an answer is closer to them than to the theme. The scores become probabilities over the
themes with a softmax whose temperature was set on development data (the NHS training split, see
``tests/benchmarks/notes/themes.md``), so the top theme's confidence says how sure the match is.
"""

from __future__ import annotations

import numpy as np

from nlp import word_vectors
from nlp.theme_features import clean, lemma_words

TEMPERATURE = 0.2  # softmax temperature over combined scores: top confidence ≈ top-1 accuracy
TFIDF_WEIGHT = 1.0  # weight of the TF-IDF similarity beside the word-vector one
SIMILARITY_WEIGHT = 0.5  # weight of the similarities beside the codebook rules' confidence
EXCLUSION_PENALTY = 0.5  # share of the margin by which an exclusion example beats the theme


def theme_document(theme: dict) -> list[str]:
    """The texts that say what a theme is about: name and description, keywords, examples."""
    head = f"{theme.get('name', '')}. {theme.get('description', '')}".strip()
    words = " ".join(str(k) for k in (theme.get("keywords") or []) + (theme.get("phrases") or []))
    return [t for t in [head, words, *(str(e) for e in theme.get("examples") or [])] if t.strip()]


class SemanticCodebook:
    """Similarity of answers to each theme of a codebook, as probabilities over the themes."""

    def __init__(self, codebook: dict) -> None:
        themes = codebook.get("themes", [])
        self.theme_ids = [str(t["id"]) for t in themes]
        self.documents = [" ".join(theme_document(t)) for t in themes]
        self.vectors = self._theme_vectors([theme_document(t) for t in themes])
        excludes = [[str(e) for e in t.get("exclude_examples") or []] for t in themes]
        self.exclusions = [word_vectors.embed(e) if e else None for e in excludes]

    @staticmethod
    def _theme_vectors(documents: list[list[str]]) -> np.ndarray | None:
        """Each theme's vector: the mean of its parts' vectors (so examples widen, not replace, it)."""
        parts = [p for doc in documents for p in doc]
        embedded = word_vectors.embed(parts)
        if embedded is None or not documents:
            return None
        out, start = [], 0
        for doc in documents:
            out.append(embedded[start : start + len(doc)].mean(axis=0) if doc else np.zeros(embedded.shape[1]))
            start += len(doc)
        return word_vectors.unit_rows(np.array(out, np.float32))

    def similarities(self, texts: list[str]) -> np.ndarray:
        """Answers × themes similarity: word vectors plus weighted TF-IDF, less exclusion penalties."""
        texts = [clean(t) for t in texts]
        scores = TFIDF_WEIGHT * self._tfidf(texts)
        answers = word_vectors.embed(texts)
        if answers is not None and self.vectors is not None:
            own = answers @ self.vectors.T
            scores += own
            for j, excluded in enumerate(self.exclusions):
                if excluded is not None and len(excluded):
                    margin = np.maximum((answers @ excluded.T).max(axis=1) - own[:, j], 0.0)
                    scores[:, j] -= EXCLUSION_PENALTY * margin
        return scores

    def _tfidf(self, texts: list[str]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not texts or not self.documents:
            return np.zeros((len(texts), len(self.documents)))
        vectorizer = TfidfVectorizer(analyzer=lemma_words, sublinear_tf=True)
        matrix = vectorizer.fit_transform(texts + self.documents)
        return np.asarray((matrix[: len(texts)] @ matrix[len(texts) :].T).todense())

    def probabilities(self, texts: list[str], rules: np.ndarray | None = None) -> np.ndarray:
        """Answers × themes probabilities (each row sums to one; zeros for an empty codebook).

        ``rules`` (answers × themes, the codebook rules' confidences) adds the keyword evidence:
        a keyword hit outweighs a near miss in meaning, meaning decides among the rest.
        """
        scores = SIMILARITY_WEIGHT * self.similarities(texts)
        if rules is not None:
            scores = scores + rules
        if scores.shape[1] == 0:
            return scores
        scaled = (scores - scores.max(axis=1, keepdims=True)) / TEMPERATURE
        weights = np.exp(scaled)
        return weights / weights.sum(axis=1, keepdims=True)
