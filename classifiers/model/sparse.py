"""Per-text sparse arithmetic of TF-IDF + linear scoring, with few numpy calls.

A text's features arrive as joint ids with repeats (one per n-gram occurrence). `runs`
turns them into distinct ids and counts, `merge` adds a few more occurrences without a
second sort, and `block_logits` gives one block's l2-normalised TF-IDF dotted with the
coefficients. The fixed cost of each numpy call dominates at a few hundred features, so
these avoid the generic wrappers (np.unique, np.diff) and fancy row indexing.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_ZERO: IntArray = np.zeros(1, dtype=np.int64)
# 1 + ln(tf) for small counts: a table lookup costs less than np.log.
SUBLINEAR: FloatArray = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 1 << 14))))


def runs(ids: IntArray) -> tuple[IntArray, IntArray]:
    """(distinct ids, their counts): np.unique without its wrapper's overhead."""
    ordered = ids.copy()
    ordered.sort()
    size = ordered.size
    if size < 2:
        return ordered, np.ones(size, dtype=np.int64)
    starts = (ordered[1:] != ordered[:-1]).nonzero()[0]
    starts += 1
    bounds = np.concatenate((_ZERO, starts, np.array((size,))))
    return ordered[bounds[:-1]], bounds[1:] - bounds[:-1]


def merge(unique: IntArray, counts: IntArray, extra: IntArray) -> tuple[IntArray, IntArray]:
    """Distinct ids and counts of `unique`/`counts` plus the occurrences in `extra`.

    The result is no longer sorted, which the dot products do not need.
    """
    if extra.size == 0:
        return unique, counts
    more, more_counts = runs(extra)
    if unique.size == 0:
        return more, more_counts
    at = np.minimum(np.searchsorted(unique, more), unique.size - 1)
    hit = unique[at] == more
    merged = counts.copy()
    merged[at[hit]] += more_counts[hit]  # `more` is distinct, so `at[hit]` is too
    miss = ~hit
    return np.concatenate((unique, more[miss])), np.concatenate((merged, more_counts[miss]))


def term_frequency(counts: IntArray, total: int, sublinear: bool) -> FloatArray:
    if not sublinear:
        return counts.astype(np.float64)
    if total < len(SUBLINEAR):  # every count is below the total
        return SUBLINEAR[counts]
    result: FloatArray = np.log(counts) + 1.0
    return result


def block_logits(
    unique: IntArray, tf: FloatArray, idf: FloatArray, coef: FloatArray
) -> FloatArray | float:
    """One block's l2-normalised TF-IDF dotted with the coefficients (0 for no features)."""
    if unique.size == 0:
        return 0.0
    weights = tf * idf[unique]
    norm = math.sqrt(float(weights @ weights))
    if norm == 0.0:
        return 0.0
    if coef.ndim == 1:
        return float(weights @ np.take(coef, unique)) / norm
    # np.take gathers rows several times faster than fancy indexing does.
    result: FloatArray = np.dot(weights, np.take(coef, unique, axis=0)) / norm
    return result
