"""The numpy path of batch scoring (no numba): occurrence keys, one sort, a few reductions.

A batch becomes one array of occurrence keys `doc | joint id | is-cue` (bit fields of a
uint32; intent reads the text followed by cue pseudo-words). One sort groups them: a
group's size is the intent count of a (document, feature), its non-cue members the
toxicity count. One row gather from `Weights` times the tf columns, and one
`np.add.reduceat` per (document, block), give every norm and dot product. The compiled
kernel (`kernel`) computes the same figures without any of these arrays.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from classifiers.errors import ModelError
from classifiers.model.phrases import PhraseIndex
from classifiers.model.runs import gather, runs, runs_starts
from classifiers.model.side import SUBLINEAR, Weights, term_frequency
from classifiers.model.wordtable import Rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
KeyArray = npt.NDArray[np.uint32]
Ints = npt.NDArray[np.integer[Any]]


class KeyedScorer:
    """Logits of a batch from its words' `WordTable` rows, in numpy."""

    def __init__(self, phrases: PhraseIndex, weights: Weights, h: int) -> None:
        """`h`: the bits of a joint id below the block bit (word ids start at 2**h)."""
        # Key layout, low bits first: is-cue (1), joint id (h + 1: block bit on top), doc.
        self._h = h
        self._doc_shift = h + 2
        if self._doc_shift > 31:
            raise ModelError(f"vocabularies too large to score ({1 << h} terms per block)")
        self.max_docs = 1 << (32 - self._doc_shift)
        self._phrases = phrases
        self._weights = weights
        self._word_base = np.uint32(1 << h)

    def logits(
        self, rows: Rows, found: IntArray, lengths: list[int], cued: bool
    ) -> tuple[FloatArray, FloatArray]:
        """Toxicity (n,) and intent (n, k) logits; `found` holds the batch's word rows,
        `lengths` each document's text then cue word counts (at most `max_docs` documents)."""
        count = len(lengths) // 2
        if count == 1:
            return self._score_one(self._single_keys(rows, found, lengths[0]), cued)
        # Per word: its document and whether it is a cue, already in key position.
        segments = np.arange(2 * count, dtype=np.uint32)
        prefix: KeyArray = np.repeat(((segments >> 1) << self._doc_shift) | (segments & 1), lengths)
        keys = np.concatenate(
            (self._char_keys(rows, found, prefix), self._word_keys(rows, found, prefix))
        )
        return self._score(keys, count, cued)

    def _char_keys(self, rows: Rows, found: IntArray, prefix: KeyArray) -> KeyArray:
        lengths = rows.char_len[found]
        keys = gather(rows.char_ids, rows.char_start[found], lengths)
        keys |= np.repeat(prefix, lengths)
        return keys

    def _word_keys(self, rows: Rows, found: IntArray, prefix: KeyArray) -> KeyArray:
        lengths = rows.code_len[found]
        codes = gather(rows.codes, rows.code_start[found], lengths)
        token_prefix = np.repeat(prefix, lengths)
        # An n-gram must stay inside its document: compare the document fields.
        docs = token_prefix >> self._doc_shift
        ids, last = self._phrases.ngrams(codes, docs)
        # Cue words come last in their document: an n-gram reaches into the cues exactly
        # when its last token is a cue.
        keys = ids.astype(np.uint32)
        keys += self._word_base
        keys <<= 1
        keys |= token_prefix[last]
        return keys

    def _single_keys(self, rows: Rows, found: IntArray, text_words: int) -> KeyArray:
        """`_char_keys` + `_word_keys` for one document, with Python n-grams: a fraction
        of the numpy calls, which dominate for one short text."""
        char_len = rows.char_len[found]
        chars = gather(rows.char_ids, rows.char_start[found], char_len)
        cue_ids = int(char_len[text_words:].sum())
        if cue_ids:
            chars[chars.size - cue_ids :] |= np.uint32(1)
        code_len = rows.code_len[found]
        codes: list[int] = gather(rows.codes, rows.code_start[found], code_len).tolist()
        first_cue = int(code_len[:text_words].sum())
        base = 1 << self._h
        words = [
            ((term + base) << 1) | (last >= first_cue)
            for term, last in self._phrases.ngram_list(codes)
        ]
        return np.concatenate((chars, np.array(words, dtype=np.uint32)))

    def _counts(self, keys: KeyArray, cued: bool) -> tuple[Ints, FloatArray, FloatArray]:
        """Sorted (document, feature) groups and their toxicity and intent tf."""
        weights = self._weights
        keys.sort()
        distinct, counts = runs(keys)
        if cued:
            # A (document, feature) group holds at most two distinct keys, its text
            # occurrences (even) then its cue occurrences (odd).
            groups, starts = runs_starts(distinct >> 1)
            totals = np.add.reduceat(counts, starts) if starts.size else counts
            tox_counts = counts[starts] * (1 - (distinct[starts] & 1))
        else:
            groups, totals = distinct >> 1, counts
            tox_counts = totals
        bounded = keys.size < SUBLINEAR.size
        tox_tf = term_frequency(tox_counts, weights.tox_sublinear, bounded)
        intent_tf = term_frequency(totals, weights.intent_sublinear, bounded)
        return groups, tox_tf, intent_tf

    def _score_one(self, keys: KeyArray, cued: bool) -> tuple[FloatArray, FloatArray]:
        """`_score` for one document: row-major weights, block sums in plain floats."""
        weights = self._weights
        groups, tox_tf, intent_tf = self._counts(keys, cued)
        features = (groups & np.uint32((2 << self._h) - 1)).astype(np.intp)
        terms = np.take(weights.rows, features, axis=0)
        terms[:, 0] *= tox_tf * tox_tf
        terms[:, 1] *= tox_tf
        terms[:, 2] *= intent_tf * intent_tf
        terms[:, 3:] *= intent_tf[:, np.newaxis]
        split = int(np.searchsorted(features, 1 << self._h))  # char block, then word block
        tox = weights.tox_intercept
        intent = weights.intent_intercept.copy()
        classes = weights.classes
        for block in (terms[:split], terms[split:]):
            if not block.size:
                continue
            sums = block.sum(axis=0).tolist()
            if sums[0] > 0.0:
                tox += sums[1] / math.sqrt(sums[0])
            if sums[2] > 0.0:
                intent += np.array(sums[3 : 3 + classes]) / math.sqrt(sums[2])
        return np.array([tox]), intent[np.newaxis, :]

    def _score(self, keys: KeyArray, count: int, cued: bool) -> tuple[FloatArray, FloatArray]:
        weights = self._weights
        groups, tox_tf, intent_tf = self._counts(keys, cued)
        features = (groups & np.uint32((2 << self._h) - 1)).astype(np.intp)
        terms = np.take(weights.table, features, axis=1)
        terms[0] *= tox_tf * tox_tf
        terms[1] *= tox_tf
        terms[2] *= intent_tf * intent_tf
        terms[3:] *= intent_tf
        # (document, block) segments: the key above the block bit.
        where, seg_starts = runs_starts(groups >> self._h)
        sums = np.add.reduceat(terms, seg_starts, axis=1) if seg_starts.size else terms
        tox_norm = np.sqrt(sums[0])
        intent_norm = np.sqrt(sums[2])
        tox_norm[tox_norm == 0.0] = 1.0  # no feature of this model: the block adds nothing
        intent_norm[intent_norm == 0.0] = 1.0
        parts = np.zeros((1 + weights.classes, 2 * count))
        parts[0, where] = sums[1] / tox_norm
        parts[1:, where] = sums[3:] / intent_norm
        logits = parts[:, 0::2] + parts[:, 1::2]
        return logits[0] + weights.tox_intercept, logits[1:].T + weights.intent_intercept
