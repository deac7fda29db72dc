"""Toxicity and intent scored together, one pass over the words of a comment.

Both models read the same normalized text (intent adds a few cue pseudo-words at the end)
through the same kind of features, so the expensive part — splitting words into char_wb
n-grams and looking them up — is shared: one union vocabulary per block maps an n-gram to
a joint id, and per joint id each model keeps its idf and coefficients (zero where the
model lacks the feature, which then adds nothing to either the norm or the dot product).
Each distinct word's joint ids are computed once and cached. The figures are the ones
`LinearTextModel` computes (sklearn's TF-IDF + l2 norm + linear model), summed in another
order; the difference is floating-point rounding.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from operator import mul

import numpy as np
import numpy.typing as npt

from classifiers.model.features import TOKEN_PATTERN, char_wb_ngrams
from classifiers.model.linear import LinearTextModel
from classifiers.model.sparse import SUBLINEAR, block_logits, merge, runs, term_frequency

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WORD_CACHE_LIMIT = 200_000
_TOKENS = re.compile(TOKEN_PATTERN).findall
_EMPTY: IntArray = np.zeros(0, dtype=np.int64)
_SUBLINEAR_LIST: list[float] = SUBLINEAR.tolist()


def _union(
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


def _gather(values: FloatArray, columns: IntArray) -> FloatArray:
    """values[columns] with zero rows where the column is -1."""
    out = np.zeros((len(columns), *values.shape[1:]))
    present = columns >= 0
    out[present] = values[columns[present]]
    return out


class _Side:
    """One model's idf and coefficient tables, indexed by joint id, per block."""

    __slots__ = (
        "char_coef",
        "char_idf",
        "intercept",
        "sublinear",
        "word_coef",
        "word_coef_list",
        "word_idf",
        "word_idf_list",
    )

    def __init__(self, model: LinearTextModel, char_cols: IntArray, word_cols: IntArray) -> None:
        n_char = len(model.char_block.idf)
        coef = model.coef if not model.binary else model.coef[:, 0]
        self.char_idf = _gather(model.char_block.idf, char_cols)
        self.char_coef = _gather(np.ascontiguousarray(coef[:n_char]), char_cols)
        self.word_idf = _gather(model.word_block.idf, word_cols)
        self.word_coef = _gather(np.ascontiguousarray(coef[n_char:]), word_cols)
        # The word block holds a few dozen features per text: plain Python is cheaper there.
        self.word_idf_list: list[float] = self.word_idf.tolist()
        self.word_coef_list: list[float] = (
            self.word_coef.tolist() if self.word_coef.ndim == 1 else []
        )
        self.intercept = model.intercept
        self.sublinear = model.spec.sublinear_tf


def _small_block(counts: Counter[int], side: _Side) -> FloatArray | float:
    """The word block of one text, like `_block`, for a handful of features."""
    if not counts:
        return 0.0
    idf = side.word_idf_list
    if side.sublinear:
        table = _SUBLINEAR_LIST
        limit = len(table)
        weights = [
            (table[c] if c < limit else 1.0 + math.log(c)) * idf[f] for f, c in counts.items()
        ]
    else:
        weights = [c * idf[f] for f, c in counts.items()]
    norm = math.sqrt(sum(map(mul, weights, weights)))
    if norm == 0.0:
        return 0.0
    coef_list = side.word_coef_list
    if coef_list:
        return float(sum(map(mul, weights, map(coef_list.__getitem__, counts)))) / norm
    rows = np.take(side.word_coef, list(counts), axis=0)
    result: FloatArray = np.dot(np.array(weights), rows) / norm
    return result


