"""The tables the scoring kernel reads: `WordTable` rows and the `PhraseIndex` trie."""

from __future__ import annotations

import random

import numpy as np
import pytest

from classifiers.model.phrases import PhraseIndex
from classifiers.model.wordtable import WordTable


def test_word_table_rows() -> None:
    table = WordTable({" a": 2, "a ": 4, " b": 6}, (2, 2), {"ab": 0, "cd": 1}, word_limit=3)
    rows, found = table.lookup(["ab", "cd,ab", "ab", "x"])
    assert found.dtype == np.int64
    assert found[0] == found[2] and len(set(found.tolist())) == 3
    chars = [rows.char_ids[s : s + n].tolist() for s, n in rows.spans[found, :2].tolist()]
    codes = [rows.codes[s : s + n].tolist() for s, n in rows.spans[found, 2:].tolist()]
    assert chars == [[2], [], [2], []]  # " a" opens "ab"; "a " ends no word here
    assert codes == [[0], [1, 0], [0], []]  # "x" is no token (one letter)
    assert len(table) == 3
    rows, found = table.lookup(["b", "ab"])  # past the word limit: a new generation
    assert len(table) == 2
    assert rows.char_ids[rows.spans[found[0], 0]] == 6


def _walk(phrases: PhraseIndex, codes: list[int]) -> list[tuple[int, int]]:
    """(term, last token) of every n-gram, walking the trie as the kernel does."""
    lo, hi = phrases.ngram_range
    trie = phrases.trie.tolist()
    found = []
    for i, node in enumerate(codes):
        for n in range(1, hi + 1):
            if n > 1:
                if i + n - 1 >= len(codes):
                    break
                first, stop = trie[node][0], trie[node + 1][0]
                extensions = [code for _, code, _ in trie[first:stop]]
                if codes[i + n - 1] not in extensions:
                    break
                node = first + extensions.index(codes[i + n - 1])
            if n >= lo and trie[node][2] >= 0:
                found.append((trie[node][2], i + n - 1))
    return found


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 3), (2, 3), (3, 4)])
def test_phrase_trie_finds_the_level_tables_ngrams(ngram_range: tuple[int, int]) -> None:
    rng = random.Random(7)
    tokens = ["a", "b", "c", "d", "e"]
    lo, hi = ngram_range
    terms = {" ".join(rng.choice(tokens) for _ in range(rng.randint(lo, hi))) for _ in range(40)}
    phrases = PhraseIndex({term: i for i, term in enumerate(sorted(terms))}, ngram_range)
    assert (np.diff(phrases.trie[:, 0]) >= 0).all()
    assert phrases.trie[phrases.unknown, 2] == -1  # the unknown code: no term, no extension
    assert phrases.trie[phrases.unknown, 0] == phrases.trie[phrases.unknown + 1, 0]
    for _ in range(30):
        codes = [rng.randint(0, phrases.unknown) for _ in range(rng.randint(0, 12))]
        assert sorted(_walk(phrases, codes)) == sorted(phrases.ngram_list(codes))
