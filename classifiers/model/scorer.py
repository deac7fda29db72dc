"""The one scorer of the TF-IDF + linear models: every model's logits from one pass.

The models read the same kinds of features (char_wb n-grams of each word, word n-grams),
so one joint vocabulary (`terms.HashedTerms`) maps a feature to a joint column, and each
model keeps its idf and coefficients per joint column (zero where it lacks the feature,
which then adds nothing to its norm or its dot product). A model's vocabulary only holds
terms of its own n-gram ranges, so taking n-grams over the union of the ranges counts
exactly its own features.

A batch's char_wb columns are found for all its words at once (`chargrams`), its word
n-grams in one look-up; then one array of (document, column) keys, one sort to count them,
and a few reductions over every model's table columns at once: the TF-IDF weights, each
block l2-normalised on its own as in `FeatureUnion`, and the dot product with the
coefficients.

A model may read cue pseudo-words after the text (the intent model, see `cues`); the
others see the text alone. The cues' features are counted as a second key array.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt

from classifiers.model.chargrams import CharGramIndex
from classifiers.model.features import char_wb_ngrams, word_tokens
from classifiers.model.linear import FloatArray, LinearTextModel
from classifiers.model.terms import HashedTerms

IntArray = npt.NDArray[np.int64]

# Distinct words whose columns are kept: a working vocabulary, some tens of MB at most.
WORD_CACHE_LIMIT = 100_000
# Below this many new words in a call, their columns come from their n-grams' hashes.
FEW_WORDS = 8


def _union(ranges: Sequence[tuple[int, int]]) -> tuple[int, int]:
    return min(lo for lo, _ in ranges), max(hi for _, hi in ranges)


def _table(
    models: Sequence[LinearTextModel], chars: HashedTerms, words: HashedTerms
) -> tuple[FloatArray, list[int]]:
    """Per joint column one row: for each model, its idf then idf × each class's coefficient
    (zeros where the model lacks the feature), and where each model's columns start. One
    row per feature keeps a document's look-ups to one memory line each."""
    starts = list(np.cumsum([0] + [1 + model.coef.shape[1] for model in models]))
    table = np.zeros((len(chars) + len(words), starts[-1]))
    for model, first, end in zip(models, starts, starts[1:], strict=False):
        n_char = len(model.char_block.idf)
        for joint, block, offset in (
            (chars, model.char_block, 0),
            (words, model.word_block, n_char),
        ):
            own = np.fromiter(block.vocabulary.values(), dtype=np.int64, count=len(block.idf))
            at = joint.find(list(block.vocabulary))
            idf = block.idf[own]
            table[at, first] = idf
            table[at, first + 1 : end] = idf[:, np.newaxis] * model.coef[offset + own]
    return table, starts


