"""Toxicity and intent logits of a whole batch of texts: one dict pass, then one kernel call.

Features are taken once over the union of both models' n-gram ranges (see `side` for the
joint ids). The models may use different ranges: a model's vocabulary only holds terms of
its own range (an n-gram's length, or a word n-gram's token count, tells its n), so each
model still counts exactly its own features. The one exception scikit-learn makes — a
padded word shorter than the smallest n is taken whole, once — is a string no other
n-gram can equal (spaces at both ends), and the union range yields it exactly once too.

Each document is its text words followed by its cue pseudo-words (the intent model reads
both; toxicity only the text). The batch's words map to `WordTable` rows, and the compiled
`kernel` turns rows into logits in one pass; without numba, `occurrences` does the same in
numpy. The figures are those of `LinearTextModel` (sklearn's TF-IDF + l2 norm + linear
model) up to rounding.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from classifiers.errors import ModelError
from classifiers.model.kernel import COMPILED
from classifiers.model.linear import LinearTextModel
from classifiers.model.occurrences import KeyedScorer
from classifiers.model.phrases import PhraseIndex
from classifiers.model.side import Weights, joint_vocabulary
from classifiers.model.wordkernel import WordKernel
from classifiers.model.wordtable import ID_LIMIT, WORD_LIMIT, Rows, WordTable

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _ranges(first: tuple[int, int], second: tuple[int, int]) -> tuple[int, int]:
    return min(first[0], second[0]), max(first[1], second[1])


class BatchScorer:
    """Scores toxicity and (optionally) intent of many texts together."""

    def __init__(
        self,
        toxicity: LinearTextModel,
        intent: LinearTextModel,
        word_limit: int = WORD_LIMIT,
        id_limit: int = ID_LIMIT,
        compiled: bool | None = None,
    ) -> None:
        """`compiled`: score with the numba kernel (default: when installed)."""
        tox_spec, intent_spec = toxicity.spec, intent.spec
        chars, *char_cols = joint_vocabulary(
            toxicity.char_block.vocabulary, intent.char_block.vocabulary
        )
        words, *word_cols = joint_vocabulary(
            toxicity.word_block.vocabulary, intent.word_block.vocabulary
        )
        # Char ids are 0 … 2**h - 1, word ids 2**h + term (the block is `id >> h`).
        h = max(len(chars), len(words), 2).bit_length()
        word_ngrams = _ranges(tox_spec.word_ngrams, intent_spec.word_ngrams)
        self._phrases = PhraseIndex(words, word_ngrams)
        weights = Weights(
            toxicity,
            intent,
            (char_cols[0], char_cols[1]),
            (word_cols[0], word_cols[1]),
            1 << h,
        )
        self.weights = weights
        use_kernel = COMPILED if compiled is None else compiled
        self.table = WordTable(
            {term: joint << 1 for term, joint in chars.items()},  # an is-cue bit below
            _ranges(tox_spec.char_ngrams, intent_spec.char_ngrams),
            self._phrases.codes,
            word_limit,
            id_limit,
            # The kernel reads each word's own sums of its char rows (see `rowsums`).
            row_weights=weights.rows if use_kernel else None,
        )
        self._keyed = KeyedScorer(self._phrases, self.weights, h)
        # The numpy path's keys hold a document field of limited width: larger batches
        # are split (the kernel has no such limit, but bounded calls cost nothing).
        self.max_docs = self._keyed.max_docs
        self._kernel = WordKernel(self._phrases, self.weights, 1 << h) if use_kernel else None

    def logits(
        self, texts: Sequence[list[str]], cues: Sequence[list[str]] | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """Toxicity logits (n,) and intent logits (n, k) — the latter meaningful only when
        each text's cue words are given (the intent model reads the text, then its cues).

        `texts` holds each text's words (`text.split()`).
        """
        count = len(texts)
        if count > self.max_docs:
            parts = [
                self.logits(
                    texts[i : i + self.max_docs],
                    None if cues is None else cues[i : i + self.max_docs],
                )
                for i in range(0, count, self.max_docs)
            ]
            return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        words: list[str] = []
        lengths: list[int] = []
        if cues is None:
            for split in texts:
                words += split
                lengths += (len(split), 0)
        else:
            for split, extra in zip(texts, cues, strict=True):
                words += split
                words += extra
                lengths += (len(split), len(extra))
        rows, found = self.table.lookup(words)
        if self._kernel is None:
            return self._keyed.logits(rows, found, lengths, cues is not None)
        return self._kernel.logits(rows, found, lengths)

    @property
    def compiled(self) -> bool:
        """True when `row_logits` can run (the numba kernel is in use)."""
        return self._kernel is not None

    def row_logits(
        self, rows: Rows, found: IntArray, lengths: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """`logits` of documents whose words (text then cues) are already table rows:
        `found`, with each document's text and cue word counts in `lengths`."""
        if self._kernel is None:
            raise ModelError("scoring table rows needs the compiled kernel")
        return self._kernel.logits(rows, found, lengths)
