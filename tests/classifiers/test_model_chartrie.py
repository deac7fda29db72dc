"""`CharTrie`: new words' char_wb ids in one compiled pass, as `WordTable`'s Python path."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.model import ModelBundle
from classifiers.model.chartrie import COMPILED, CharTrie
from classifiers.model.features import TOKEN_PATTERN, char_wb_ngrams
from classifiers.model.wordtable import WordTable

needs_numba = pytest.mark.skipif(not COMPILED, reason="no numba")

KAZAKH = "әғқңөұүһі"
# and two code points past `ROOT_SPAN`, found by binary search among the root's children
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + KAZAKH + "abcxyz" + "0129" + "*" + "中😀"
RANGES = [(1, 5), (2, 4), (3, 6), (1, 1), (5, 5)]


def _python(chars: dict[str, int], ngram_range: tuple[int, int], words: list[str]) -> list[int]:
    """Every word's known n-gram ids, as the Python path looks them up: the reference."""
    return [chars[g] for w in words for g in char_wb_ngrams(w, *ngram_range) if g in chars]


def _both(
    chars: dict[str, int], ngram_range: tuple[int, int], words: list[str]
) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]]:
    """(flat ids, count per word) from the compiled trie, then from the Python path."""
    ids, counts = CharTrie(chars, ngram_range).ngram_ids(words)
    table = WordTable(chars, ngram_range, {}, compiled=False)
    py_ids, py_counts = table._char_ids(words)
    assert ids.dtype == np.int64 and counts.dtype == np.int64
    return (ids.tolist(), counts.tolist()), (py_ids.tolist(), py_counts.tolist())


def _vocabulary(seed: int, ngram_range: tuple[int, int], keep: float) -> dict[str, int]:
    """Some of the n-grams of random words, with distinct ids: a `keep` below 1 leaves
    n-grams whose prefixes are no vocabulary term, as a pruned vocabulary has."""
    rng = random.Random(seed)
    corpus = ["".join(rng.choices(LETTERS, k=rng.randint(1, 9))) for _ in range(300)]
    grams = sorted({g for w in corpus for g in char_wb_ngrams(w, *ngram_range)})
    kept = [g for g in grams if rng.random() < keep]
    return {g: 2 * i for i, g in enumerate(kept)}


@needs_numba
def test_hand_made_vocabulary_short_words() -> None:
    chars = {" a ": 10, " ab": 12, "ab ": 14, " ab ": 16, "b": 18, " ": 20, "abc": 22}
    trie = CharTrie(chars, (3, 6))
    ids, counts = trie.ngram_ids(["a", "ab", "abc", "b"])
    # "a": " a " is shorter than 3 → once, whole. "ab": n = 3 gives " ab", "ab ", then
    # n = 4 is the whole " ab " once, and nothing longer. "abc": " ab", "abc" (n = 3),
    # then no 4- or 5-gram is known. "b": " b " unknown.
    assert ids.tolist() == [10, 12, 14, 16, 12, 22]
    assert counts.tolist() == [1, 3, 2, 0]
    ids, counts = CharTrie(chars, (1, 2)).ngram_ids(["ab", "b"])
    assert ids.tolist() == [20, 18, 20, 20, 18, 20]  # 1-grams only: " ", "b" and " "
    assert counts.tolist() == [3, 3]


@needs_numba
@pytest.mark.parametrize("ngram_range", [(1, 5), (2, 4), (3, 6)])
def test_hand_made_ranges_match_the_python_path(ngram_range: tuple[int, int]) -> None:
    chars = _vocabulary(1, ngram_range, keep=0.6)
    words = ["a", "ә", "ab", "abc", "*", "", "қазақ", "сөз", "x" * 40, "тест12", "zzz"]
    words += [g.strip() for g in list(chars)[::10]]  # words the vocabulary knows
    compiled, python = _both(chars, ngram_range, words)
    assert compiled == python
    assert compiled[0] == _python(chars, ngram_range, words)
    assert sum(compiled[1]) > 0


@needs_numba
def test_trie_rows() -> None:
    trie = CharTrie({"ab": 1, "ac": 3, "b": 5}, (1, 2)).trie
    # root; "a" (no id), "b"; "ab", "ac"; the closing row
    assert trie[:, 1].tolist()[1:5] == [ord("a"), ord("b"), ord("b"), ord("c")]
    assert trie[:5, 2].tolist() == [-1, -1, 5, 1, 3]
    assert trie[:, 0].tolist() == [1, 3, 5, 5, 5, 5]
    roots = CharTrie({"ab": 1, "b": 5, "中": 7}, (1, 2)).roots
    assert roots.size == ord("b") + 1  # "中" lies past ROOT_SPAN: searched, not indexed
    assert roots[ord("a")] == 1 and roots[ord("b")] == 2
    assert (np.delete(roots, [ord("a"), ord("b")]) == -1).all()