class TextScorer:
    """Logits of several linear models over the same documents, in one pass."""

    def __init__(self, models: Sequence[LinearTextModel], cued: Sequence[bool] = ()) -> None:
        """`cued[i]`: model i reads each text followed by its cue words (default: none)."""
        self._cued = list(cued) or [False] * len(models)
        specs = [model.spec for model in models]
        self._char_range = _union([spec.char_ngrams for spec in specs])
        self._word_range = _union([spec.word_ngrams for spec in specs])
        self._chars = HashedTerms(m.char_block.vocabulary for m in models)
        self._words = HashedTerms((m.word_block.vocabulary for m in models), len(self._chars))
        self._n_char = len(self._chars)
        # A key is document << bits | column: shifts and masks, not divisions.
        self._bits = max(len(self._chars) + len(self._words), 2).bit_length()
        self._table, starts = _table(models, self._chars, self._words)
        # Per table column: which tf weight it takes (text or text + cues, raw or
        # sublinear), which model's idf column normalises it; per model its class columns.
        self._tf_kind = np.zeros(starts[-1], dtype=np.int64)
        self._idf_columns = np.array(starts[:-1], dtype=np.int64)
        self._norm_of = np.zeros(starts[-1] - len(models), dtype=np.int64)
        self._class_columns = np.delete(np.arange(starts[-1]), self._idf_columns)
        for m, (model, first, end) in enumerate(zip(models, starts, starts[1:], strict=False)):
            self._tf_kind[first:end] = 2 * self._cued[m] + model.spec.sublinear_tf
            self._norm_of[first - m : end - m - 1] = m
        self._intercept = np.concatenate([model.intercept for model in models])
        self._model_ends = np.cumsum([model.coef.shape[1] for model in models])[:-1]
        chars = self._chars.mapping(chain.from_iterable(m.char_block.vocabulary for m in models))
        self._char_grams = CharGramIndex(chars, self._char_range)
        # word → its char_wb columns: comments repeat words, so most are looked up here.
        self._word_columns: dict[str, IntArray] = {}

    @property
    def cached_words(self) -> int:
        return len(self._word_columns)

    def _columns_of_words(self, words: list[str]) -> list[IntArray]:
        """Each word's char_wb columns; the words not cached are found together."""
        cache = self._word_columns
        distinct = dict.fromkeys(words)
        if len(cache) + len(distinct) > WORD_CACHE_LIMIT:
            cache.clear()  # bounded memory; a working vocabulary refills it quickly
        new = [word for word in distinct if word not in cache]
        if len(new) >= FEW_WORDS:
            owner, columns = self._char_grams.columns(new, np.arange(len(new), dtype=np.int64))
            bounds = np.cumsum(np.bincount(owner, minlength=len(new))).tolist()
            ordered = columns[owner.argsort(kind="stable")]
            pieces = map(ordered.__getitem__, map(slice, [0, *bounds[:-1]], bounds))
            cache.update(zip(new, pieces, strict=True))
        elif new:
            # A few words (one comment's new ones): the n-grams themselves cost less than
            # the index's fixed numpy work per call.
            lo, hi = self._char_range
            grams = [char_wb_ngrams(word, lo, hi) for word in new]
            found = self._chars.find(list(chain.from_iterable(grams)))
            ends = np.cumsum([len(of_word) for of_word in grams]).tolist()
            for word, start, end in zip(new, [0, *ends[:-1]], ends, strict=True):
                columns = found[start:end]
                cache[word] = columns[columns >= 0]
        return list(map(cache.__getitem__, words))

    def _phrase_grams(self, tokens: list[str], text: int) -> tuple[list[str], list[str]]:
        """Word n-grams of `tokens`: those within the first `text` tokens, and those ending
        after them (in the cue words)."""
        lo, hi = self._word_range
        inside: list[str] = []
        after: list[str] = []
        total = len(tokens)
        for n in range(lo, min(hi, total) + 1):
            starts = total - n + 1
            grams = zip(*(tokens[i : starts + i] for i in range(n)), strict=True)
            found = tokens if n == 1 else list(map(" ".join, grams))
            cut = max(0, text - n + 1)  # the n-gram at j ends at token j + n - 1
            inside += found[:cut]
            after += found[cut:]
        return inside, after

    def logits(
        self, docs: Sequence[Sequence[str]], cues: Sequence[Sequence[str]] | None = None
    ) -> list[FloatArray]:
        """Each model's logits (n, classes or 1) for documents given as their words (and,
        for the cued models, each document's cue words)."""
        count = len(docs)
        if count == 1:
            return self._logits_of_one(docs[0], cues[0] if cues is not None else ())
        every: list[str] = []  # text words then cue words of each document
        phrases: list[str] = []
        words_per_part: list[int] = []  # per (document, text or cues)
        phrases_per_part: list[int] = []
        for i, words in enumerate(docs):
            extra = cues[i] if cues is not None else ()
            every += words
            every += extra
            tokens = word_tokens(words)
            found, cued = self._phrase_grams(tokens + word_tokens(extra), len(tokens))
            phrases += found
            phrases += cued
            words_per_part += (len(words), len(extra))
            phrases_per_part += (len(found), len(cued))
        # A key is (document << bits | column) << 1 | is-cue.
        parts = np.arange(2 * count, dtype=np.int64)
        prefix = ((parts >> 1) << (self._bits + 1)) | (parts & 1)
        chars = self._columns_of_words(every)
        sizes = np.fromiter(map(len, chars), dtype=np.int64, count=len(chars))
        char_keys = np.repeat(np.repeat(prefix, words_per_part), sizes)
        if chars:
            char_keys |= np.concatenate(chars) << 1
        phrase_columns = self._words.find(phrases)
        phrase_keys = np.repeat(prefix, phrases_per_part)[phrase_columns >= 0]
        phrase_keys |= phrase_columns[phrase_columns >= 0] << 1
        return self._logits_of_keys(np.concatenate((char_keys, phrase_keys)), count)

    def _logits_of_one(self, words: Sequence[str], cues: Sequence[str]) -> list[FloatArray]:
        """`logits` of one document: the same keys, with the batch's bookkeeping (which
        document each word and n-gram belongs to) left out — a comment analyzed on its own
        pays for each numpy call more than for its few hundred features."""
        tokens = word_tokens(words)
        found, cued = self._phrase_grams(tokens + word_tokens(cues), len(tokens))
        chars = self._columns_of_words([*words, *cues])
        phrases = self._words.find(found + cued)
        text_phrases = phrases[: len(found)][phrases[: len(found)] >= 0]
        cue_phrases = phrases[len(found) :][phrases[len(found) :] >= 0]
        text = np.concatenate((*chars[: len(words)], text_phrases))
        cue = np.concatenate((*chars[len(words) :], cue_phrases))
        # Keys as in `logits`, of document 0: column << 1 | is-cue.
        return self._logits_of_keys(np.concatenate((text << 1, (cue << 1) | 1)), 1)

    def _logits_of_keys(self, keys: IntArray, count: int) -> list[FloatArray]:
        """Every model's logits from the (document, column, is-cue) keys of `count` documents:
        every row times its tf weight and each idf column squared, summed per (document,
        block) segment, are the squared norms and the dot products of each block."""
        segment, text_tf, all_tf, rows = self._counted(keys, count)
        # sublinear tf: 1 + log(tf), 0 where the term is absent (only the text's count can
        # be 0: every key counts once in text and cues together)
        sublinear_text = np.log(np.maximum(text_tf, 1.0)) + 1.0
        sublinear_text[text_tf == 0] = 0.0
        weights = np.stack((text_tf, sublinear_text, all_tf, np.log(all_tf) + 1.0), axis=1)
        rows *= weights[:, self._tf_kind]
        rows[:, self._idf_columns] **= 2
        starts = _run_starts(segment)  # segments come sorted
        sums = np.zeros((2 * count, rows.shape[1]))
        if starts.size:
            sums[segment[starts]] = np.add.reduceat(rows, starts, axis=0)
        norms = np.sqrt(sums[:, self._idf_columns])
        norms[norms == 0.0] = 1.0  # no feature of this model: the block adds nothing
        blocks = sums[:, self._class_columns] / norms[:, self._norm_of]
        logits = blocks[0::2] + blocks[1::2] + self._intercept
        return np.split(logits, self._model_ends, axis=1)

    def _counted(
        self, keys: IntArray, count: int
    ) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
        """Each distinct (document, column) of `count` documents: its (document, block)
        segment, its count in the text, its count in text and cues, and its table row."""
        # A batch's keys come in long runs (a document's, each word's n-grams by length)
        # that a stable sort (timsort) merges faster than the default sort; one document's
        # few hundred keys sort faster by default.
        keys.sort(kind="stable" if count > 1 else None)
        first = _run_starts(keys)
        bounds = np.concatenate((first, [keys.size]))
        counts = (bounds[1:] - bounds[:-1]).astype(np.float64)
        unique = keys[first]
        pair = unique >> 1
        # Sorted: a (document, column) has its text count first, then its cue count.
        starts = _run_starts(pair)
        text_tf = counts[starts] * (1 - (unique[starts] & 1))
        all_tf = np.add.reduceat(counts, starts) if starts.size else text_tf
        pair = pair[starts]
        column = pair & ((1 << self._bits) - 1)
        segment = 2 * (pair >> self._bits) + (column >= self._n_char)
        return segment, text_tf, all_tf, self._table.take(column, axis=0)


def _run_starts(ordered: IntArray) -> IntArray:
    """Where each run of equal values of a sorted array starts."""
    flag = np.empty(ordered.size, dtype=np.bool_)
    flag[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=flag[1:])
    starts: IntArray = flag.nonzero()[0]
    return starts
