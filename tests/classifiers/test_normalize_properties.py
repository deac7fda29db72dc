"""Properties of normalize() that must hold for every string, found or not by examples."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from classifiers.normalization.runs import chunk_offset, run_pattern
from classifiers.normalization.spelling import one_character_pair
from classifiers.normalize import MAX_ANALYZED_CHARS, normalize

# All code points, surrogates included: real payloads carry lone surrogates and controls.
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=80)
# Text made of what obfuscated Russian/Kazakh comments are made of, so the interesting
# branches (look-alikes, masks, spelled-out letters, repeats) are hit often.
MESSY_ALPHABET = (
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВХУЙ әғқңөұүһіҚӘ abcehkmoptxyBHNzsilu"
    '0134569@$*#%&!.-_ ,)("…\u200b\u0301\u0306\u202e\u00ad\ufeff'
)
MESSY_TEXT = st.text(st.sampled_from(MESSY_ALPHABET), max_size=60)
SAMPLES = ["х у й", "п.и.з.д.е.ц", "x y й", "т.е. и т.п.", "с с с с", "бл9", "\ud800", "\x00"]


def _check(text: str) -> None:
    n = normalize(text)
    # a few tokens placed without building the rest are the same tokens
    count = len(n.text.split())
    some = sorted({0, count // 2, count - 1}) if count else []
    assert normalize(text).tokens_at(some) == {i: n.tokens[i] for i in some}
    assert normalize(text).tokens_at(range(count)) == dict(enumerate(n.tokens))
    assert n.original == text
    assert n.text == " ".join(t.text for t in n.tokens)
    # the lexicon's fast path reads the words of `text` as the tokens' texts
    assert n.text.split() == [t.text for t in n.tokens]
    assert normalize(text).words == n.text.split()  # as built by normalize itself
    previous = (0, 0)
    for token in n.tokens:
        assert 0 <= token.start < token.end <= len(text)
        # in text order; two tokens share a character only where NFKC split it ("¼" → 1⁄4)
        assert token.start >= previous[0] and token.end >= previous[1]
        previous = (token.start, token.end)
        assert token.text and token.text == token.text.strip()
        assert token.script in {"cyr", "latn", "mixed", "num"}
        # the lexicon places only tokens with Latin letters to read their translit
        assert token.translit is None or any("a" <= c <= "z" for c in token.text)
    assert normalize(n.text).text == n.text
    n.text.encode("utf-8")  # no surrogate survives into the normalized text


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_any_text_never_raises_and_is_idempotent(text: str) -> None:
    _check(text)


@settings(max_examples=600, deadline=None)
@given(MESSY_TEXT)
@example("х у й")
def test_messy_text_is_idempotent_with_ordered_spans(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*SAMPLES, "сука", "blyat", "2020", "қотақ"]), max_size=8))
def test_sequences_of_known_tricks_are_idempotent(words: list[str]) -> None:
    _check(" ".join(words))


@settings(max_examples=50, deadline=None)
@given(st.text(st.sampled_from("ab х у й."), min_size=1, max_size=5))
def test_text_past_the_cap_is_truncated_and_flagged(tail: str) -> None:
    text = "а" * MAX_ANALYZED_CHARS + tail
    n = normalize(text)
    assert n.truncated
    assert all(t.end <= MAX_ANALYZED_CHARS for t in n.tokens)


# Chunks that recur whole and inside other chunks, between every kind of whitespace.
RECURRING_CHUNKS = st.lists(
    st.sampled_from(["х", "хх", "ах", "бля", "бляха", "х.", "\u0301х"]), max_size=12
).flatmap(
    lambda chunks: st.lists(
        st.sampled_from([" ", "  ", "\n", "\t", "\xa0", "\u3000", "\u2028"]),
        min_size=len(chunks) + 1,
        max_size=len(chunks) + 1,
    ).map(lambda gaps: "".join(g + c for g, c in zip(gaps, [*chunks, ""], strict=True)))
)


@settings(max_examples=300, deadline=None)
@given(RECURRING_CHUNKS | ANY_TEXT)
def test_chunk_offset_finds_every_chunk_where_it_was_written(text: str) -> None:
    chunks = text.split()
    pos = 0
    for k, chunk in enumerate(chunks):
        # Walking the chunks in order: only whitespace lies between two of them.
        expected = text.find(chunk, pos)
        assert chunk_offset(text, chunks, k) == expected
        pos = expected + len(chunk)


ONE_CHARACTER_WORDS = st.lists(
    st.sampled_from(["х", "у", "й", "1", "*", "ab", "бля", "ё", "\u0301", "qq"]), max_size=12
)


@settings(max_examples=400, deadline=None)
@given(ONE_CHARACTER_WORDS.map(" ".join) | ANY_TEXT)
def test_the_one_character_pair_gate_never_hides_a_pair(text: str) -> None:
    padded = f" {text} "
    has_pair = re.search(r" [^ ] [^ ] ", padded) is not None
    if has_pair:
        assert one_character_pair(padded)
    if " " * 2 not in padded:  # words joined by single spaces: the gate is exact
        assert one_character_pair(padded) == has_pair


ATOMIC_RUN = re.compile(run_pattern(possessive=False))
POSSESSIVE_RUN = re.compile(run_pattern(possessive=True))


@settings(max_examples=400, deadline=None)
@given(MESSY_TEXT | ANY_TEXT)
def test_atomic_and_possessive_run_patterns_find_the_same_runs(text: str) -> None:
    # The atomic form serves Python 3.11.0-3.11.4 (gh-106052); 3.11.7 runs both correctly.
    assert ATOMIC_RUN.findall(text) == POSSESSIVE_RUN.findall(text)


def test_chunk_offset_refuses_a_chunk_that_is_not_in_the_text() -> None:
    with pytest.raises(ValueError, match="is not in the text"):
        chunk_offset("привет мир", ["привет", "мир", "нет"], 2)
