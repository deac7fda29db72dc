"""Each word's own share of the char-block sums, added up once when the word is learned.

A document's char_wb block is Σ over its features f of tf(count_f) × weight row f. Most
features of a comment occur once in it, within one word; for those the term is that
word's business alone (tf(1) = 1). So per word the weight rows of the char ids it holds
exactly once are summed when the word is learned, and those ids are marked (the low bit
of `char_ids`, free in a table kept for the kernel); the kernel adds each text word's sum,
and only a feature that occurs more than once in the document (in two words, twice in
one, or in a cue word too) still reads its row, to add the difference between its true
term and what the sums already hold (see `kernel`). Most rows are never read.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from classifiers.model.compiled import compile_kernel

_SHORT = 64  # up to this many ids, repeats are found by comparing pairs; beyond, by sorting


def _word_sums(char_ids: Any, spans: Any, first: int, stop: int, weights: Any, sums: Any) -> None:
    """For rows first … stop - 1 (`spans[row]` = char start, char count, …): marks each
    char id (joint id << 1) that occurs once in the word with a low bit of 1 and sets
    `sums[row]` to the sum of those ids' rows of `weights`."""
    columns = weights.shape[1]
    empty = np.empty(0, np.int64)
    for row in range(first, stop):
        start, count = spans[row, 0], spans[row, 1]
        for c in range(columns):
            sums[row, c] = 0.0
        # Beyond _SHORT ids, each id's count is read off a sorted copy (else pairs).
        ordered = np.sort(char_ids[start : start + count] >> 1) if count > _SHORT else empty
        for a in range(start, start + count):
            feature = np.int64(char_ids[a] >> 1)
            if count > _SHORT:
                found = np.searchsorted(ordered, feature, "left")
                once = np.searchsorted(ordered, feature, "right") - found == 1
            else:
                once = True
                for b in range(start, start + count):
                    if b != a and np.int64(char_ids[b] >> 1) == feature:
                        once = False
                        break
            if once:
                char_ids[a] |= 1
                for c in range(columns):
                    sums[row, c] += weights[feature, c]


word_sums = compile_kernel(_word_sums)
COMPILED: bool = word_sums is not None
