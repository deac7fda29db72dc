"""A fitted TF-IDF + linear classifier as plain arrays (no scikit-learn at run time).

The model is a vocabulary and idf per feature block (char_wb n-grams, word n-grams), one
coefficient column per class and the intercepts. Scored by `scorer.TextScorer`, it gives
what `Pipeline(FeatureUnion(char_wb TF-IDF, word TF-IDF), LogisticRegression)` gives, to
within floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from classifiers.model.features import FeatureSpec

if TYPE_CHECKING:
    from classifiers.model.scorer import TextScorer

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Block:
    """One TF-IDF feature block: term → column, and each column's idf."""

    vocabulary: Mapping[str, int]
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
        self._scorer: TextScorer | None = None

    def probabilities(self, logits: FloatArray) -> FloatArray:
        """Rows of class probabilities, in `self.classes` order (sigmoid or softmax)."""
        if logits.shape[1] == 1:  # binary: sklearn's [1 - p, p]
            positive = sigmoid(logits[:, 0])
            return np.column_stack([1.0 - positive, positive])
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def logits(self, docs: Sequence[Sequence[str]]) -> FloatArray:
        """The raw scores (n, classes or 1) of documents given as their words."""
        if self._scorer is None:
            from classifiers.model.scorer import TextScorer

            self._scorer = TextScorer([self])
        return self._scorer.logits(docs)[0]

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Class probabilities of normalized texts, as the fitted pipeline gives them."""
        return self.probabilities(self.logits([text.split() for text in texts]))


def sigmoid(z: FloatArray) -> FloatArray:
    """The logistic function, as scikit-learn's expit: no overflow for large |z|."""
    e = np.exp(-np.abs(z))
    result: FloatArray = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return result
