"""Russian lemmas (pymorphy3) and Kazakh stems (suffix stripping) on real inflections."""

from __future__ import annotations

import pytest

from classifiers.morphology import fold, kazakh_stems, russian_lemmas


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("дураки", "дурак"),
        ("тварям", "тварь"),
        ("мудаки", "мудак"),
        ("идиотов", "идиот"),
        ("Уроды", "урод"),
        ("ёжики", "ежик"),
        ("суки", "сука"),
    ],
)
def test_russian_lemmas(form: str, lemma: str) -> None:
    assert lemma in russian_lemmas(form)


def test_russian_lemmas_ambiguous_and_empty() -> None:
    assert {"сука", "сук"} <= set(russian_lemmas("суки"))
    assert russian_lemmas("") == ()
    assert russian_lemmas("hello") == ()
    assert russian_lemmas("дураки") is russian_lemmas("дураки")  # cached per word form


@pytest.mark.parametrize(
    ("form", "stem"),
    [
        ("ақымақсың", "ақымақ"),  # person (predicative)
        ("ақымақтар", "ақымақ"),  # plural after a voiceless consonant
        ("ақымақтарың", "ақымақ"),  # plural + possessive
        ("ақымақтарыңа", "ақымақ"),  # plural + possessive + dative
        ("ақымаққа", "ақымақ"),  # dative after қ
        ("ақымағым", "ақымақ"),  # possessive with қ → ғ voicing
        ("ақымақсыңба", "ақымақ"),  # person + question particle
        ("қотақбастар", "қотақбас"),
        ("малғұндар", "малғұн"),
        ("кітаптарымыздан", "кітап"),  # plural + 1pl possessive + ablative
        ("кітабы", "кітап"),  # п → б voicing
        ("мектепке", "мектеп"),  # front-vowel dative
        ("үйлеріңізде", "үй"),  # front plural + polite possessive + locative
        ("амың", "ам"),
        ("амыңды", "ам"),
        ("шешеңді", "шеше"),
        # Russian-keyboard spelling of the same words
        ("акымактарын", "акымак"),
        ("акымаксын", "акымак"),
        ("малгундар", "малгун"),
        ("мектепке", "мектеп"),
        ("уйлеринизде", "уй"),
    ],
)
def test_kazakh_stems(form: str, stem: str) -> None:
    assert stem in kazakh_stems(form)


def test_kazakh_stems_keep_the_word_first_and_stay_long_enough() -> None:
    stems = kazakh_stems("ақымақтар")
    assert stems[0] == "ақымақтар"
    assert all(len(s) >= 2 for s in stems)


def test_kazakh_stems_do_not_invent_roots_from_innocent_words() -> None:
    assert "ам" not in kazakh_stems("аман")
    assert "ам" not in kazakh_stems("амал")
    assert "ам" not in kazakh_stems("амандасу")
    assert "көт" not in kazakh_stems("көтеру")


def test_vowel_harmony_rejects_front_suffix_on_back_stem() -> None:
    # "-лер" is the front-vowel plural: not stripped from a back-vowel stem in Kazakh letters
    assert "қала" in kazakh_stems("қалалар")
    assert "қала" not in kazakh_stems("қалалер")


def test_fold_is_russian_keyboard_spelling() -> None:
    assert fold("қотақбас") == "котакбас"
    assert fold("әөүұңғіһ") == "аоуунгих"
