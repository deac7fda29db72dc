"""The char_wb n-gram ids of many new words in one compiled pass, without building strings.

The char vocabulary's keys (1 … hi characters, padding spaces included) and all their
prefixes become the nodes of a character trie, numbered level by level (the root first,
then every 1-character prefix, …) so that each node's children are consecutive rows
sorted by code point, as in `PhraseIndex.trie`. A batch of words is encoded once as code
points (each word padded with a space either side, end to end), and the kernel walks down
the trie from every start position of every padded word, up to hi characters, keeping the
id of each depth. It then emits the ids in exactly the order `char_wb_ngrams` followed by
a dict lookup gives them (every n = lo gram left to right, then n = lo + 1, …, and a word
shorter than n counted once, whole, before stopping), dropping n-grams the vocabulary
lacks. `WordTable` uses it when numba is installed; its pure-Python path stays the
reference (tests compare both).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from classifiers.errors import ModelError
from classifiers.model.compiled import compile_kernel

IntArray = npt.NDArray[np.int64]

# Code points below this find their 1-character node in a dense array, not by a binary
# search among the root's children (dozens: the costliest step of every walk).
ROOT_SPAN = 0x3000


def _word_ids(
    points: Any, starts: Any, trie: Any, roots: Any, lo: int, hi: int, ids: Any, counts: Any
) -> int:
    """Fills `ids` with the vocabulary ids of every word's char_wb n-grams and `counts[w]`
    with word w's number of them; returns how many ids were written.

    `points[starts[w]:starts[w + 1]]`: padded word w's code points; `trie[v]` = (first
    child, code point, id or -1) and `roots` as `CharTrie.trie` and `CharTrie.roots`;
    `ids` is long enough for every n-gram of the batch.
    """
    longest = 0
    for w in range(counts.size):
        longest = max(longest, starts[w + 1] - starts[w])
    # found[d, i]: the id of the depth-d prefix from start i, for d up to reached[i]
    found = np.empty((hi + 1, max(longest, 1)), np.int64)
    reached = np.empty(max(longest, 1), np.int64)
    total = 0
    for w in range(counts.size):
        first = starts[w]
        length = starts[w + 1] - first
        for i in range(length):
            node = 0
            depth = 0
            for d in range(1, min(hi, length - i) + 1):
                point = points[first + i + d - 1]
                if node == 0 and point < roots.size:
                    child = roots[point]
                else:  # binary search of the node's children, sorted by code point
                    low, high = trie[node, 0], trie[node + 1, 0]
                    stop = high
                    while low < high:
                        mid = (low + high) >> 1
                        if trie[mid, 1] < point:
                            low = mid + 1
                        else:
                            high = mid
                    child = low if low < stop and trie[low, 1] == point else -1
                if child < 0:
                    break  # no vocabulary n-gram starts with these characters
                node = child
                depth = d
                found[d, i] = trie[node, 2]
            reached[i] = depth
        before = total
        for n in range(lo, hi + 1):
            if n >= length:  # shorter than n: the whole padded word, once, then stop
                if reached[0] == length and found[length, 0] >= 0:
                    ids[total] = found[length, 0]
                    total += 1
                break
            for i in range(length - n + 1):
                if reached[i] >= n and found[n, i] >= 0:
                    ids[total] = found[n, i]
                    total += 1
        counts[w] = total - before
    return total


_compiled = compile_kernel(_word_ids)
COMPILED: bool = _compiled is not None


def _code_points(text: str) -> npt.NDArray[np.uint32]:
    """One uint32 per character of `text` (a lone surrogate too: Python counts it as one)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class CharTrie:
    """A char n-gram vocabulary as a trie, and the compiled walk of new words through it."""

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int]) -> None:
        """`vocabulary`: n-gram → id (>= 0); `ngram_range`: (lo, hi) of `char_wb_ngrams`."""
        if _compiled is None:
            raise ModelError("the compiled char trie needs numba, which is not installed")
        self.ngram_range = ngram_range
        self.trie = self._trie(vocabulary)
        # roots[p]: the node of the 1-character prefix chr(p), -1 if none
        children = np.arange(1, self.trie[1, 0])
        points = self.trie[children, 1]
        spanned = points < ROOT_SPAN
        self.roots = np.full(int(points[spanned].max(initial=-1)) + 1, -1, dtype=np.int32)
        self.roots[points[spanned]] = children[spanned]

    @staticmethod
    def _trie(vocabulary: dict[str, int]) -> IntArray:
        """A row (first child, code point, id) per node, the root first and a last row
        closing the final child range. Numbering the prefixes level by level, each level
        sorted (Python compares strings by code point), orders a level by parent, then
        by last code point: each node's children are consecutive rows sorted by code
        point, and they follow its predecessors' children."""
        levels: list[set[str]] = [set() for _ in range(max(map(len, vocabulary), default=0))]
        for key in vocabulary:
            for end in range(1, len(key) + 1):
                levels[end - 1].add(key[:end])
        nodes = [""]
        for level in levels:
            nodes += sorted(level)  # plain string order: twice as fast as a (len, str) key
        number = {prefix: i for i, prefix in enumerate(nodes)}
        total = len(nodes)
        trie = np.full((total + 1, 3), -1, dtype=np.int64)
        trie[1:total, 1] = [ord(prefix[-1]) for prefix in nodes[1:]]
        trie[:total, 2] = [vocabulary.get(prefix, -1) for prefix in nodes]
        parents = np.array([number[prefix[:-1]] for prefix in nodes[1:]], dtype=np.int64)
        trie[0, 0] = 1
        trie[1:, 0] = 1 + np.cumsum(np.bincount(parents, minlength=total)[:total])
        return trie

    def ngram_ids(self, words: list[str]) -> tuple[IntArray, IntArray]:
        """The vocabulary ids of each word's char_wb n-grams, end to end in the order of
        `char_wb_ngrams`, and their count per word."""
        lo, hi = self.ngram_range
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        lengths += 2
        starts = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        # " w1  w2  … " is every padded word end to end: one encode for the batch.
        points = _code_points(" " + "  ".join(words) + " " if words else "")
        # At most one id per window of each length, plus a whole short word.
        ids = np.empty(int(starts[-1]) * (hi - lo + 1) + len(words), dtype=np.int64)
        counts = np.empty(len(words), dtype=np.int64)
        total = _compiled(points, starts, self.trie, self.roots, lo, hi, ids, counts)
        return ids[:total], counts
