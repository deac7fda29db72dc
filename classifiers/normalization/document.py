"""The normalized document: tokens with spans into the original text.

`normalize` splits the text at whitespace into chunks, reads each chunk's words from a
cache (`runs`: its runs folded once: characters, then words), re-joins letters written
apart ("х у й", "п.и.з.д.е.ц", "с_у_к_а"; `stretches`) and leaves the tokens — every word
with the span of what the author actually typed, so a moderator's card can quote or mask
it exactly — to `tokenize`, run only when someone asks for them.

Texts longer than MAX_ANALYZED_CHARS (10,000 characters) are cut to that length before
any work, and the result says `truncated=True`: a 1 MB paste costs the same as a long
comment, and abuse hidden only past the first 10,000 characters is left to the model's
or a human's judgement of what was analysed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import reduce
from itertools import accumulate
from operator import iadd

from classifiers.normalization.runs import (
    CHUNK_WORDS,
    RUN,
    TEXT,
    WHITESPACE,
    Row,
    chunk_offset,
    pieces_of,
    token_in_chunk,
)
from classifiers.normalization.spelling import join_spelled_out, maybe_spelled
from classifiers.normalization.stretches import Join, join_stretches, place_joined
from classifiers.normalization.tokens import TOKEN_FROM_ROW, Normalized, Token

__all__ = [
    "MAX_ANALYZED_CHARS",
    "WHITESPACE",
    "joined_tokens_at",
    "normalize",
    "tokenize",
    "tokens_at",
]

MAX_ANALYZED_CHARS: int = 10_000


def normalize(text: str) -> Normalized:
    """Normalize a comment for detection; never raises, and normalize(n.text).text == n.text.

    Each whitespace-separated chunk's words come from a cache and are joined; the tokens
    (with spans) are left to `tokenize`, or placed a few at a time by `tokens_at`.
    """
    truncated = len(text) > MAX_ANALYZED_CHARS
    body = text[:MAX_ANALYZED_CHARS] if truncated else text
    # Runs never cross whitespace (nor look across it), so the words of each whitespace-
    # separated chunk are cached: str.split is several times cheaper than the run regex.
    chunks = body.split()
    folded = list(map(CHUNK_WORDS.__getitem__, chunks))
    # The cached words themselves, not copies: cheaper than splitting the joined text.
    # (list += tuple per chunk: chain.from_iterable would make an iterator per chunk.)
    words: list[str] = reduce(iadd, folded, [])
    joined = " ".join(words)
    if maybe_spelled(joined, body):
        words, joins = join_stretches(chunks, folded, words, joined)
        if joins:
            joined = " ".join(words)
        return Normalized(text, joined, None, truncated, words, (chunks, folded), joins)
    return Normalized(text, joined, None, truncated, words, (chunks, folded), ())


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of `normalize(text)`, each with its span in `text`."""
    body = text[:MAX_ANALYZED_CHARS]
    rows: list[Row] = []
    add_row = rows.append
    find, pos = body.find, 0
    # findall + str.find is cheaper than finditer's Match objects; between two runs lie only
    # separators, so the first occurrence at or after `pos` is the run itself.
    for run in RUN.findall(body):
        offset = find(run, pos)
        pos = offset + len(run)
        for t, start, end, script, translit in pieces_of(run):
            add_row((t, start + offset, end + offset, script, translit))
    tokens = tuple(map(TOKEN_FROM_ROW, rows))
    if maybe_spelled(" ".join(map(TEXT, rows)), body):
        tokens = join_spelled_out(body, tokens)
    return tokens


def joined_tokens_at(
    text: str,
    indexes: Iterable[int],
    joins: tuple[Join, ...],
    chunks: list[str],
    folded: list[tuple[str, ...]],
) -> dict[int, Token]:
    """`tokens_at` for a text whose spelled-out words were joined (`joins`)."""
    return place_joined(sorted(set(indexes)), joins, lambda i: tokens_at(text, i, chunks, folded))


def tokens_at(
    text: str, indexes: Iterable[int], chunks: list[str], folded: list[tuple[str, ...]]
) -> dict[int, Token]:
    """Some tokens of `tokenize(text)` by index, for a text without spelled-out words
    (`chunks`: its whitespace-separated chunks, `text[:MAX_ANALYZED_CHARS].split()`, and
    `folded`: their words).

    Placing a lexicon match needs two tokens: the chunks' cached words say which chunk
    holds each, and only those chunks are cut into tokens.
    """
    wanted = sorted(set(indexes))
    if not wanted:
        return {}
    body = text[:MAX_ANALYZED_CHARS]
    ends = list(accumulate(map(len, folded)))  # words up to and including each chunk
    if not ends or wanted[-1] >= ends[-1]:
        raise IndexError(f"token index {wanted[-1]} out of range ({ends[-1] if ends else 0})")
    found: dict[int, Token] = {}
    for index in wanted:
        k = bisect_right(ends, index)
        offset = chunk_offset(body, chunks, k)
        found[index] = token_in_chunk(chunks[k], index - ends[k] + len(folded[k]), offset)
    return found
