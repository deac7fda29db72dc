"""The front end's tables: chunks found by hash as `str.split` cuts them, words learned
once, bounded memory, and each word's precomputed share of the model's char sums."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.fastpath import COMPILED
from classifiers.fastpath.chained import chained_words
from classifiers.fastpath.chunkfind import find_chunks
from classifiers.fastpath.reader import SPACE as _SPACE
from classifiers.fastpath.vocabulary import Unsupported, Vocabulary, VocabularyFull, code_points
from classifiers.language import packed_vote
from classifiers.model import ModelBundle
from classifiers.model.batch import BatchScorer
from classifiers.model.rowsums import word_sums
from classifiers.normalization.runs import WHITESPACE

pytestmark = pytest.mark.skipif(not COMPILED, reason="the front end needs numba")


def _find(vocabulary: Vocabulary, texts: list[str]) -> tuple[list[int], list[str], list[int]]:
    """(chunk ids, chunk texts, chunks per text) as `find_chunks` cuts `texts`."""
    joined = "".join(texts)
    bounds = np.zeros(len(texts) + 1, np.int64)
    np.cumsum([len(t) for t in texts], out=bounds[1:])
    ids, starts, ends, per_text = find_chunks(
        code_points(joined), bounds, _SPACE, vocabulary.slots, vocabulary.hashes,
        vocabulary.chunk_start, vocabulary.pool,
    )  # fmt: skip
    chunks = [joined[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    return ids.tolist(), chunks, np.diff(per_text).tolist()


def test_the_whitespace_table_is_every_character_str_split_cuts_at() -> None:
    assert {chr(c) for c in np.flatnonzero(_SPACE)} == set(WHITESPACE)
    assert {c for c in map(chr, range(0x110000)) if c.isspace()} == set(WHITESPACE)


WORDS = st.text(st.sampled_from("абв xyz\u00a0\u2003\u3000\t\n\x1c\x85.,9ё\ud800"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=6))
def test_chunks_are_str_split_s_and_unknown_until_learned(texts: list[str]) -> None:
    vocabulary = Vocabulary()
    ids, chunks, counts = _find(vocabulary, texts)
    assert chunks == [chunk for text in texts for chunk in text.split()]
    assert counts == [len(text.split()) for text in texts]
    assert set(ids) <= {-1}
    distinct = list(dict.fromkeys(chunks))
    learned = vocabulary.learn(distinct, chained_words, packed_vote)
    ids, chunks, _ = _find(vocabulary, texts)
    assert ids == [learned[distinct.index(chunk)] for chunk in chunks]


def test_thousands_of_chunks_are_each_found_under_their_own_id() -> None:
    vocabulary = Vocabulary()
    chunks = [f"слово{i}" for i in range(5000)] + ["ё", "a", "😀", "x" * 300]
    learned = vocabulary.learn(chunks, chained_words, packed_vote)
    assert vocabulary.slots.size >= 2 * len(chunks)  # never more than half full
    ids, found, _ = _find(vocabulary, [" ".join(reversed(chunks))])
    assert found == chunks[::-1]
    assert ids == learned[::-1]
    # a chunk that shares a prefix or a hash bucket with a known one is still unknown
    assert _find(vocabulary, ["слово1x слово50000 слов"])[0] == [-1, -1, -1]


def test_words_are_learned_once_with_their_votes_and_code_points() -> None:
    vocabulary = Vocabulary()
    vocabulary.learn(["привет,мир", "мир!"], chained_words, packed_vote)
    assert vocabulary.words == ["привет", "мир"]
    first, second = vocabulary.chunk_word_start[:3].tolist()[1:]
    assert vocabulary.chunk_words[:second].tolist() == [0, 1, 1]
    assert first == 2
    assert vocabulary.word_vote[:2].tolist() == [packed_vote("привет"), packed_vote("мир")]
    pool = vocabulary.word_pool[: vocabulary.word_start[2]].tobytes().decode("utf-32-le")
    assert pool == "приветмир"
    assert vocabulary.word_reach[:2].tolist() == [-1, -1]  # until the lexicon says
    assert vocabulary.word_row[:2].tolist() == [-1, -1]


def test_a_vocabulary_refuses_past_its_limits() -> None:
    vocabulary = Vocabulary(chunk_limit=3, word_limit=100)
    vocabulary.learn(["а", "б"], chained_words, packed_vote)
    with pytest.raises(VocabularyFull):
        vocabulary.learn(["в", "г"], chained_words, packed_vote)
    words = Vocabulary(chunk_limit=100, word_limit=2)
    with pytest.raises(VocabularyFull):
        words.learn(["раз,два,три"], chained_words, packed_vote)


def test_a_word_with_whitespace_is_refused() -> None:
    with pytest.raises(Unsupported):
        Vocabulary().learn(["x"], lambda chunk: ("a b",), packed_vote)


def test_a_chunk_s_chains_are_joined_as_spelling_joins_them() -> None:
    assert chained_words("т.е.") == ("те",)
    assert chained_words("б-л-я") == ("бля",)
    assert chained_words("а,б") == ("а", "б")  # a comma links nothing
    assert chained_words("слово") == ("слово",)


def test_each_word_s_sum_holds_the_rows_of_the_ids_it_has_once() -> None:
    bundle = ModelBundle.load()
    scorer = BatchScorer(bundle.toxicity_model, bundle.intent_model, compiled=True)
    words = ["привет", "папа", "хахахаха", "ааааа", "а" + "бв" * 60]  # the last: > 64 ids
    rows, found = scorer.table.lookup(words)
    weights = scorer.weights.rows
    for word, row in zip(words, found.tolist(), strict=True):
        start, count = rows.spans[row, 0], rows.spans[row, 1]
        ids = rows.char_ids[start : start + count]
        features = (ids >> 1).tolist()
        once = [features.count(f) == 1 for f in features]
        assert (ids & 1).tolist() == [int(flag) for flag in once], word
        want = sum((weights[f] for f, flag in zip(features, once, strict=True) if flag), 0.0)
        assert np.allclose(rows.sums[row], want, rtol=0, atol=1e-12), word


def test_word_sums_mark_and_sum_a_hand_made_table() -> None:
    # word 0: ids 3, 5, 3 (3 twice); word 1: ids 7 .. 7 + 69 (70 ids, sorted path), one twice
    ids = [3, 5, 3, *range(7, 77), 8]
    char_ids = np.array([i << 1 for i in ids], dtype=np.uint32)
    spans = np.array([[0, 3, 0, 0], [3, 71, 0, 0]], dtype=np.int64)
    weights = np.arange(100 * 8, dtype=np.float64).reshape(100, 8)
    sums = np.zeros((2, 8))
    word_sums(char_ids, spans, 0, 2, weights, sums)
    assert (char_ids[:3] & 1).tolist() == [0, 1, 0]
    second = (char_ids[3:] & 1).tolist()
    assert second[1] == 0 and second[-1] == 0 and sum(second) == 69
    assert sums[0].tolist() == weights[5].tolist()
    assert np.allclose(sums[1], weights[[7, *range(9, 77)]].sum(axis=0))
