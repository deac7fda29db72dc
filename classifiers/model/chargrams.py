"""The char_wb n-gram columns of many words at once, in numpy, without building the n-grams.

scikit-learn's char_wb analyzer pads each word with a space on both sides and takes every
n-gram of the padded word, for n in the model's range; a padded word shorter than the
smallest n is taken whole, once. Here every vocabulary term is a path of character codes:
at level 1 a prefix's id is its character's code, and the prefix of n characters has an id
at level n — its position in a sorted array of keys `prefix id at level n-1 × K + code`
(K: one more than the number of codes). Looking up the n-grams of every position of a
batch is then one `np.searchsorted` per level; a term column per prefix id says which
prefixes are themselves vocabulary terms. A character no term uses has code 0 and breaks
every n-gram through it, as the string it stands for would match no term.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

_MISSING = np.iinfo(np.int64).max  # ends every level's keys: no real key reaches it


class CharGramIndex:
    """A char n-gram vocabulary (term → column) as per-level prefix tables."""

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int]) -> None:
        self.lo, self.hi = ngram_range
        # Kept only where `_short_words` reads it (the vocabulary is large).
        self._vocabulary = vocabulary if self.lo > 3 else {}
        alphabet = sorted({char for term in vocabulary for char in term})
        self._points = np.array([ord(char) for char in alphabet], dtype=np.int64)
        code = {char: i + 1 for i, char in enumerate(alphabet)}
        self._base = len(alphabet) + 1
        longest = max(map(len, vocabulary), default=1)
        # Level 1: a prefix id is the code itself (0: a character no term uses).
        level_terms = np.full(self._base, -1, dtype=np.int64)
        ids: dict[str, int] = {}
        for term, column in vocabulary.items():
            if len(term) == 1:
                level_terms[code[term]] = column
        for char in alphabet:
            ids[char] = code[char]
        self._terms: list[IntArray] = [level_terms]
        self._keys: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        for level in range(2, longest + 1):
            keyed = {
                ids[term[: level - 1]] * self._base + code[term[level - 1]]: term[:level]
                for term in vocabulary
                if len(term) >= level
            }
            keys = sorted(keyed)
            ids = {keyed[key]: i for i, key in enumerate(keys)}
            terms = np.full(len(keys) + 1, -1, dtype=np.int64)  # + the missing prefix
            for i, key in enumerate(keys):
                terms[i] = vocabulary.get(keyed[key], -1)
            self._keys.append(np.array([*keys, _MISSING], dtype=np.int64))
            self._terms.append(terms)

    def columns(self, words: list[str], owners: IntArray) -> tuple[IntArray, IntArray]:
        """(owner, column) of every char_wb n-gram of `words` in the vocabulary, where
        `owners[i]` is what word i belongs to (its document, say)."""
        if not words or self._points.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        padded = "".join(f" {word} " for word in words)
        points = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        at = self._points.searchsorted(points)
        at[at == self._points.size] = 0
        codes = np.where(self._points[at] == points, at + 1, 0)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        # How many characters each position has left in its own padded word.
        ends = np.cumsum(lengths)
        left = np.repeat(ends, lengths) - np.arange(ends[-1])
        owner = np.repeat(owners, lengths)
        found_owner: list[IntArray] = []
        found_column: list[IntArray] = []
        prefix = codes
        for level in range(1, min(self.hi, len(self._terms)) + 1):
            if level > 1:
                span = codes.size - level + 1
                keys = self._keys[level - 1]
                key = prefix[:span] * self._base + codes[level - 1 :]
                hit = keys.searchsorted(key)
                prefix = np.where(keys[hit] == key, hit, keys.size - 1)
            if level >= self.lo:
                terms = self._terms[level - 1][prefix]
                where = ((terms >= 0) & (left[: terms.size] >= level)).nonzero()[0]
                found_owner.append(owner[where])
                found_column.append(terms[where])
        self._short_words(words, lengths, owners, found_owner, found_column)
        return np.concatenate(found_owner), np.concatenate(found_column)

    def _short_words(
        self,
        words: list[str],
        lengths: IntArray,
        owners: IntArray,
        found_owner: list[IntArray],
        found_column: list[IntArray],
    ) -> None:
        """A padded word shorter than the smallest n is one n-gram, itself."""
        if self.lo <= 3:  # a padded word has at least 3 characters: never shorter
            return
        short = np.flatnonzero(lengths < self.lo).tolist()
        column = [self._vocabulary.get(f" {words[i]} ", -1) for i in short]
        kept = [i for i, c in zip(short, column, strict=True) if c >= 0]
        found_owner.append(owners[kept])
        found_column.append(np.array([c for c in column if c >= 0], dtype=np.int64))