@needs_numba
def test_empty_batch_and_vocabulary() -> None:
    ids, counts = CharTrie({" a": 2}, (1, 5)).ngram_ids([])
    assert ids.size == 0 and counts.size == 0
    ids, counts = CharTrie({}, (1, 5)).ngram_ids(["abc", "d"])
    assert ids.size == 0 and counts.tolist() == [0, 0]


_VOCABULARIES = {r: _vocabulary(7, r, keep=0.7) for r in RANGES}
_WORDS = st.lists(
    st.one_of(
        st.text(alphabet=LETTERS, min_size=1, max_size=12),
        st.text(alphabet=LETTERS, min_size=1, max_size=2),
        st.text(alphabet=LETTERS, min_size=20, max_size=60),
    ),
    max_size=30,
)


@needs_numba
@pytest.mark.parametrize("ngram_range", RANGES)
@settings(max_examples=60, deadline=None)
@given(words=_WORDS)
def test_random_words_match_the_python_path(ngram_range: tuple[int, int], words: list[str]) -> None:
    chars = _VOCABULARIES[ngram_range]
    compiled, python = _both(chars, ngram_range, words)
    assert compiled == python


@needs_numba
@settings(max_examples=40, deadline=None)
@given(
    corpus=st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=8), min_size=1, max_size=8),
    words=_WORDS,
    lo=st.integers(1, 4),
    span=st.integers(0, 3),
)
def test_random_vocabularies_match_the_python_path(
    corpus: list[str], words: list[str], lo: int, span: int
) -> None:
    ngram_range = (lo, lo + span)
    grams = sorted({g for w in corpus for g in char_wb_ngrams(w, *ngram_range)})
    chars = {g: 2 * i for i, g in enumerate(grams[::2])}
    compiled, python = _both(chars, ngram_range, words + corpus)
    assert compiled == python


@needs_numba
def test_shipped_vocabulary_matches_the_python_path() -> None:
    table = ModelBundle.load().scorer.table
    chars, ngram_range = table._chars, table._char_range
    rng = random.Random(3)
    words = ["".join(rng.choices(LETTERS, k=rng.randint(1, 14))) for _ in range(2000)]
    # and words the vocabulary knows well: its own n-grams stripped of their padding
    words += sorted({g.strip() for g in chars if g.strip()})[:3000]
    compiled, python = _both(chars, ngram_range, words)
    assert compiled == python
    assert sum(compiled[1]) > len(words)


@needs_numba
def test_word_table_rows_match_either_way() -> None:
    table = ModelBundle.load().scorer.table
    args = (table._chars, table._char_range, table._codes)
    words = ["қазақ", "тілі", "привет", "мир", "a", "*", "сәлем", "x" * 30, "тілі"]
    tables = [WordTable(*args, compiled=flag) for flag in (True, False)]
    (rows_c, found_c), (rows_p, found_p) = (t.lookup(words) for t in tables)
    assert found_c[1] == found_c[8] and found_p[1] == found_p[8]
    for a, b in zip(found_c.tolist(), found_p.tolist(), strict=True):
        start_c, count_c, code_c, codes_c = rows_c.spans[a].tolist()
        start_p, count_p, code_p, codes_p = rows_p.spans[b].tolist()
        assert count_c == count_p and codes_c == codes_p
        assert np.array_equal(
            rows_c.char_ids[start_c : start_c + count_c],
            rows_p.char_ids[start_p : start_p + count_p],
        )
        assert np.array_equal(
            rows_c.codes[code_c : code_c + codes_c], rows_p.codes[code_p : code_p + codes_p]
        )


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.one_of(st.text(), st.text(alphabet=LETTERS + "_-.²٣", min_size=1))))
def test_token_codes_are_the_regex_tokens(words: list[str]) -> None:
    codes = {"ab": 0, "сөз": 1, "a_b": 2, "12": 3, "x²": 4}
    table = WordTable({" a": 2}, (1, 2), codes, compiled=False)
    digest = table._digest(words)
    tokens = [re.findall(TOKEN_PATTERN, w) for w in words]
    assert digest.code_len.tolist() == [len(t) for t in tokens]
    assert digest.codes == [codes.get(t, len(codes)) for ts in tokens for t in ts]
