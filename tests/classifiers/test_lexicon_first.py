"""The first-character gate in front of the anchored root patterns changes no answer."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.lexicon import Lexicon
from classifiers.lexicon.first import first_characters
from classifiers.lexicon.gates import NEVER, anchored
from classifiers.lexicon.words import WordIndex
from tests.classifiers.test_traps import KAZAKH_TRAPS, RUSSIAN_TRAPS

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed" / "toxicity.csv"
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі*"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^а[қк]ы?ма[қкғг]", {"а"}),
        (r"^(?:вз|в|до)?жоп", {"в", "д", "ж"}),
        (r"(?<=[а-я]{2}[оеи])ху[йея]", {"х"}),
        (r"^(?:с|сс){0,3}[а-в]б", {"с", "а", "б", "в"}),
        (r"^[^а]б", None),  # a negated set: cannot tell
        (r"^\wб", None),
        (r"^(?:а)?", None),  # matches the empty string
    ],
)
def test_first_characters(pattern: str, expected: set[str] | None) -> None:
    found = first_characters(re.compile(pattern))
    assert found == (None if expected is None else frozenset(expected))


@cache
def _anchored_roots(index: WordIndex) -> re.Pattern[str]:
    """One regex of every anchored root: what the gate stands in front of."""
    patterns = [e.pattern.pattern for e in index._roots if e.pattern and anchored(e.pattern)]
    return re.compile("|".join(f"(?:{rx})" for rx in patterns) or NEVER)


def _ungated(lexicon: Lexicon, form: str) -> bool:
    index = lexicon._index
    return bool(_anchored_roots(index).match(form) or index._floating_roots.search(form))


def test_gate_agrees_on_real_words(lexicon: Lexicon) -> None:
    with SEED.open(encoding="utf-8") as handle:
        words = {w for row in csv.DictReader(handle) for w in row["text"].lower().split()}
    words |= set(RUSSIAN_TRAPS) | set(KAZAKH_TRAPS)
    words |= {"выебываться", "заебал", "пиздец", "мудак", "ам", "қотақбас", "сігейін"}
    index = lexicon._index
    disagreements = [w for w in words if index._may_match(w) != _ungated(lexicon, w)]
    assert not disagreements
    assert sum(_ungated(lexicon, w) for w in words) > 20  # the check saw matches too


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(LETTERS), max_size=14))
def test_gate_agrees_on_any_word(lexicon: Lexicon, word: str) -> None:
    assert lexicon._index._may_match(word) == _ungated(lexicon, word)


def _all_roots(lexicon: Lexicon, form: str) -> list[object]:
    index = lexicon._index
    return [e for e in index._roots if e.pattern and e.pattern.search(form)]


def _gated_roots(lexicon: Lexicon, form: str) -> list[object]:
    index = lexicon._index
    roots = index._roots_by_first.get(form[:1], index._roots_anywhere)
    return [e for e in roots if e.pattern and e.pattern.search(form)]


def test_roots_tried_per_first_letter_find_what_all_roots_find(lexicon: Lexicon) -> None:
    words = set(RUSSIAN_TRAPS) | set(KAZAKH_TRAPS)
    words |= {"выебываться", "заебал", "пиздец", "мудак", "ам", "қотақбас", "сігейін", "бля"}
    assert [w for w in words if _gated_roots(lexicon, w) != _all_roots(lexicon, w)] == []
    assert sum(bool(_all_roots(lexicon, w)) for w in words) > 5
    index = lexicon._index
    assert max(map(len, index._roots_by_first.values())) < len(index._roots)  # it gates


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(LETTERS), max_size=14))
def test_roots_per_first_letter_agree_on_any_word(lexicon: Lexicon, word: str) -> None:
    assert _gated_roots(lexicon, word) == _all_roots(lexicon, word)
