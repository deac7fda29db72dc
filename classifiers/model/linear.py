"""A fitted TF-IDF + linear classifier, scored with numpy (no scikit-learn at run time).

The model is plain arrays: a vocabulary and idf per feature block (char_wb n-grams, word
n-grams), one coefficient column per class and the intercepts. `logits` reproduces
`Pipeline(FeatureUnion(char_wb TF-IDF, word TF-IDF), LogisticRegression)` to within
floating-point rounding. The char_wb n-grams of a word depend on that word alone, so each
distinct word's feature columns are computed once and kept in a bounded cache; a batch is
then one sort of (document, column) keys and a few reductions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from classifiers.bounded import BoundedCache
from classifiers.model.features import FeatureSpec, char_wb_ngrams, word_ngram_terms, word_tokens

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Distinct words whose columns are kept: a working vocabulary, some tens of MB at most.
WORD_CACHE_LIMIT = 100_000
_EMPTY: IntArray = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Block:
    """One TF-IDF feature block: term → column, and each column's idf."""

    vocabulary: dict[str, int]
    idf: FloatArray


class LinearTextModel:
    """TF-IDF blocks (each l2-normalised) feeding a binary or multinomial linear model."""

    def __init__(
        self,
        spec: FeatureSpec,
        char_block: Block,
        word_block: Block,
        coef: FloatArray,
        intercept: FloatArray,
        classes: Sequence[str],
    ) -> None:
        n_char = len(char_block.idf)
        if coef.shape[0] != n_char + len(word_block.idf):
            raise ValueError("coefficient rows do not match the vocabulary sizes")
        self.spec = spec
        self.char_block = char_block
        self.word_block = word_block
        self.coef = coef
        self.intercept = intercept
        self.classes = tuple(classes)
        self._n_char = n_char
        # One column space: char columns first, then word columns shifted by n_char.
        self._idf = np.concatenate((char_block.idf, word_block.idf))
        self._word_columns = {term: n_char + c for term, c in word_block.vocabulary.items()}
        self._char_columns: BoundedCache[str, IntArray] = BoundedCache(
            self._columns_of_word, WORD_CACHE_LIMIT
        )

    def _columns_of_word(self, word: str) -> IntArray:
        """The char_wb columns of one word, one per occurrence of its n-grams."""
        get = self.char_block.vocabulary.get
        lo, hi = self.spec.char_ngrams
        found = [c for c in map(get, char_wb_ngrams(word, lo, hi)) if c is not None]
        return np.array(found, dtype=np.int64) if found else _EMPTY

    def _word_block_columns(self, words: Sequence[str]) -> list[int]:
        lo, hi = self.spec.word_ngrams
        get = self._word_columns.get
        terms = word_ngram_terms(word_tokens(words), lo, hi)
        return [c for c in map(get, terms) if c is not None]

    def logits(self, docs: Sequence[Sequence[str]]) -> FloatArray:
        """The raw scores (n, classes or 1) of documents given as their words."""
        count = len(docs)
        if count == 0:
            return np.zeros((0, self.coef.shape[1]))
        chars = self._char_columns
        parts: list[IntArray] = []
        sizes: list[int] = []
        for words in docs:
            pieces = [chars[word] for word in words]
            pieces.append(np.array(self._word_block_columns(words), dtype=np.int64))
            parts += pieces
            sizes.append(sum(map(len, pieces)))
        columns = np.concatenate(parts)
        width = len(self._idf)
        keys = np.repeat(np.arange(count, dtype=np.int64) * width, sizes) + columns
        # One sort gives each (document, column) once, with its count.
        unique, tf = np.unique(keys, return_counts=True)
        doc, column = np.divmod(unique, width)
        if self.spec.sublinear_tf:
            weights = (np.log(tf) + 1.0) * self._idf[column]
        else:
            weights = tf * self._idf[column]
        # Each block is l2-normalised on its own, as each TfidfVectorizer of the union is.
        segment = 2 * doc + (column >= self._n_char)
        norms = np.sqrt(np.bincount(segment, weights=weights * weights, minlength=2 * count))
        norms[norms == 0.0] = 1.0
        weights /= norms[segment]
        coef = self.coef[column]
        out = np.empty((count, coef.shape[1]))
        for k in range(coef.shape[1]):
            out[:, k] = np.bincount(doc, weights=weights * coef[:, k], minlength=count)
        result: FloatArray = out + self.intercept
        return result

    def probabilities(self, logits: FloatArray) -> FloatArray:
        """Rows of class probabilities, in `self.classes` order (sigmoid or softmax)."""
        if logits.shape[1] == 1:  # binary: sklearn's [1 - p, p]
            positive = sigmoid(logits[:, 0])
            return np.column_stack([1.0 - positive, positive])
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Class probabilities of normalized texts, as the fitted pipeline gives them."""
        return self.probabilities(self.logits([text.split() for text in texts]))


def sigmoid(z: FloatArray) -> FloatArray:
    """The logistic function, as scikit-learn's expit: no overflow for large |z|."""
    e = np.exp(-np.abs(z))
    result: FloatArray = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return result
