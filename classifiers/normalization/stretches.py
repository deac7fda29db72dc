"""Spelled-out words inside a long comment, joined without tokenizing all of it.

`spelling.join_spelled_out` works on tokens. A spelled-out word is made of one-letter
words side by side, so only the stretches of such words can change, and only their tokens
are needed. The chain rule ("п.и.з.д.е.ц", "б-л-я") asks what separates two letters, and a
separator with whitespace in it never links them; so each stretch is joined on a stand-in
text — its chunks with one space between — where every chunk's tokens come from the
chunk alone, and no position in the real text is ever looked up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import NamedTuple

from classifiers.normalization.runs import token_in_chunk
from classifiers.normalization.spelling import join_spelled_out
from classifiers.normalization.tokens import Token

# Two or more one-letter words in a row: where spelled-out words may be.
# (It starts with a literal space, so the engine jumps from space to space.)
_SINGLES = re.compile(r" [^\W\d_](?: [^\W\d_])+(?= )")


class Join(NamedTuple):
    """One spelled-out word: its index among the joined words, the first and last index of
    the letters it was made of among the words before joining, and its token's fields."""

    at: int
    first: int
    last: int
    text: str
    script: str
    translit: str | None


def join_stretches(
    chunks: list[str], folded: list[tuple[str, ...]], words: list[str], joined: str
) -> tuple[list[str], tuple[Join, ...]]:
    """`words` (the chunks' `folded` words, joined by spaces: `joined`) with spelled-out
    words joined, and each join (none: `words` itself comes back)."""
    stretches = _stretches(joined)
    if not stretches:
        return words, ()
    ends = list(accumulate(map(len, folded)))  # words up to and including each chunk
    out: list[str] = []
    joins: list[Join] = []
    done = 0
    for i, j in stretches:
        first, last = bisect_right(ends, i), bisect_right(ends, j - 1)
        stand_in, letters = _stand_in(chunks, folded, ends, first, last, range(i, j))
        result = join_spelled_out(stand_in, letters)
        if len(result) == j - i:
            continue
        out += words[done:i]
        at = i  # the letter each result token starts at
        for token in result:
            end = at
            while end + 1 < j and letters[end + 1 - i].end <= token.end:
                end += 1
            if end > at:
                joins.append(Join(len(out), at, end, token.text, token.script, token.translit))
            out.append(token.text)
            at = end + 1
        done = j
    if not joins:
        return words, ()
    out += words[done:]
    return out, tuple(joins)


def place_joined(
    indexes: list[int],
    joins: tuple[Join, ...],
    place: Callable[[list[int]], dict[int, Token]],
) -> dict[int, Token]:
    """Tokens by index among the joined words, given `place`, which places tokens by index
    among the words before joining: a joined word spans its first to its last letter."""
    starts = [join.at for join in joins]
    # words before join k were shifted left by the letters joins 0..k-1 swallowed
    shifts = [0, *accumulate(join.last - join.first for join in joins)]
    wanted: dict[int, tuple[int, int, Join | None]] = {}
    for index in indexes:
        k = bisect_left(starts, index)
        if k < len(joins) and starts[k] == index:
            wanted[index] = (joins[k].first, joins[k].last, joins[k])
        else:
            old = index + shifts[k]
            wanted[index] = (old, old, None)
    placed = place([i for first, last, _ in wanted.values() for i in (first, last)])
    found: dict[int, Token] = {}
    for index, (first, last, join) in wanted.items():
        if join is None:
            found[index] = placed[first]
        else:
            start, end = placed[first].start, placed[last].end
            found[index] = Token(join.text, start, end, join.script, join.translit)
    return found


def _stretches(joined: str) -> list[tuple[int, int]]:
    """(first, end) word indexes of every run of two or more one-letter words."""
    padded = f" {joined} "
    stretches: list[tuple[int, int]] = []
    for found in _SINGLES.finditer(padded):  # a superset: [^\W\d_] also takes "²"
        start = -1
        first = padded.count(" ", 0, found.start())
        letters = found.group()[1:].split(" ")
        for i, word in enumerate([*letters, ""], start=first):
            if word.isalpha():
                start = i if start < 0 else start
                continue
            if start >= 0 and i - start >= 2:
                stretches.append((start, i))
            start = -1
    return stretches


def _stand_in(
    chunks: list[str],
    folded: list[tuple[str, ...]],
    ends: list[int],
    first: int,
    last: int,
    indexes: range,
) -> tuple[str, tuple[Token, ...]]:
    """Chunks `first`..`last` joined by one space, and the tokens `indexes` placed in it."""
    bases: list[int] = []
    at = 0
    for chunk in chunks[first : last + 1]:
        bases.append(at)
        at += len(chunk) + 1
    tokens = []
    for index in indexes:
        k = bisect_right(ends, index)
        local = index - ends[k] + len(folded[k])
        tokens.append(token_in_chunk(chunks[k], local, bases[k - first]))
    return " ".join(chunks[first : last + 1]), tuple(tokens)
