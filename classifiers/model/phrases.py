"""Word n-grams of many documents at once, looked up without building their strings.

Every token that occurs in some vocabulary term gets an integer code, fixed at load. A
vocabulary n-gram is then a path of codes: level 1 is the code itself, and the prefix of
n tokens has an id at level n — its position in a sorted array of keys
`prefix id at level n-1 × K + code`, K being the number of codes. Looking up the n-grams
of a token stream is one `np.searchsorted` per level; a term id per prefix id says which
prefixes are themselves vocabulary terms. A token the vocabulary never uses gets code K
and breaks every n-gram through it, as the string it stands for would. Every level's keys
end with a sentinel whose position is the "missing prefix" id, so no step needs a bounds
check. The compiled kernel reads the same prefixes as a trie (`trie_*`), walking from
each token to its extensions instead of searching a whole level.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


# Ends every level's sorted keys: above any real key, so a search never runs off the end.
_SENTINEL: IntArray = np.array([np.iinfo(np.int64).max], dtype=np.int64)


def _with_missing(values: list[int]) -> IntArray:
    """The values plus a trailing -1: the term of the missing (sentinel) prefix."""
    return np.array([*values, -1], dtype=np.int64)


class PhraseIndex:
    """Token codes and per-level prefix tables for one (joint) word vocabulary."""

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int]) -> None:
        self.ngram_range = ngram_range
        split = [(term.split(" "), joint) for term, joint in vocabulary.items()]
        self.codes: dict[str, int] = {}
        for tokens, _ in split:
            for token in tokens:
                self.codes.setdefault(token, len(self.codes))
        # Code K (one past the last) stands for a token no term uses.
        self.unknown = len(self.codes)
        width = self.unknown + 1
        self.width = width
        longest = max((len(tokens) for tokens, _ in split), default=1)
        # Level 1: prefix id = code.
        terms = [-1] * len(self.codes)
        for tokens, joint in split:
            if len(tokens) == 1:
                terms[self.codes[tokens[0]]] = joint
        self._terms: list[IntArray] = [_with_missing(terms)]
        self._keys: list[IntArray] = [_SENTINEL]
        prefix_of: dict[tuple[str, ...], int] = {(t,): c for t, c in self.codes.items()}
        for level in range(2, longest + 1):
            keyed: dict[int, tuple[str, ...]] = {}
            for tokens, _ in split:
                if len(tokens) >= level:
                    head = tuple(tokens[:level])
                    key = prefix_of[head[:-1]] * width + self.codes[head[-1]]
                    keyed[key] = head
            keys = sorted(keyed)
            prefix_of = {keyed[key]: i for i, key in enumerate(keys)}
            level_terms = [-1] * len(keys)
            for tokens, joint in split:
                if len(tokens) == level:
                    level_terms[prefix_of[tuple(tokens)]] = joint
            self._keys.append(np.array([*keys, _SENTINEL[0]], dtype=np.int64))
            self._terms.append(_with_missing(level_terms))
        self.trie = self._trie()
        # The same tables as Python objects, for one short document (see `ngram_list`).
        self._key_dicts = [{k: i for i, k in enumerate(keys.tolist()[:-1])} for keys in self._keys]
        self._term_lists: list[list[int]] = [terms.tolist() for terms in self._terms]

    def _trie(self) -> IntArray:
        """The levels as one trie for the compiled kernel: a row (first child, code, term)
        per prefix. Prefixes are numbered level by level (level 1: the codes, unknown
        included); a row holds the code of the prefix's last token and its term (-1:
        none), and the prefix's one-token-longer extensions are the rows from its first
        child to the next row's, by rising code (each level's keys are sorted by prefix,
        then code). A last row closes the final range."""
        width = self.width
        levels = [k[:-1] for k in self._keys[1:]]  # level 2 on, without the sentinel
        offsets = np.cumsum([0, width, *(k.size for k in levels)])
        total = int(offsets[-1])
        trie = np.full((total + 1, 3), -1, dtype=np.int64)
        trie[:total, 1] = np.concatenate([np.arange(width), *(k % width for k in levels)])
        trie[:total, 2] = np.concatenate([self._terms[0], *(t[:-1] for t in self._terms[1:])])
        parents = np.concatenate(
            [np.zeros(0, np.int64)] + [offsets[n] + k // width for n, k in enumerate(levels)]
        )
        trie[0, 0] = width  # the first extension of all is the first level-2 prefix
        trie[1:, 0] = width + np.cumsum(np.bincount(parents, minlength=total)[:total])
        return trie

    def ngram_list(self, codes: list[int]) -> list[tuple[int, int]]:
        """(term id, index of its last token) of every vocabulary n-gram of one document:
        `ngrams` in plain Python, cheaper than a dozen numpy calls for a few dozen tokens."""
        lo, hi = self.ngram_range
        width = self.width
        found: list[tuple[int, int]] = []
        prefix = codes
        for level in range(1, min(hi, len(self._terms)) + 1):
            if level > 1:
                get = self._key_dicts[level - 1].get
                # -1 (missing) indexes the trailing -1 of every term list.
                prefix = [
                    -1 if p < 0 else get(p * width + c, -1)
                    for p, c in zip(prefix, codes[level - 1 :], strict=False)
                ]
            if level >= lo:
                terms = self._term_lists[level - 1]
                shift = level - 1
                found += [
                    (t, i + shift) for i, t in enumerate(map(terms.__getitem__, prefix)) if t >= 0
                ]
        return found

    def ngrams(
        self, codes: npt.NDArray[np.integer[Any]], docs: npt.NDArray[np.integer[Any]]
    ) -> tuple[IntArray, IntArray]:
        """(term ids, index of each n-gram's last token) of every vocabulary n-gram.

        `codes` is the token stream of all documents in order and `docs` each token's
        document: an n-gram never spans two documents.
        """
        lo, hi = self.ngram_range
        codes = codes.astype(np.int64)
        found: list[IntArray] = []
        ends: list[IntArray] = []
        prefix = codes
        for level in range(1, min(hi, len(self._terms)) + 1):
            if level > 1:
                keys = self._keys[level - 1]
                span = codes.size - level + 1
                if span <= 0 or keys.size == 1:
                    break
                # A missing prefix (the previous level's sentinel id) or an unknown code
                # makes a key no real one equals; the search then ends on the sentinel.
                key = prefix[:span] * self.width
                key += codes[level - 1 :]
                at = np.searchsorted(keys, key)
                hit = keys[at] == key
                hit &= docs[level - 1 :] == docs[:span]
                prefix = np.where(hit, at, keys.size - 1)
            if level >= lo:
                terms = self._terms[level - 1][prefix]
                where = (terms >= 0).nonzero()[0]
                found.append(terms[where])
                ends.append(where + (level - 1) if level > 1 else where)
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        if len(found) == 1:
            return found[0], ends[0]
        return np.concatenate(found), np.concatenate(ends)
