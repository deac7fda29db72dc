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
from bisect import bisect_right
from itertools import accumulate

from classifiers.normalization.runs import token_in_chunk
from classifiers.normalization.spelling import join_spelled_out
from classifiers.normalization.tokens import Token

# Two or more one-letter words in a row: where spelled-out words may be.
# (It starts with a literal space, so the engine jumps from space to space.)
_SINGLES = re.compile(r" [^\W\d_](?: [^\W\d_])+(?= )")


def join_stretches(
    chunks: list[str], folded: list[tuple[str, ...]], words: list[str], joined: str
) -> tuple[list[str], bool]:
    """`words` (the chunks' `folded` words, joined by spaces: `joined`) with spelled-out
    words joined, and whether any were."""
    stretches = _stretches(joined)
    if not stretches:
        return words, False
    ends = list(accumulate(map(len, folded)))  # words up to and including each chunk
    out: list[str] = []
    done, changed = 0, False
    for i, j in stretches:
        first, last = bisect_right(ends, i), bisect_right(ends, j - 1)
        stand_in, tokens = _stand_in(chunks, folded, ends, first, last, range(i, j))
        texts = [t.text for t in join_spelled_out(stand_in, tokens)]
        if len(texts) != j - i:
            out += words[done:i]
            out += texts
            done, changed = j, True
    if not changed:
        return words, False
    out += words[done:]
    return out, True


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