class JointScorer:
    """Scores toxicity and intent of one text together.

    The models may use different n-gram ranges: n-grams are taken over the union of the
    ranges, and a model's vocabulary only holds terms of its own range (an n-gram's length,
    or a word n-gram's token count, tells its n), so each model still counts exactly its own
    features. The one exception sklearn makes — a padded word shorter than the smallest n is
    taken whole, once — is a string no other n-gram can equal, and it is counted once here too.
    """

    def __init__(self, toxicity: LinearTextModel, intent: LinearTextModel) -> None:
        tox_spec, intent_spec = toxicity.spec, intent.spec
        self._char_range = (
            min(tox_spec.char_ngrams[0], intent_spec.char_ngrams[0]),
            max(tox_spec.char_ngrams[1], intent_spec.char_ngrams[1]),
        )
        self._word_range = (
            min(tox_spec.word_ngrams[0], intent_spec.word_ngrams[0]),
            max(tox_spec.word_ngrams[1], intent_spec.word_ngrams[1]),
        )
        self.toxicity_model = toxicity
        self.intent_model = intent
        chars, tox_char, intent_char = _union(
            toxicity.char_block.vocabulary, intent.char_block.vocabulary
        )
        words, tox_word, intent_word = _union(
            toxicity.word_block.vocabulary, intent.word_block.vocabulary
        )
        self._chars = chars
        self._words = words
        self._tox = _Side(toxicity, tox_char, tox_word)
        self._intent = _Side(intent, intent_char, intent_word)
        self._cache: dict[str, tuple[IntArray, list[str]]] = {}

    def _learn(self, word: str) -> tuple[IntArray, list[str]]:
        """A word's char_wb joint ids and its word tokens (no token spans whitespace, so the
        tokens of a text are its words' tokens in order)."""
        lo, hi = self._char_range
        get = self._chars.get
        found = [c for c in map(get, char_wb_ngrams(word, lo, hi)) if c is not None]
        entry = (np.array(found, dtype=np.int64) if found else _EMPTY, _TOKENS(word))
        if len(self._cache) >= _WORD_CACHE_LIMIT:
            self._cache.clear()  # bounded memory; a cold cache only costs speed
        self._cache[word] = entry
        return entry

    def _lookup(self, text: str) -> tuple[IntArray, list[str]]:
        """The char_wb joint ids (with repeats) and the word tokens of a text."""
        words = text.split()
        cache = self._cache
        entries = list(map(cache.get, words))
        for i, entry in enumerate(entries):
            if entry is None:
                entries[i] = self._learn(words[i])
        if not entries:
            return _EMPTY, []
        if len(entries) == 1:
            ids, tokens = entries[0]  # type: ignore[misc]
            return ids, list(tokens)
        parts, token_lists = zip(*entries, strict=True)
        return np.concatenate(parts), [t for part in token_lists for t in part]

    def _word_ids(self, tokens: list[str], first_new: int) -> list[int]:
        """Joint ids of the word n-grams whose last token is at index ≥ first_new."""
        lo, hi = self._word_range
        get = self._words.get
        found: list[int] = []
        count = len(tokens)
        join = " ".join
        for n in range(lo, hi + 1):
            for i in range(max(0, first_new - n + 1), count - n + 1):
                c = get(tokens[i] if n == 1 else join(tokens[i : i + n]))
                if c is not None:
                    found.append(c)
        return found

    def logits(self, text: str, intent_text: str) -> tuple[float, FloatArray]:
        """(toxicity logit, intent logits) for a text and its intent input.

        `intent_text` must be `text`, a space, then the cue words (what `intent_input` makes).
        """
        tox, intent = self._tox, self._intent
        cue_start = len(text) + 1
        # Char block: one sort for both models; intent adds its cue words' n-grams.
        tox_chars, tokens = self._lookup(text)
        chars, char_counts = runs(tox_chars)
        cue_chars, cue_tokens = self._lookup(intent_text[cue_start:])
        intent_chars, intent_char_counts = merge(chars, char_counts, cue_chars)
        # Word block: the same, the extra n-grams being those that reach into the cues.
        word_counts = Counter(self._word_ids(tokens, 0))
        intent_word_counts = word_counts.copy()
        intent_word_counts.update(self._word_ids(tokens + cue_tokens, len(tokens)))

        n_chars = tox_chars.size
        tox_logit = (
            block_logits(
                chars,
                term_frequency(char_counts, n_chars, tox.sublinear),
                tox.char_idf,
                tox.char_coef,
            )
            + _small_block(word_counts, tox)
            + tox.intercept
        )
        n_chars += cue_chars.size
        intent_logits = (
            block_logits(
                intent_chars,
                term_frequency(intent_char_counts, n_chars, intent.sublinear),
                intent.char_idf,
                intent.char_coef,
            )
            + _small_block(intent_word_counts, intent)
            + intent.intercept
        )
        return float(np.asarray(tox_logit).reshape(-1)[0]), np.asarray(
            intent_logits, dtype=np.float64
        ).reshape(-1)
