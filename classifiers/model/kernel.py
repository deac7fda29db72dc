"""The counting and summing step of batch scoring, compiled with numba when it is installed.

`BatchScorer` turns a batch into occurrence keys `doc | joint id | is-cue`; what is left is
to count each (document, feature), turn counts into tf, and sum tf-weighted rows of the
`Weights` table per (document, block). In numpy that is a sort plus some twenty passes over
the whole batch; compiled, it is one pass with a per-thread scratch count per feature and
no sort — about ten times less work, and it releases the GIL. Without numba the scorer
keeps its numpy path (the same figures up to rounding; tests compare both).
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
KeyArray = npt.NDArray[np.uint32]

# 1 + ln(c) for counts below 2**14, as `side.SUBLINEAR`
SUBLINEAR: FloatArray = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 1 << 14))))


def _tf(count: Any, sublinear_tf: bool, table: Any) -> float:
    """tf of a count: itself, or 1 + ln(count) (from `table` while the count fits)."""
    if not sublinear_tf:
        return float(count)
    if count < table.size:
        return float(table[count])
    return 1.0 + math.log(count)


def _score_keys(
    keys: Any,
    count: int,
    doc_shift: int,
    h: int,
    rows: Any,
    classes: int,
    tox_sublinear: bool,
    intent_sublinear: bool,
    tox_counts: Any,
    intent_counts: Any,
    sublinear: Any,
) -> tuple[Any, Any]:
    """Toxicity (count,) and intent (count, classes) logits without intercepts.

    `rows[f]` is `[idf², idf·coef]` of toxicity then `[idf², idf·coef_k…]` of intent for
    joint feature f (`side.Weights.rows`); `tox_counts`/`intent_counts` are zeroed scratch
    arrays of one slot per feature, left zeroed again on return. `sublinear[c]` is
    1 + ln(c), a table being far cheaper than a logarithm per feature.
    """
    n = keys.size
    # Bucket the keys by document (a counting sort: keys arrive grouped by block, not doc).
    starts = np.zeros(count + 1, np.int64)
    for i in range(n):
        starts[(keys[i] >> doc_shift) + 1] += 1
    for d in range(count):
        starts[d + 1] += starts[d]
    fill = starts[:count].copy()
    ordered = np.empty(n, np.uint32)
    for i in range(n):
        d = keys[i] >> doc_shift
        ordered[fill[d]] = keys[i]
        fill[d] += 1
    mask = (2 << h) - 1
    touched = np.empty(n, np.int64)
    sums = np.zeros((2, 3 + classes))
    tox = np.zeros(count)
    intent = np.zeros((count, classes))
    for d in range(count):
        seen = 0
        for j in range(starts[d], starts[d + 1]):
            key = ordered[j]
            feature = (key >> 1) & mask
            if intent_counts[feature] == 0:
                touched[seen] = feature
                seen += 1
            intent_counts[feature] += 1
            if (key & 1) == 0:  # a cue word's n-grams count for intent only
                tox_counts[feature] += 1
        sums[:, :] = 0.0
        for t in range(seen):
            feature = touched[t]
            block = feature >> h
            c_tox = tox_counts[feature]
            c_intent = intent_counts[feature]
            tox_counts[feature] = 0
            intent_counts[feature] = 0
            if c_tox > 0:
                tf = _tf(c_tox, tox_sublinear, sublinear)
                sums[block, 0] += tf * tf * rows[feature, 0]
                sums[block, 1] += tf * rows[feature, 1]
            tf = _tf(c_intent, intent_sublinear, sublinear)
            sums[block, 2] += tf * tf * rows[feature, 2]
            for c in range(classes):
                sums[block, 3 + c] += tf * rows[feature, 3 + c]
        for block in range(2):
            if sums[block, 0] > 0.0:
                tox[d] += sums[block, 1] / math.sqrt(sums[block, 0])
            if sums[block, 2] > 0.0:
                norm = math.sqrt(sums[block, 2])
                for c in range(classes):
                    intent[d, c] += sums[block, 3 + c] / norm
    return tox, intent


_compiled: Any = None
try:  # an optional accelerator: the library works, slower, without it
    from numba import njit
except ImportError:  # pragma: no cover - exercised where numba is missing
    pass
else:
    # `_score_keys` calls `_tf` by its global name: compiled first, inlined into the kernel.
    _tf = njit(inline="always", cache=True)(_tf)
    _compiled = njit(cache=True, nogil=True)(_score_keys)

COMPILED: bool = _compiled is not None


class CountingKernel:
    """`_score_keys` with per-thread scratch counts sized for one `Weights` table."""

    def __init__(self, features: int) -> None:
        self._features = features
        self._local = threading.local()

    def score(
        self,
        keys: KeyArray,
        count: int,
        doc_shift: int,
        h: int,
        rows: FloatArray,
        classes: int,
        sublinear: tuple[bool, bool],
    ) -> tuple[FloatArray, FloatArray]:
        if _compiled is None:
            raise RuntimeError("numba is not installed: use the numpy path")
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = (
                np.zeros(self._features, np.int32),
                np.zeros(self._features, np.int32),
            )
            self._local.scratch = scratch
        tox, intent = _compiled(
            keys,
            count,
            doc_shift,
            h,
            rows,
            classes,
            sublinear[0],
            sublinear[1],
            *scratch,
            SUBLINEAR,
        )
        return tox, intent
