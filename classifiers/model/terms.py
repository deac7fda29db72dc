"""Vocabularies (term → column) in a loaded model, kept compact.

A dict of strings to ints costs some 150 bytes a term (entry, string, int): with three
models over 300,000 distinct terms, more than the rest of the detector. A loaded model's
own vocabulary stays the bytes it was stored as (`StoredTerms`); the scorer's joint
vocabulary is the sorted array of the terms' hashes (`HashedTerms`), 8 bytes a term.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import chain

import numpy as np
import numpy.typing as npt

from classifiers.errors import ModelError

IntArray = npt.NDArray[np.int64]


class StoredTerms(Mapping[str, int]):
    """A loaded model's vocabulary as stored: UTF-8 terms, one a line in column order,
    decoded only when read. The scorer iterates it once; a single look-up decodes it all,
    so read many terms' columns through `items()`, never term by term."""

    __slots__ = ("_size", "raw")

    def __init__(self, raw: bytes, size: int) -> None:
        self.raw = raw
        self._size = size

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw.decode("utf-8").split("\n") if self._size else [])

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, term: str) -> int:
        return dict(zip(self, range(self._size), strict=True))[term]

    def values(self) -> range:  # type: ignore[override]
        return range(self._size)

    def items(self) -> zip[tuple[str, int]]:  # type: ignore[override]
        return zip(self, range(self._size), strict=True)


class HashedTerms:
    """The union of several vocabularies: a term's column is `start` + the position of its
    hash among the sorted hashes of every distinct term.

    Python's str hash is 64 bits: two terms of the union sharing one is refused at load
    (about one load in 10⁹ for 300,000 terms, and a restart rehashes); a text's n-gram
    outside the vocabulary matching a term's hash, about once in 10¹³ look-ups, would
    count as that term."""

    def __init__(self, vocabularies: Iterable[Iterable[str]], start: int = 0) -> None:
        terms = list(dict.fromkeys(chain.from_iterable(vocabularies)))
        self._keys = np.sort(np.fromiter(map(hash, terms), dtype=np.int64, count=len(terms)))
        if self._keys.size and (self._keys[1:] == self._keys[:-1]).any():
            raise ModelError("two model terms share a hash; load the model again")
        self.start = start
        self._last = max(self._keys.size - 1, 0)

    def __len__(self) -> int:
        return int(self._keys.size)

    def find(self, terms: list[str]) -> IntArray:
        """Each term's column, -1 for a term not in the vocabulary."""
        hashes = np.fromiter(map(hash, terms), dtype=np.int64, count=len(terms))
        at = np.minimum(self._keys.searchsorted(hashes), self._last)
        if not self._keys.size:
            return np.full(len(terms), -1, dtype=np.int64)
        found: IntArray = np.where(self._keys[at] == hashes, at + self.start, -1)
        return found

    def mapping(self, vocabulary: Iterable[str]) -> dict[str, int]:
        """Term → column of `vocabulary`'s terms (all in the union): for building indexes."""
        terms = list(vocabulary)
        return dict(zip(terms, self.find(terms).tolist(), strict=True))
