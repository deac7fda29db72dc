"""What the models need of each distinct word, learned once and kept in flat arrays.

A word's char_wb n-grams and its word tokens depend on that word alone, so each distinct
whitespace-separated word is analysed once: its char_wb joint ids (with repeats, one per
n-gram occurrence, as the caller's `chars` maps them) and its tokens' codes (see
`PhraseIndex`) are appended to two CSR tables: two flat arrays, and per word one row of
`spans` (the start and length of its ids, then of its codes). A batch maps its words to
rows with one C-speed dict pass; the scoring kernel reads everything else from the rows.
New words' char ids come from one compiled walk of a `CharTrie` when numba is installed,
else from their n-gram strings and a dict (the reference the tests compare it with).

Concurrency: readers never lock. Within one generation the tables only grow, the arrays
are published before the dict learns the new rows, and a reader reads the arrays after
its lookups, so every row it holds is in the arrays it reads. Growth beyond the capacity
copies into new arrays; eviction (the limits) starts a new generation with its own dict,
so a reader still on the old one keeps a consistent pair. Learning takes a lock.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from classifiers.errors import ModelError
from classifiers.model.chartrie import COMPILED as CHAR_TRIE_COMPILED
from classifiers.model.chartrie import CharTrie
from classifiers.model.features import TOKEN_PATTERN, char_wb_ngrams
from classifiers.model.rowsums import word_sums

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Int32Array = npt.NDArray[np.int32]
KeyArray = npt.NDArray[np.uint32]

WORD_LIMIT = 200_000
ID_LIMIT = 8_000_000  # char ids across all cached words: 32 MB of int32
_TOKENS: Callable[[str], list[str]] = re.compile(TOKEN_PATTERN).findall


@dataclass(frozen=True, slots=True)
class Rows:
    """One published view of the tables; valid for every row its generation has learned.

    `spans[row]` is (char start, char count, code start, code count): 32 bytes together
    hold all the kernel reads of a word before its ids (one memory access, not four).
    """

    char_ids: KeyArray
    codes: Int32Array
    spans: IntArray
    # Per row, in a table kept for the kernel (`row_weights`), the sum of the weight rows
    # of the char ids it holds once, those ids marked by a low bit of 1 (see `rowsums`);
    # else no columns, and every low bit 0.
    sums: FloatArray

    @property
    def char_start(self) -> IntArray:
        return self.spans[:, 0]

    @property
    def char_len(self) -> IntArray:
        return self.spans[:, 1]

    @property
    def code_start(self) -> IntArray:
        return self.spans[:, 2]

    @property
    def code_len(self) -> IntArray:
        return self.spans[:, 3]


class _Digest(NamedTuple):
    """New words' char ids end to end (`char_len` per word) and token codes likewise."""

    chars: IntArray
    char_len: IntArray
    codes: list[int]
    code_len: IntArray


class _Generation:
    """A dict word → row and the growing arrays behind it."""

    __slots__ = ("char_fill", "code_fill", "index", "rows")

    def __init__(self, columns: int) -> None:
        self.index: dict[str, int] = {}
        self.rows = Rows(
            np.zeros(1024, dtype=np.uint32),
            np.zeros(256, dtype=np.int32),
            np.zeros((0, 4), dtype=np.int64),
            np.zeros((0, columns)),
        )
        self.char_fill = 0
        self.code_fill = 0


