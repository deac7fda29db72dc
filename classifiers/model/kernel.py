"""Both models' logits straight from each word's table row: one compiled pass per batch.

`BatchScorer` maps every word of a batch to its `WordTable` row; this kernel does the rest
document by document, with no intermediate arrays: it walks the text words then the cue
words, counting each word's char_wb ids from the row (a cue word's count for intent only),
copies the document's token codes aside and walks their n-grams down the `PhraseIndex`
trie (a binary search among a prefix's few children per token). The intent model reads
the text followed by its cue pseudo-words, so n-grams do run from the text into the cues
(never from one document into the next), and one whose last token belongs to a cue word
counts for intent only. Counts go into per-thread scratch slots, one per joint feature,
and the touched ones become tf, norms and dot products with the rows of `side.Weights`,
as `LinearTextModel` does. The char block starts from each text word's precomputed sum
(`rowsums`): only a char feature that occurs more than once in the document reads its
weight row, which cut the rows read per comment by about three quarters.

numba is optional: without it `COMPILED` is False and `BatchScorer` keeps its numpy path
(the same figures up to rounding; tests compare both).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from classifiers.model.compiled import compile_kernel
from classifiers.model.side import SUBLINEAR

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _score_words(
    found: Any,
    lengths: Any,
    char_ids: Any,
    codes: Any,
    spans: Any,
    sums: Any,
    trie: Any,
    config: Any,
    rows: Any,
    bias: Any,
    counts: Any,
    stamps: Any,
    stamp: int,
    logits: Any,
) -> None:
    """Fills `logits[d]` with the toxicity then the intent logits of document d (of
    `lengths.size // 2`).

    `found[i]`: the row of the i-th word of the batch, document by document, its text words
    then its cue words; `lengths[2d]`, `lengths[2d+1]`: document d's text and cue word counts.
    `char_ids` (joint id << 1), `codes` and `spans[row]` = (char start, char count, code
    start, code count) are the `WordTable` CSR tables, `sums` its per-word char sums
    (with the ids they hold marked: see `rowsums`); `trie` is `PhraseIndex.trie`.
    `config` = (lowest n, highest n, first word feature, toxicity sublinear, intent
    sublinear). `rows`: `Weights.rows`; `bias`: the toxicity then intent intercepts.
    `counts` are zeroed scratch counts, one per feature (intent in bits 0-19, toxicity in
    20-39, occurrences already in a text word's sum from bit 40: one int per feature),
    left zeroed; `stamps[row]` = `stamp + d` marks row's sum as added to document d
    (`stamp` exceeds every stamp written before).

    A char feature that occurs once in the document, held in a text word's sum, needs
    nothing more: only the others read their weight rows, each adding its true term less
    the tf(1) = 1 per occurrence the sums already hold.
    """
    count = lengths.size // 2
    classes = bias.size - 1
    sublinear = SUBLINEAR  # a global array: numba compiles it in as a constant
    lo, hi, word_base = config[0], config[1], config[2]
    tox_sublinear, intent_sublinear = config[3] != 0, config[4] != 0
    size = sublinear.size
    both = np.int64((1 << _TOX_SHIFT) | 1)  # one occurrence for toxicity and intent
    summed = np.int64(1 << _SUMMED_SHIFT)  # … held in a text word's sum
    columns = rows.shape[1]
    # The largest document sizes the buffers: its tokens, and the features it touches
    # (at most one per char id and per token and level).
    most_tokens = most_features = 0
    at = 0
    for d in range(count):
        stream = occurrences = 0
        for i in range(at, at + lengths[2 * d] + lengths[2 * d + 1]):
            stream += spans[found[i], 3]
            occurrences += spans[found[i], 1]
        at += lengths[2 * d] + lengths[2 * d + 1]
        most_tokens = max(most_tokens, stream)
        most_features = max(most_features, occurrences + stream * hi)
    tokens = np.empty(most_tokens, np.int64)
    touched = np.empty(most_features, np.int64)
    dots = np.zeros(max(classes, 5))
    base = np.zeros(columns)  # the document's text words' sums
    at = 0
    for d in range(count):
        # Count: char ids word by word, token codes aside.
        seen = 0
        text_end = at + lengths[2 * d]
        end = text_end + lengths[2 * d + 1]
        stream = 0
        text_tokens = 0
        base[:] = 0.0
        for i in range(at, end):
            row = found[i]
            first, stop = spans[row, 0], spans[row, 0] + spans[row, 1]
            step, held = np.int64(1), np.int64(0)
            if i < text_end:
                step = both
                # A word's sum is added at its first occurrence only: a word repeated n
                # times would add n sums that its features' corrections then take back
                # (precision lost to cancellation, and work for nothing).
                if stamps[row] != stamp + d:
                    stamps[row] = stamp + d
                    held = summed
                    for c in range(columns):
                        base[c] += sums[row, c]
            for j in range(first, stop):
                feature = np.int64(char_ids[j] >> 1)
                # Branch-free: a first occurrence is kept by advancing past it (whether
                # an id was seen is a coin toss the branch predictor loses).
                touched[seen] = feature
                seen += counts[feature] == 0
                counts[feature] += step + (char_ids[j] & 1) * held
            for j in range(spans[row, 2], spans[row, 2] + spans[row, 3]):
                tokens[stream] = codes[j]
                stream += 1
            if i < text_end:
                text_tokens = stream
        at = end
        chars_seen = seen
        # Word n-grams: from each token, down the trie while the prefix is some term's.
        for i in range(stream):
            node = tokens[i]  # a level-1 id is the code (an unknown one leads nowhere)
            for n in range(1, hi + 1):
                last = i + n - 1
                if n > 1:
                    if last >= stream:
                        break
                    # Binary search of the node's extensions, sorted by code.
                    code = tokens[last]
                    low, high = trie[node, 0], trie[node + 1, 0]
                    while low < high:
                        mid = (low + high) >> 1
                        if trie[mid, 1] < code:
                            low = mid + 1
                        else:
                            high = mid
                    if low == trie[node + 1, 0] or trie[low, 1] != code:
                        break  # no vocabulary term starts with these n tokens
                    node = low
                term = trie[node, 2]
                if n < lo or term < 0:
                    continue
                feature = word_base + term
                if counts[feature] == 0:
                    touched[seen] = feature
                    seen += 1
                counts[feature] += both if last < text_tokens else 1
        # Sum: per block (chars were touched first), the norms and the dot products.
        for c in range(1 + classes):
            logits[d, c] = bias[c]
        for block_start, block_stop in ((0, chars_seen), (chars_seen, seen)):
            # The char block starts from its text words' sums, the word block from 0.
            if block_start == 0:
                tox_norm, tox_dot, intent_norm = base[0], base[1], base[2]
                d0, d1, d2, d3, d4 = base[3], base[4], base[5], base[6], base[7]
                for c in range(5, classes):
                    dots[c] = base[3 + c]
            else:
                tox_norm = tox_dot = intent_norm = 0.0
                d0 = d1 = d2 = d3 = d4 = 0.0
                dots[5:] = 0.0
            # The first five classes in locals (registers), any more in `dots`. Every
            # feature adds to both models, branch-free: a model lacking it has zeros in
            # its columns (and a count of 0 has tf 0), and whether a feature is the
            # toxicity model's, the intent model's or both is as unpredictable per
            # feature as a branch can be.
            for t in range(block_start, block_stop):
                feature = touched[t]
                packed = counts[feature]
                counts[feature] = 0
                c_intent = packed & _COUNT_MASK
                c_tox = (packed >> _TOX_SHIFT) & _COUNT_MASK
                done = packed >> _SUMMED_SHIFT
                if done == 1 and c_tox == 1 and c_intent == 1:
                    continue  # wholly in its word's sum: its row is not read
                row = rows[feature]
                tf = float(c_tox)
                if tox_sublinear:
                    tf = sublinear[c_tox] if c_tox < size else 1.0 + math.log(c_tox)
                tox_norm += (tf * tf - done) * row[0]
                tox_dot += (tf - done) * row[1]
                tf = float(c_intent)
                if intent_sublinear:
                    tf = sublinear[c_intent] if c_intent < size else 1.0 + math.log(c_intent)
                intent_norm += (tf * tf - done) * row[2]
                tf -= done
                d0 += tf * row[3]
                d1 += tf * row[4]
                d2 += tf * row[5]
                d3 += tf * row[6]
                d4 += tf * row[7]
                for c in range(5, classes):
                    dots[c] += tf * row[3 + c]
            dots[0] = d0
            dots[1] = d1
            dots[2] = d2
            dots[3] = d3
            dots[4] = d4
            if tox_norm > 0.0:
                logits[d, 0] += tox_dot / math.sqrt(tox_norm)
            if intent_norm > 0.0:
                norm = math.sqrt(intent_norm)
                for c in range(classes):
                    logits[d, 1 + c] += dots[c] / norm


# Bit fields of a scratch count (see `_score_words`): a document's count of one feature
# is below 2**20 (10,000 characters of text, each in at most 5 n-grams per n).
_TOX_SHIFT, _SUMMED_SHIFT = 20, 40
_COUNT_MASK = (1 << 20) - 1
score_words = compile_kernel(_score_words)
COMPILED: bool = score_words is not None
