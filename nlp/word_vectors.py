"""Offline static word vectors for theme discovery, zero-shot coding and summaries.

WordLlama (a small table of token embeddings distilled from a large language model, pinned in
``pyproject.toml``) is loaded from the weights shipped inside the installed package; nothing is
downloaded. A text's vector is the pooled vector of its tokens, scaled to unit length. When the
package is missing, ``embed`` returns ``None`` and callers fall back to TF-IDF alone.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 256


@lru_cache(maxsize=1)
def _model():
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        return None
    folder = Path(wordllama.__file__).resolve().parent
    try:
        return WordLlama.load(dim=DIMENSIONS, disable_download=True, cache_dir=folder)
    except (OSError, ValueError, FileNotFoundError):
        return None


def available() -> bool:
    return _model() is not None


def embed(texts: list[str]) -> np.ndarray | None:
    """Unit-length vectors of ``texts`` (rows in order), or ``None`` without the word vectors."""
    model = _model()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), np.float32)
    vectors = np.asarray(model.embed([t if t.strip() else "." for t in texts], batch_size=256), np.float32)
    return unit_rows(vectors)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