def _room(array: npt.NDArray[np.generic], needed: int) -> npt.NDArray[np.generic]:
    """`array`, or a copy at least twice as long when `needed` rows do not fit."""
    if needed <= len(array):
        return array
    grown = np.zeros((max(needed, 2 * len(array)), *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def _rows(index: dict[str, int], words: list[str]) -> IntArray:
    """Each word's row (KeyError for a word not in `index`). `itemgetter` looks them all
    up in one C call: some 40% cheaper than `map(index.get, words)`."""
    if len(words) > 1:  # itemgetter of one key returns the value itself, not a tuple
        return np.fromiter(itemgetter(*words)(index), np.int64, len(words))
    return np.array([index[word] for word in words], dtype=np.int64)


class WordTable:
    """Per-word char_wb joint ids and token codes, shared by every batch."""

    def __init__(
        self,
        chars: dict[str, int],
        char_range: tuple[int, int],
        codes: dict[str, int],
        word_limit: int = WORD_LIMIT,
        id_limit: int = ID_LIMIT,
        compiled: bool | None = None,
        row_weights: FloatArray | None = None,
    ) -> None:
        """`compiled`: find new words' char ids with the numba `CharTrie` (default: when
        numba is installed), else with Python strings and a dict lookup. `row_weights`
        (a weight row per char id, compiled only): keep each word's `Rows.sums`."""
        if row_weights is not None and word_sums is None:
            raise ModelError("per-word sums need numba, which is not installed")
        self._chars = chars
        self._char_range = char_range
        use_trie = CHAR_TRIE_COMPILED if compiled is None else compiled
        self._trie = CharTrie(chars, char_range) if use_trie else None
        self._codes = codes
        self._word_limit = word_limit
        self._id_limit = id_limit
        self._lock = threading.Lock()
        self._row_weights = row_weights
        self._columns = 0 if row_weights is None else row_weights.shape[1]
        self._generation = _Generation(self._columns)

    def __len__(self) -> int:
        return len(self._generation.index)

    @property
    def generation(self) -> object:
        """Changes (by identity) when the table starts over: rows found before are void."""
        return self._generation

    def lookup(self, words: list[str]) -> tuple[Rows, IntArray]:
        """The tables and each word's row in them, learning the words not seen yet."""
        generation = self._generation
        try:
            found = _rows(generation.index, words)
        except KeyError:  # a word not learned yet
            generation = self._learn(words)
            found = _rows(generation.index, words)
        rows = generation.rows  # read after the lookups: it holds every row found
        return rows, found

    def _digest(self, words: list[str]) -> _Digest:
        """What the tables need of new words: their char ids laid end to end with a count
        per word, and their token codes likewise."""
        if self._trie is not None:
            chars, char_len = self._trie.ngram_ids(words)
        else:
            chars, char_len = self._char_ids(words)
        # A word of two or more `str.isalnum` characters (each matches \w, which is
        # isalnum or "_") is its own one token: the regex runs only for the rest (some 0.5%
        # of real words), saving about 0.5 µs a word.
        tokens = [(w,) if len(w) > 1 and w.isalnum() else _TOKENS(w) for w in words]
        code_len = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        unknown = len(self._codes)  # see PhraseIndex.unknown
        codes = list(map(self._codes.get, chain.from_iterable(tokens), repeat(unknown)))
        return _Digest(chars, char_len, codes, code_len)

    def _char_ids(self, words: list[str]) -> tuple[IntArray, IntArray]:
        """`CharTrie.ngram_ids` in Python: each n-gram's id is looked up in C (`map` with a
        default) and the unknown ones are dropped with one numpy pass."""
        lo, hi = self._char_range
        grams = [char_wb_ngrams(word, lo, hi) for word in words]
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        total = int(lengths.sum())
        raw = np.fromiter(
            map(self._chars.get, chain.from_iterable(grams), repeat(-1)),
            dtype=np.int64,
            count=total,
        )
        known = raw >= 0
        # every word has at least one n-gram (itself, padded), so no segment is empty
        char_len = (
            np.add.reduceat(known.astype(np.int64), np.cumsum(lengths) - lengths)
            if total
            else np.zeros(0, dtype=np.int64)
        )
        return raw[known], char_len

    def _learn(self, words: list[str]) -> _Generation:
        with self._lock:
            generation = self._generation
            distinct = list(dict.fromkeys(words))
            missing = [w for w in distinct if w not in generation.index]
            digest = self._digest(missing)
            if generation.index and (
                len(generation.index) + len(missing) > self._word_limit
                or generation.char_fill + digest.chars.size > self._id_limit
            ):
                # Bounded memory: start over with just this batch's words; a cold table
                # only costs speed.
                generation = _Generation(self._columns)
                missing = distinct
                digest = self._digest(missing)
            self._append(generation, missing, digest)
            self._generation = generation
            return generation

    def _append(self, generation: _Generation, words: list[str], digest: _Digest) -> None:
        old = generation.rows
        first = len(generation.index)
        count = first + len(words)
        flat_chars, char_len = digest.chars, digest.char_len
        flat_codes, code_len = digest.codes, digest.code_len
        char_ids = _room(old.char_ids, generation.char_fill + flat_chars.size)
        codes = _room(old.codes, generation.code_fill + len(flat_codes))
        char_ids[generation.char_fill : generation.char_fill + flat_chars.size] = flat_chars
        codes[generation.code_fill : generation.code_fill + len(flat_codes)] = flat_codes
        spans = _room(old.spans, count)
        spans[first:count, 0] = generation.char_fill + np.cumsum(char_len) - char_len
        spans[first:count, 1] = char_len
        spans[first:count, 2] = generation.code_fill + np.cumsum(code_len) - code_len
        spans[first:count, 3] = code_len
        generation.char_fill += flat_chars.size
        generation.code_fill += len(flat_codes)
        sums = _room(old.sums, count)
        if self._row_weights is not None:
            word_sums(char_ids, spans, first, count, self._row_weights, sums)
        # Publish the arrays, then the rows: a reader that finds a word can read its row.
        generation.rows = Rows(
            char_ids,  # type: ignore[arg-type]
            codes,  # type: ignore[arg-type]
            spans,  # type: ignore[arg-type]
            sums,  # type: ignore[arg-type]
        )
        index = generation.index
        for row, word in enumerate(words, start=first):
            index[word] = row
