"""A fitted TF-IDF + linear classifier, scored without scikit-learn.

The model is plain arrays: a vocabulary and idf per feature block (char_wb n-grams, word
n-grams), one coefficient column per class and the intercepts. Scoring reproduces
`Pipeline(FeatureUnion(char_wb TF-IDF, word TF-IDF), LogisticRegression).predict_proba`
to within floating-point rounding, but without its per-call overhead: the char_wb
features of a word depend on that word alone, so each distinct word is looked up once and
its feature ids and counts are cached.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from classifiers.model.features import FeatureSpec, char_wb_ngrams, word_ngrams

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WORD_CACHE_LIMIT = 200_000
# 1 + ln(tf) for small counts: a table lookup is several times cheaper than np.log.
_SUBLINEAR: FloatArray = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 1 << 14))))
_EMPTY_IDS: IntArray = np.zeros(0, dtype=np.int64)


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
        if coef.shape[0] != len(char_block.idf) + len(word_block.idf):
            raise ValueError("coefficient rows do not match the vocabulary sizes")
        self.spec = spec
        self.char_block = char_block
        self.word_block = word_block
        self.classes = tuple(classes)
        self.binary = coef.shape[1] == 1
        n_char = len(char_block.idf)
        self._char_coef = np.ascontiguousarray(coef[:n_char])
        self._word_coef = np.ascontiguousarray(coef[n_char:])
        # A binary model is scored through 1-D columns: cheaper gathers and dot products.
        self._single_coef = (
            (self._char_coef[:, 0].copy(), self._word_coef[:, 0].copy())
            if self.binary
            else (self._char_coef, self._word_coef)
        )
        self.coef = coef
        self.intercept = intercept
        self._word_cache: dict[str, IntArray] = {}
        # Python lists for the per-text word block (see _small_block_logits).
        self._word_idf: list[float] = word_block.idf.tolist()
        self._word_coef_list: list[float] = self._word_coef[:, 0].tolist() if self.binary else []
        self._local = threading.local()  # per-thread scratch vector for decision_one

    # --- features -------------------------------------------------------------------
    def _word_ids(self, word: str) -> IntArray:
        """Char_wb column ids of one word, repeated as often as the n-gram occurs."""
        lo, hi = self.spec.char_ngrams
        vocab = self.char_block.vocabulary
        found = [c for c in map(vocab.get, char_wb_ngrams(word, lo, hi)) if c is not None]
        ids = np.array(found, dtype=np.int64) if found else _EMPTY_IDS
        if len(self._word_cache) >= _WORD_CACHE_LIMIT:
            self._word_cache.clear()  # bounded memory; a cold cache only costs speed
        self._word_cache[word] = ids
        return ids

    def _char_ids(self, text: str) -> list[IntArray]:
        words = text.split()
        parts = list(map(self._word_cache.get, words))
        for i, part in enumerate(parts):
            if part is None:
                parts[i] = self._word_ids(words[i])
        return parts  # type: ignore[return-value]

    def _word_id_list(self, text: str) -> list[int]:
        lo, hi = self.spec.word_ngrams
        vocab = self.word_block.vocabulary
        return [c for c in map(vocab.get, word_ngrams(text, lo, hi)) if c is not None]

    def _word_block_ids(self, text: str) -> IntArray:
        found = self._word_id_list(text)
        return np.array(found, dtype=np.int64) if found else _EMPTY_IDS

    # --- scoring --------------------------------------------------------------------
    def _weights(self, tf: FloatArray, idf: FloatArray) -> FloatArray:
        if self.spec.sublinear_tf:
            tf = np.log(tf) + 1.0
        result: FloatArray = tf * idf
        return result

    def _block_logits(
        self, ids: IntArray, block: Block, coef: FloatArray, scratch: FloatArray
    ) -> FloatArray | float:
        """One block's contribution for one text, without sorting: ids may repeat.

        The counts are accumulated in a zeroed scratch vector; every occurrence then sees its
        feature's total count `tf`, and weighting each occurrence by 1/tf sums every
        distinct feature exactly once. A 1-D `coef` (binary model) gives a float.
        """
        if ids.size == 0:
            return 0.0 if coef.ndim == 1 else np.zeros(coef.shape[1])
        np.add.at(scratch, ids, 1.0)
        tf = scratch[ids]
        scratch[ids] = 0.0
        if self.spec.sublinear_tf and ids.size < len(_SUBLINEAR):
            weights = _SUBLINEAR[tf.astype(np.intp)] * block.idf[ids]
        else:
            weights = self._weights(tf, block.idf[ids])
        share = weights / tf
        norm = math.sqrt(float(share @ weights))
        if norm == 0.0:
            return 0.0 if coef.ndim == 1 else np.zeros(coef.shape[1])
        if coef.ndim == 1:
            return float(share @ coef[ids]) / norm
        result: FloatArray = (share @ coef[ids]) / norm
        return result

    def _small_block_logits(self, ids: list[int], coef: FloatArray) -> FloatArray | float:
        """The word block of one text in plain Python: a few dozen ids cost less than the
        fixed overhead of a dozen numpy calls."""
        if not ids:
            return 0.0 if coef.ndim == 1 else np.zeros(coef.shape[1])
        idf = self._word_idf
        sublinear = self.spec.sublinear_tf
        columns = list(Counter(ids).items())
        weights = [
            (1.0 + math.log(tf) if sublinear else float(tf)) * idf[column] for column, tf in columns
        ]
        norm = math.sqrt(math.fsum(w * w for w in weights))
        if norm == 0.0:
            return 0.0 if coef.ndim == 1 else np.zeros(coef.shape[1])
        if coef.ndim == 1:
            word_coef = self._word_coef_list
            return (
                math.fsum(w * word_coef[c] for w, (c, _) in zip(weights, columns, strict=True))
                / norm
            )
        rows = np.fromiter((c for c, _ in columns), dtype=np.int64, count=len(columns))
        result: FloatArray = (np.array(weights) @ coef[rows]) / norm
        return result

    def _scratch(self) -> FloatArray:
        scratch: FloatArray | None = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = np.zeros(len(self.char_block.idf))
            self._local.scratch = scratch
        return scratch

    def decision_one(self, text: str) -> FloatArray:
        """The linear model's raw scores (logits) for one normalized text."""
        char_scratch = self._scratch()
        parts = self._char_ids(text)
        char_ids = parts[0] if len(parts) == 1 else (np.concatenate(parts) if parts else _EMPTY_IDS)
        char_coef, word_coef = self._single_coef
        logits = self._block_logits(char_ids, self.char_block, char_coef, char_scratch)
        logits = logits + self._small_block_logits(self._word_id_list(text), word_coef)
        result: FloatArray = logits + self.intercept
        return result

    def _batch_logits(
        self, rows: list[list[IntArray]], block: Block, coef: FloatArray
    ) -> FloatArray:
        """One block's contribution for many texts: one sort over (text, feature) keys."""
        sizes = np.fromiter((sum(p.size for p in r) for r in rows), dtype=np.int64, count=len(rows))
        flat = [p for r in rows for p in r]
        logits = np.zeros((len(rows), coef.shape[1]))
        if not flat or sizes.sum() == 0:
            return logits
        ids = np.concatenate(flat)
        width = len(block.idf)
        keys = np.repeat(np.arange(len(rows), dtype=np.int64) * width, sizes) + ids
        unique, tf = np.unique(keys, return_counts=True)
        doc, feature = np.divmod(unique, width)
        weights = self._weights(tf.astype(np.float64), block.idf[feature])
        norms = np.sqrt(np.bincount(doc, weights=weights * weights, minlength=len(rows)))
        norms[norms == 0.0] = 1.0
        for k in range(coef.shape[1]):
            logits[:, k] = np.bincount(doc, weights=weights * coef[feature, k], minlength=len(rows))
        result: FloatArray = logits / norms[:, np.newaxis]
        return result

    def decision_many(self, texts: Sequence[str]) -> FloatArray:
        """Logits for many texts at once (same figures as one by one), vectorized."""
        if not texts:
            return np.zeros((0, self.coef.shape[1]))
        chars = self._batch_logits(
            [self._char_ids(t) for t in texts], self.char_block, self._char_coef
        )
        words = self._batch_logits(
            [[self._word_block_ids(t)] for t in texts], self.word_block, self._word_coef
        )
        result: FloatArray = chars + words + self.intercept
        return result

    def probabilities(self, logits: FloatArray) -> FloatArray:
        """Rows of class probabilities, in `self.classes` order (sigmoid or softmax)."""
        if self.binary:
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Class probabilities; a single text takes the cached fast path."""
        if len(texts) == 1:
            return self.probabilities(self.decision_one(texts[0])[np.newaxis, :])
        return self.probabilities(self.decision_many(texts))
