"""`WordKernel`: the compiled `kernel` bound to one pair of models' tables, with the
per-thread scratch it needs (counts, stamps) and the growth of those buffers."""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

from classifiers.errors import ModelError
from classifiers.model.kernel import score_words
from classifiers.model.phrases import PhraseIndex
from classifiers.model.side import Weights
from classifiers.model.wordtable import Rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class WordKernel:
    """`_score_words` bound to one pair of models' tables, with per-thread scratch counts."""

    def __init__(self, phrases: PhraseIndex, weights: Weights, word_base: int) -> None:
        """`word_base`: the joint id of the first word feature (char ids lie below)."""
        if score_words is None:
            raise ModelError("the compiled kernel needs numba, which is not installed")
        if weights.rows.shape[1] < 8:  # the kernel reads columns 3-7 unconditionally
            raise ModelError(f"weight rows have {weights.rows.shape[1]} columns, at least 8 needed")
        self._phrases = phrases
        self._weights = weights
        self._bias = np.concatenate(([weights.tox_intercept], weights.intent_intercept))
        self._config = np.array(
            [
                *phrases.ngram_range,
                word_base,
                weights.tox_sublinear,
                weights.intent_sublinear,
            ],
            dtype=np.int64,
        )
        self._local = threading.local()

    def logits(
        self, rows: Rows, found: IntArray, lengths: list[int] | IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """Toxicity (n,) and intent (n, k) logits; `found` holds the batch's word rows,
        `lengths` each document's text then cue word counts."""
        local = self._local
        counts = getattr(local, "counts", None)
        if counts is None:
            counts = np.zeros(self._weights.rows.shape[0], np.int64)
            local.counts = counts
            local.stamps, local.stamp = np.zeros(0, np.int64), 1
        if local.stamps.size < rows.spans.shape[0]:
            local.stamps = np.zeros(rows.spans.shape[0], np.int64)
        stamp = local.stamp
        local.stamp += len(lengths) // 2
        phrases = self._phrases
        # One output array: each returned array costs the call about half a microsecond.
        logits = np.empty((len(lengths) // 2, self._bias.size))
        score_words(
            found,
            np.asarray(lengths, dtype=np.int64),
            rows.char_ids,
            rows.codes,
            rows.spans,
            rows.sums,
            phrases.trie,
            self._config,
            self._weights.rows,
            self._bias,
            counts,
            local.stamps,
            stamp,
            logits,
        )
        return logits[:, 0], logits[:, 1:]
