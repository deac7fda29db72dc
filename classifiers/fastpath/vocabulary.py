"""The chunks and words the batch front end has learned, in flat arrays the passes read.

Each distinct chunk (whitespace-free text) is folded once by normalization's own caches
(`chained`), its code points go into a pool, and its words become word ids. Each
distinct word keeps its code points (to write normalized texts), its packed language
vote, its flags (a single letter, a Kazakh particle, a question word), its lexicon reach
(-1 until the lexicon has looked at it) and its `WordTable` row (-1 until the model has).
Memory is bounded: a vocabulary that would pass its limits refuses to learn
(`VocabularyFull`) and its owner starts a new one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from classifiers.fastpath.chunkfind import hash_chunks, insert_chunks
from classifiers.fastpath.facts import PARTICLE, QUESTION_WORD, SINGLE_LETTER, STANDALONE
from classifiers.model.cues import KAZAKH_PARTICLES, QUESTION_WORDS
from classifiers.normalization.spelling import STANDALONE_LETTERS

IntArray = npt.NDArray[np.int64]
A = TypeVar("A", bound=npt.NDArray[Any])
CHUNK_LIMIT = 100_000
WORD_LIMIT = 200_000
_LETTER = re.compile(r"[^\W\d_]")  # what the spelled-out rules call a letter


class VocabularyFull(Exception):
    """Learning these chunks would pass the vocabulary's limits."""


class Unsupported(Exception):
    """A chunk the front end cannot represent (a word with whitespace in it)."""


def code_points(text: str) -> npt.NDArray[np.uint32]:
    """`text` as code points (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _room(array: A, needed: int, fill: int = 0) -> A:
    """`array`, or a copy at least twice as long (new cells `fill`) if `needed` do not fit."""
    if needed <= array.size:
        return array
    grown = np.full(max(needed, 2 * array.size), fill, dtype=array.dtype)
    grown[: array.size] = array
    return cast(A, grown)


def _word_flags(word: str) -> int:
    single = len(word) == 1 and _LETTER.match(word) is not None
    return (
        SINGLE_LETTER * single
        | STANDALONE * (word in STANDALONE_LETTERS)
        | PARTICLE * (word in KAZAKH_PARTICLES)
        | QUESTION_WORD * (word in QUESTION_WORDS)
    )


class Vocabulary:
    """One generation of learned chunks and words (not thread-safe: its owner locks)."""

    def __init__(self, chunk_limit: int = CHUNK_LIMIT, word_limit: int = WORD_LIMIT) -> None:
        self.chunk_limit, self.word_limit = chunk_limit, word_limit
        self.slots = np.zeros(1024, np.int64)
        self.hashes = np.zeros(256, np.uint64)
        self.chunk_start = np.zeros(257, np.int64)
        self.pool = np.zeros(2048, np.uint32)
        self.chunk_word_start = np.zeros(257, np.int64)
        self.chunk_words = np.zeros(512, np.int64)
        self.chunks = 0
        self.words: list[str] = []
        self._word_ids: dict[str, int] = {}
        self.word_start = np.zeros(257, np.int64)
        self.word_pool = np.zeros(2048, np.uint32)
        self.word_vote = np.zeros(256, np.int64)
        self.word_flags = np.zeros(256, np.int64)
        self.word_reach = np.full(256, -1, np.int64)
        self.word_row = np.full(256, -1, np.int64)

    def learn(
        self,
        chunks: Sequence[str],
        words_of: Callable[[str], tuple[str, ...]],
        vote_of: Callable[[str], int],
    ) -> list[int]:
        """Ids of `chunks` (distinct, none known yet), learning them and their new words."""
        folded = [words_of(chunk) for chunk in chunks]
        new_words = list(dict.fromkeys(w for ws in folded for w in ws if w not in self._word_ids))
        if (
            self.chunks + len(chunks) > self.chunk_limit
            or len(self.words) + len(new_words) > self.word_limit
        ):
            raise VocabularyFull(f"{len(chunks)} new chunks, {len(new_words)} new words")
        for word in new_words:
            if word.split() != [word]:  # empty, or holding whitespace
                raise Unsupported(f"word {word!r} is empty or holds whitespace")
        self._add_words(new_words, vote_of)
        ids = self._word_ids
        word_ids = [ids[w] for ws in folded for w in ws]
        first, count = self.chunks, self.chunks + len(chunks)
        points = code_points("".join(chunks))
        lengths = np.fromiter(map(len, chunks), np.int64, len(chunks))
        word_counts = np.fromiter(map(len, folded), np.int64, len(folded))
        fill, word_fill = int(self.chunk_start[first]), int(self.chunk_word_start[first])
        self.pool = _room(self.pool, fill + points.size)
        self.pool[fill : fill + points.size] = points
        self.chunk_words = _room(self.chunk_words, word_fill + len(word_ids))
        self.chunk_words[word_fill : word_fill + len(word_ids)] = word_ids
        self.chunk_start = _room(self.chunk_start, count + 1)
        self.chunk_start[first + 1 : count + 1] = fill + np.cumsum(lengths)
        self.chunk_word_start = _room(self.chunk_word_start, count + 1)
        self.chunk_word_start[first + 1 : count + 1] = word_fill + np.cumsum(word_counts)
        self.hashes = _room(self.hashes, count)
        hash_chunks(self.pool, self.chunk_start, self.hashes, first, count)
        if 2 * count > self.slots.size:  # at most half full: probes stay short
            size = self.slots.size
            while 2 * count > size:
                size *= 2
            self.slots = np.zeros(size, np.int64)
            insert_chunks(self.slots, self.hashes, 0, count)
        else:
            insert_chunks(self.slots, self.hashes, first, count)
        self.chunks = count
        return list(range(first, count))

    def _add_words(self, words: list[str], vote_of: Callable[[str], int]) -> None:
        first, count = len(self.words), len(self.words) + len(words)
        points = code_points("".join(words))
        lengths = np.fromiter(map(len, words), np.int64, len(words))
        fill = int(self.word_start[first])
        self.word_pool = _room(self.word_pool, fill + points.size)
        self.word_pool[fill : fill + points.size] = points
        self.word_start = _room(self.word_start, count + 1)
        self.word_start[first + 1 : count + 1] = fill + np.cumsum(lengths)
        self.word_vote = _room(self.word_vote, count)
        self.word_vote[first:count] = np.fromiter(map(vote_of, words), np.int64, len(words))
        self.word_flags = _room(self.word_flags, count)
        self.word_flags[first:count] = np.fromiter(map(_word_flags, words), np.int64, len(words))
        self.word_reach = _room(self.word_reach, count, -1)
        self.word_row = _room(self.word_row, count, -1)
        self.words.extend(words)
        self._word_ids.update(zip(words, range(first, count), strict=True))

    def forget_reach(self) -> None:
        """Every word's lexicon reach unknown again (another lexicon reads them)."""
        self.word_reach[:] = -1

    def forget_rows(self) -> None:
        """Every word's model row unknown again (the model's table started over)."""
        self.word_row[:] = -1
