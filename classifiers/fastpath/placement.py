"""Where the batch front end's words were written: tokens placed from its chunk spans.

A lexicon match is quoted from the original text, so its first and last tokens need their
spans. The front end already knows, for every word of the batch, its chunk and the
chunk's span; a token is then its chunk's cached rows (`chained`) shifted to where the
chunk starts, with no splitting or searching of the text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from classifiers.fastpath.chained import chained_token
from classifiers.normalization.tokens import Token

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class BatchPlacement:
    """Word j of the batch lies in chunk `word_chunk[j]`, which spans
    `starts[k]:ends[k]` of the texts end to end and whose first word is `chunk_first[k]`;
    text d's words are `word_bounds[d]:word_bounds[d + 1]` and its characters
    `text_bounds[d]:…`."""

    bodies: list[str]
    text_bounds: IntArray
    word_bounds: IntArray
    word_chunk: IntArray
    chunk_first: IntArray
    starts: IntArray
    ends: IntArray

    def tokens_at(self, d: int, indexes: Iterable[int]) -> dict[int, Token]:
        """Tokens of text d by index (`Normalized.tokens_at`)."""
        wanted = sorted(set(indexes))
        if not wanted:
            return {}
        # (`.item`: a Python int, cheaper than int() of a numpy scalar)
        first = self.word_bounds.item(d)
        count = self.word_bounds.item(d + 1) - first
        if wanted[0] < 0 or wanted[-1] >= count:
            raise IndexError(f"token index out of range ({count} tokens)")
        body, at = self.bodies[d], self.text_bounds.item(d)
        found: dict[int, Token] = {}
        for index in wanted:
            j = first + index
            k = self.word_chunk.item(j)
            start, end = self.starts.item(k) - at, self.ends.item(k) - at
            found[index] = chained_token(body[start:end], j - self.chunk_first.item(k), start)
        return found
