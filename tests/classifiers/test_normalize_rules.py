"""Normalization rules of issue 15: full stops, masks, replacement rules, ellipses."""

from __future__ import annotations

import pytest

from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Lang
from tests.classifiers.lexicon_roots import found_roots


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Оте.керемет", ["оте", "керемет"]),
        ("приложение.ыңғайлы", ["приложение", "ыңғайлы"]),
        ("Очень.удобное приложение", ["очень", "удобное", "приложение"]),
        ("Жақсы,ұнады", ["жақсы", "ұнады"]),
    ],
)
def test_a_full_stop_without_a_space_splits_words(text: str, words: list[str]) -> None:
    assert normalize(text).words == words


@pytest.mark.parametrize(("text", "masked"), [("ху.ня", "ху*ня"), ("е.ба.нат", "е*ба*нат")])
def test_a_dot_between_short_pieces_still_hides_a_letter(text: str, masked: str) -> None:
    assert normalize(text).text == masked


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("3.14здец", "пиздец"),
        ("3,14дорас", "пидорас"),
        ("версия 3.14 вышла", "версия 3 14 вышла"),
        ('ХУ"ЛО', "ху*ло"),
        ("хо(х)луш", "хохлуш"),
        ("да(нет)", "да нет"),
        ("***ло", "***ло"),
        ("*привет", "привет"),
        ("**важно**", "важно"),
    ],
)
def test_replacement_rules_of_the_mat_word_lists(written: str, normalized: str) -> None:
    assert normalize(written).text == normalized
    assert normalize(normalized).text == normalized


@pytest.mark.parametrize(
    ("text", "normalized"),
    [("во сне...уже", "во сне уже"), ("нае...ли", "нае***ли"), ("пи...дец", "пи***дец")],
)
def test_an_ellipsis_between_words_is_punctuation(text: str, normalized: str) -> None:
    assert normalize(text).text == normalized


def test_a_zero_of_a_number_is_no_mask(lexicon: Lexicon) -> None:
    text = "Керемет менде100000кубк бар"
    assert "*" not in normalize(text).text
    assert found_roots(lexicon, text, Lang.KK) == []


def test_an_ellipsis_after_a_long_word_is_punctuation() -> None:
    assert normalize("кинули...ну или чо").text == "кинули ну или чо"
