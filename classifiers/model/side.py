"""Both models' weights in one table, indexed by a joint feature id.

Both models read the same kinds of features (char_wb n-grams, word n-grams), so one joint
vocabulary per block maps a feature to a joint id; a model lacking a feature has idf 0
there, which adds nothing to its norm or its dot product. Char ids are `0 … Vc-1`, word
ids start at `WordOffset = 2**h` (h bits hold any char id), so `id >> h` is the block.

Per joint id the `Weights` table holds the products the scoring needs, so one row gather
and one elementwise product give every term of every sum: for tf `t` (toxicity) and `u`
(intent) of a feature, its row × `[t², t, u², u, …, u]` is `[t²·idf², t·idf·coef,
u²·idf'², u·idf'·coef'_1, …]` — the squared norms and the dot products per document.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from classifiers.model.linear import LinearTextModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# 1 + ln(tf) for small counts (0 for 0): a table lookup is cheaper than np.log.
SUBLINEAR: FloatArray = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 1 << 14))))
_LINEAR: FloatArray = np.arange(1 << 14, dtype=np.float64)


def joint_vocabulary(
    first: dict[str, int], second: dict[str, int]
) -> tuple[dict[str, int], IntArray, IntArray]:
    """A joint vocabulary, and each model's column per joint id (-1 where it lacks it)."""
    joint: dict[str, int] = dict(zip(first, range(len(first)), strict=True))
    for term in second:
        joint.setdefault(term, len(joint))
    first_cols = np.full(len(joint), -1, dtype=np.int64)
    second_cols = np.full(len(joint), -1, dtype=np.int64)
    for term, column in first.items():
        first_cols[joint[term]] = column
    for term, column in second.items():
        second_cols[joint[term]] = column
    return joint, first_cols, second_cols


def _by_joint_id(values: FloatArray, columns: IntArray) -> FloatArray:
    """values[columns], zero where the column is -1."""
    out = np.zeros((len(columns), *values.shape[1:]))
    present = columns >= 0
    out[present] = values[columns[present]]
    return out


def term_frequency(counts: IntArray, sublinear: bool, bounded: bool) -> FloatArray:
    """tf per group, or 1 + ln(tf) when sublinear; 0 stays 0 (`bounded`: counts < 2**14)."""
    if bounded or (counts.size and int(counts.max()) < SUBLINEAR.size):
        result: FloatArray = (SUBLINEAR if sublinear else _LINEAR)[counts]
        return result
    if not sublinear:
        return counts.astype(np.float64)
    with np.errstate(divide="ignore"):
        logs = np.log(counts.astype(np.float64)) + 1.0
    return np.where(counts > 0, logs, 0.0)


class Weights:
    """Rows [idf², idf·coef] of toxicity, then [idf², idf·coef_k…] of intent, per joint id."""

    def __init__(
        self,
        toxicity: LinearTextModel,
        intent: LinearTextModel,
        chars: tuple[IntArray, IntArray],
        words: tuple[IntArray, IntArray],
        word_offset: int,
    ) -> None:
        self.classes = len(intent.intercept)
        table = np.zeros((word_offset + len(words[0]), 3 + self.classes))
        for block, (tox_cols, intent_cols) in enumerate((chars, words)):
            start = block * word_offset
            rows = slice(start, start + len(tox_cols))
            self._fill(table[rows, :2], toxicity, block, tox_cols)
            self._fill(table[rows, 2:], intent, block, intent_cols)
        # One contiguous row per quantity: a batch gathers and sums along rows.
        self.table = np.ascontiguousarray(table.T)
        # And one 64-byte row per feature: one document's few hundred features then cost
        # one cache line each, which matters when other work has evicted the tables.
        # (`kernel` reads columns 3-7 as the first five classes: zeros past the last.)
        self.rows = np.zeros((table.shape[0], max(8, table.shape[1])))
        self.rows[:, : table.shape[1]] = table
        self.tox_intercept = float(toxicity.intercept[0])
        self.intent_intercept = np.asarray(intent.intercept, dtype=np.float64)
        self.tox_sublinear = toxicity.spec.sublinear_tf
        self.intent_sublinear = intent.spec.sublinear_tf

    @staticmethod
    def _fill(out: FloatArray, model: LinearTextModel, block: int, columns: IntArray) -> None:
        n_char = len(model.char_block.idf)
        idf = model.word_block.idf if block else model.char_block.idf
        coef = model.coef[n_char:] if block else model.coef[:n_char]
        joint_idf = _by_joint_id(idf, columns)
        out[:, 0] = joint_idf * joint_idf
        out[:, 1:] = joint_idf[:, np.newaxis] * _by_joint_id(coef, columns)
