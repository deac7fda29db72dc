"""Texts to per-document facts: every chunk found by hash (new ones learned), then
`document_facts`, in two compiled passes.

`ChunkReader` owns the `Vocabulary` the passes read; when learning a batch's new chunks
would pass its limits it starts a new one (bounded memory: a cold vocabulary only costs
speed), and a batch alone larger than a vocabulary raises `VocabularyFull`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from classifiers.fastpath.chained import chained_words
from classifiers.fastpath.chunkfind import find_chunks
from classifiers.fastpath.facts import document_facts
from classifiers.fastpath.vocabulary import (
    CHUNK_LIMIT,
    WORD_LIMIT,
    Vocabulary,
    VocabularyFull,
    code_points,
)
from classifiers.language import packed_vote
from classifiers.normalization.runs import WHITESPACE

IntArray = npt.NDArray[np.int64]
# True at every code point `str.split()` cuts at (all of them lie below U+3001).
SPACE = np.zeros(max(map(ord, WHITESPACE)) + 1, np.bool_)
SPACE[[ord(c) for c in WHITESPACE]] = True


@dataclass(frozen=True, slots=True)
class Facts:
    """`document_facts` of some texts (`bodies`, at `bounds` of their code points)."""

    bodies: list[str]
    bounds: IntArray
    starts: IntArray  # each chunk's span in the code points
    ends: IntArray
    word_bounds: IntArray
    words: IntArray
    votes: IntArray
    reach: IntArray
    flags: IntArray
    word_chunk: IntArray
    chunk_first: IntArray
    reached: IntArray  # text d's words of nonzero reach: reached[reached_bounds[d]:…]
    reached_bounds: IntArray
    normalized: list[str]


class ChunkReader:
    """Reads texts against one vocabulary at a time (not thread-safe: its owner locks)."""

    def __init__(self, chunk_limit: int = CHUNK_LIMIT, word_limit: int = WORD_LIMIT) -> None:
        """`chunk_limit`, `word_limit`: what one vocabulary holds before starting over."""
        self._limits = (chunk_limit, word_limit)
        self.vocabulary = Vocabulary(*self._limits)

    def facts(self, bodies: list[str]) -> Facts:
        """Every chunk of `bodies` found (new ones learned), then `document_facts`."""
        joined = "".join(bodies)
        points = code_points(joined)
        bounds = np.zeros(len(bodies) + 1, np.int64)
        np.cumsum(np.fromiter(map(len, bodies), np.int64, len(bodies)), out=bounds[1:])
        for attempt in range(2):
            vocabulary = self.vocabulary
            ids, starts, ends, per_text = find_chunks(
                points, bounds, SPACE, vocabulary.slots, vocabulary.hashes,
                vocabulary.chunk_start, vocabulary.pool,
            )  # fmt: skip
            unknown = np.flatnonzero(ids < 0)
            if not unknown.size:
                break
            spans = zip(starts[unknown].tolist(), ends[unknown].tolist(), strict=True)
            chunks = [joined[start:end] for start, end in spans]
            distinct = list(dict.fromkeys(chunks))
            try:
                learned = vocabulary.learn(distinct, chained_words, packed_vote)
            except VocabularyFull:
                if attempt:
                    raise  # these texts alone are more than a vocabulary holds
                self.vocabulary = Vocabulary(*self._limits)  # bounded memory: start over
                continue
            id_of = dict(zip(distinct, learned, strict=True))
            ids[unknown] = [id_of[chunk] for chunk in chunks]
            break
        (
            word_bounds, words, votes, reach, flags, out, word_chunk, chunk_first, reached,
            reached_bounds,
        ) = document_facts(
            ids, per_text, vocabulary.chunk_word_start, vocabulary.chunk_words,
            vocabulary.word_vote, vocabulary.word_flags, vocabulary.word_reach,
            vocabulary.word_start, vocabulary.word_pool,
        )  # fmt: skip
        texts = out.tobytes().decode("utf-32-le", "surrogatepass").split("\n")
        return Facts(
            bodies, bounds, starts, ends, word_bounds, words, votes, reach, flags, word_chunk,
            chunk_first, reached, reached_bounds, texts,
        )  # fmt: skip
