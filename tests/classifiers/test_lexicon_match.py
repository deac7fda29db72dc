"""Lexicon.find on whole comments: roots, inflections, obfuscation, spans, languages."""

from __future__ import annotations

import re

import pytest

from classifiers.lexicon import Lexicon
from classifiers.normalize import Normalized, normalize
from classifiers.vocabulary import Category, Lang


def make_doc(text: str) -> Normalized:
    """The real normalizer: the lexicon is tested on what the pipeline will give it."""
    return normalize(text)


def roots(lexicon: Lexicon, text: str, lang: Lang = Lang.RU) -> list[str]:
    return [m.root for m in lexicon.find(make_doc(text), lang)]


def test_match_carries_original_span_and_category(lexicon: Lexicon) -> None:
    text = "Ну ты и ДОЛБОЁБ, честно"
    (match,) = lexicon.find(make_doc(text), Lang.RU)
    assert text[match.start : match.end] == "ДОЛБОЁБ"
    assert match.term == "ДОЛБОЁБ"
    assert (match.root, match.category, match.severity, match.lang) == (
        "ебать",
        Category.OBSCENE,
        3,
        "ru",
    )
    assert match.source == "lexicon"


def test_clean_text_has_no_matches(lexicon: Lexicon) -> None:
    assert lexicon.find(make_doc("Спасибо, доставка быстрая, всё отлично"), Lang.RU) == ()
    assert lexicon.find(make_doc(""), Lang.OTHER) == ()


def test_one_match_per_word_in_text_order(lexicon: Lexicon) -> None:
    found = lexicon.find(make_doc("сука, иди нахуй, дебил"), Lang.RU)
    assert [m.root for m in found] == ["сука", "хуй", "дебил"]
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_phrase_spans_several_words(lexicon: Lexicon) -> None:
    text = "Лёгкие деньги! Заработок без вложений, пиши в лс"
    found = lexicon.find(make_doc(text), Lang.RU)
    assert {m.root for m in found} >= {"заработок без вложений", "пиши в лс"}
    spam = next(m for m in found if m.root == "заработок без вложений")
    assert text[spam.start : spam.end] == "Заработок без вложений"
    assert spam.category is Category.SPAM


def test_kazakh_only_entry_is_off_for_plain_russian(lexicon: Lexicon) -> None:
    assert roots(lexicon, "амың", Lang.KK) == ["ам"]
    assert roots(lexicon, "ам ам", Lang.RU) == []


def test_version_is_a_digest(lexicon: Lexicon) -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", lexicon.version)


def test_long_and_pathological_words(lexicon: Lexicon) -> None:
    # a root inside a very long glued word is still found (window by window)
    assert roots(lexicon, "а" * 100 + "хуй" + "б" * 100) == ["хуй"]
    assert roots(lexicon, "хуй" * 20) == ["хуй"]
    # inputs that make naive regexes backtrack quadratically, or masks without letters
    for word in ("оа" * 5000, "ам" * 5000, "х*" * 3000, "*" * 50, "а" * 10000):
        assert roots(lexicon, word, Lang.MIXED) == []


def test_latin_transliteration_is_matched(lexicon: Lexicon) -> None:
    assert roots(lexicon, "blyat, idi nahui, pizdec") == ["блядь", "хуй", "пизда"]
    assert roots(lexicon, "good job, nice work", Lang.OTHER) == []


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("xуй", "хуй"),  # Latin x inside a Cyrillic word
        ("п1зд@", "пизда"),  # digit and symbol look-alikes
        ("3аебал", "ебать"),
        ("6лядь", "блядь"),
        ("х у й", "хуй"),  # split letters
        ("п.и.з.д.е.ц", "пизда"),
        ("сууууука", "сука"),  # repeats
        ("ДоЛбОёБ", "ебать"),
        ("cyka", "сука"),  # Latin read by shape
        ("х​уй", "хуй"),  # zero-width space
    ],
)
def test_obfuscated_spellings_through_normalize(lexicon: Lexicon, text: str, root: str) -> None:
    found = lexicon.find(make_doc(f"ну {text} вообще"), Lang.RU)
    assert [m.root for m in found] == [root]
    assert f"ну {text} вообще"[found[0].start : found[0].end] == text


@pytest.mark.parametrize(
    ("text", "lang", "root"),
    [
        ("Лёгкие деньги! Заработок без вложений", Lang.RU, "заработок без вложений"),
        ("сен шешеңді ұрайын", Lang.KK, "шешеңді ұрайын"),
        ("ол шала қазақ", Lang.KK, "шала қазақ"),
    ],
)
def test_a_phrase_of_known_words_is_found_again(
    lexicon: Lexicon, text: str, lang: Lang, root: str
) -> None:
    """The second time, every word is known and none but the phrase's head can start a
    match: the quick path that checks only phrases must still find it."""
    first = lexicon.find(make_doc(text), lang)
    again = lexicon.find(make_doc(text), lang)
    assert root in [m.root for m in first]
    assert again == first
    # and a head without the rest of its phrase matches nothing
    head = root.split()[0]
    assert lexicon.find(make_doc(f"{head} хорошо"), lang) == ()
    assert lexicon.find(make_doc(f"{head} хорошо"), lang) == ()
