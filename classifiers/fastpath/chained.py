"""A chunk's tokens with the spelling rule that stays within a chunk already applied.

`spelling` joins letters written apart by two rules. The first (chains linked by one
character: "т.е.", "б-л-я") never crosses whitespace, so it is applied to each chunk once
and cached here: the front end's words of a chunk are these rows' texts, and its tokens
are placed from them. Only the second rule (single letters spaced apart: "х у й") needs a
whole text, and only texts that may have such a run go to `normalize`.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

from classifiers.bounded import BoundedCache
from classifiers.normalization.runs import CHUNK_ROWS, CHUNK_WORDS, Row, token_in_chunk
from classifiers.normalization.spelling import join_chains, single_letter
from classifiers.normalization.tokens import TOKEN_FROM_ROW, Token

_LIMIT = 100_000


def _may_chain(words: Sequence[str]) -> bool:
    """A chain needs two single letters side by side; most chunks have none."""
    if len(words) < 2:
        return False
    singles = list(map(single_letter, words))
    return any(map(operator.and_, singles, singles[1:]))


def _chained(chunk: str) -> tuple[Row, ...]:
    rows = CHUNK_ROWS[chunk]
    if not _may_chain([row[0] for row in rows]):
        return rows
    return tuple(join_chains(chunk, tuple(map(TOKEN_FROM_ROW, rows))))


# A chunk's tokens (spans relative to the chunk), chains joined.
CHAINED_ROWS: BoundedCache[str, tuple[Row, ...]] = BoundedCache(_chained, _LIMIT)


def chained_words(chunk: str) -> tuple[str, ...]:
    """The words of `chunk`, chains joined (its tokens are cut only if it may hold one)."""
    words = CHUNK_WORDS[chunk]
    if not _may_chain(words):
        return words
    return tuple(row[0] for row in CHAINED_ROWS[chunk])


def chained_token(chunk: str, local: int, offset: int) -> Token:
    """The `local`-th token of `chunk` (chains joined), which starts at `offset`."""
    return token_in_chunk(chunk, local, offset, CHAINED_ROWS)
