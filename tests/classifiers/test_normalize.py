"""normalize(): what obfuscated and innocent words become, and where they came from."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from classifiers.normalization.runs import run_pattern
from classifiers.normalize import MAX_ANALYZED_CHARS, Normalized, Token, fold_kazakh, normalize

OBFUSCATED = [
    # look-alike Latin letters, digits and symbols inside Cyrillic words
    ("xуй", "хуй"),
    ("XУЙ", "хуй"),
    ("сyкa", "сука"),
    ("CУKA", "сука"),
    ("hуй", "хуй"),
    ("xyйня", "хуйня"),
    ("пиzдец", "пиздец"),
    ("п1зд0с", "пизд*с"),
    ("пи3да", "пизда"),
    ("3аебал", "заебал"),
    ("е6ать", "ебать"),
    ("бл9", "бля"),
    ("$ука", "сука"),
    ("@хуеть", "ахуеть"),
    ("муд@к", "муд*к"),
    ("пид0р", "пид*р"),
    ("п!зда", "пизда"),
    ("Bот", "вот"),
    ("ⅹуй", "хуй"),  # a Roman numeral: NFKC
    ("Ｘуй", "хуй"),  # full-width
    ("χуй", "хуй"),  # Greek chi
    # masking characters stay as one "*" per masked character; "@" and "0" past the first
    # letter are masks like "*" (the lexicon tries every letter, а and о among them)
    ("бл@дь", "бл*дь"),
    ("бл0дь", "бл*дь"),
    ("п***ц", "п***ц"),
    ("х**", "х**"),
    ("бл*ть", "бл*ть"),
    ("х#й", "х*й"),
    ("б%ять", "б*ять"),
    ("*привет*", "привет"),
    # dots, quotes and a bracket hiding letters inside a word
    ("х..ню", "х**ню"),
    ("С..ка", "с**ка"),
    ("Пи...да", "пи***да"),
    ("ху.и", "ху*и"),
    ("е.ба.нат", "е*ба*нат"),
    ("на…вертил", "на***вертил"),
    ('ху"ло', "ху*ло"),
    ("ч)урка", "чурка"),
    # repeats
    ("оооочень", "очень"),
    ("ебаааать", "ебать"),
    ("ХУУУУЙ", "хуй"),
    ("сууууука", "сука"),
    # spelled-out letters
    ("х у й", "хуй"),
    ("Х  У  Й", "хуй"),
    ("п.и.з.д.е.ц", "пиздец"),
    ("б-л-я", "бля"),
    ("с_у_к_а", "сука"),
    ("с у к а", "сука"),
    ("б л я т ь", "блять"),
    ("x y й", "хуй"),
    ("е.б.а.т.ь", "ебать"),
    # invisible, format and combining characters
    ("х\u200bу\u200bй", "хуй"),
    ("х\u200dу\u200dй", "хуй"),
    ("ху\u00adй", "хуй"),
    ("хуй\ufeff", "хуй"),
    ("\u202eхуй\u202c", "хуй"),
    ("х\u0301у\u0301й\u0301", "хуй"),
    ("х\u0336у\u0336й\u0336", "хуй"),
    ("хуи\u0306", "хуй"),  # й written as и + combining breve
    ("е\u0308бнутый", "ебнутый"),
    ("ёбаный", "ебаный"),
    # Russian typed in Latin keeps its Latin text
    ("blyat", "blyat"),
    ("SUKA", "suka"),
]

TRANSLIT = [
    ("blyat", "блят"),
    ("blyaaaat", "блят"),
    ("nahui", "нахуи"),
    ("nahuy", "нахуй"),
    ("suka", "сука"),
    ("pizdec", "пиздец"),
    ("pizdets", "пиздец"),
    ("xuy", "хуй"),
    ("huy", "хуй"),
    ("ebat", "ебат"),
    ("eblan", "еблан"),
    ("mudak", "мудак"),
    ("cyka", "сука"),  # read by shape: every letter looks Cyrillic
    ("xep", "хер"),
    ("shlyuha", "шлюха"),
    ("zhopa", "жопа"),
    ("sh!t", "шит"),
]

INNOCENT = [
    "команда",
    "застрахуйте",
    "скипидар",
    "употреблять",
    "рубля",
    "корабля",
    "психуй",
    "херсон",
    "хулиган",
    "мандарин",
    "сабля",
    "ребята",
    "оскорблять",
    "көтеру",
    "көтеріңкі",
    "аман",
    "амал",
    "амандасу",
    "итеру",
    "итальян",
    "шаруашылығы",
    "қазақстан",
    "сәлеметсіз",
    "рахмет",
    "привет",
]


@pytest.mark.parametrize(("written", "expected"), OBFUSCATED)
def test_obfuscation_folds_to_the_meant_word(written: str, expected: str) -> None:
    assert normalize(written).text == expected


@pytest.mark.parametrize(("written", "reading"), TRANSLIT)
def test_latin_words_get_a_cyrillic_reading(written: str, reading: str) -> None:
    (token,) = normalize(written).tokens
    assert token.translit == reading


@pytest.mark.parametrize("word", INNOCENT)
def test_innocent_words_stay_themselves(word: str) -> None:
    assert normalize(word).text == word
    assert normalize(word.capitalize()).text == word


def test_one_letter_words_stay_apart() -> None:
    assert normalize("я и ты").text == "я и ты"
    assert normalize("а я в шоке").text == "а я в шоке"
    assert normalize("и т.д. и т.п.").text == "и тд и тп"
    assert normalize("т.е. всё").text == "те все"


def test_punctuation_between_words_still_separates_them() -> None:
    assert normalize("конец.Начало").text == "конец начало"
    assert normalize("vk.com").text == "vk com"
    assert normalize("да(нет)").text == "да нет"
    assert normalize("Привет!Как дела!!!").text == "привет как дела"
    assert normalize("какой-то").text == "какой то"
    # a sentence typed without a space after the dot: two words, no letter hidden
    assert normalize("тяжелое.как всегда").text == "тяжелое как всегда"
    assert normalize("ребята.круто").text == "ребята круто"


def test_dots_inside_a_word_still_hide_letters() -> None:
    assert normalize("х..ню").text == "х**ню"
    assert normalize("е.ба.нат").text == "е*ба*нат"
    assert normalize("ху.ня").text == "ху*ня"


def test_kazakh_letters_are_kept_and_fold_kazakh_gives_the_keyboard_spelling() -> None:
    assert normalize("Қалайсың, бауырым?").text == "қалайсың бауырым"
    assert fold_kazakh("қалайсың") == "калайсын"
    assert fold_kazakh("әке өте ұнады үй ғой һәм бір") == "аке оте унады уй гой хам бир"
    assert fold_kazakh("ҚАЗАҚ") == "КАЗАК"
    assert normalize("Сəлем, кɵке").text == "сәлем көке"  # Latin schwa and barred o


def test_spans_point_at_what_was_written() -> None:
    text = "Ну ты п***ц, х у й тебе, а не xyйня!!!"
    n = normalize(text)
    quoted = {t.text: text[t.start : t.end] for t in n.tokens}
    assert quoted["п***ц"] == "п***ц"
    assert quoted["хуй"] == "х у й"
    assert quoted["хуйня"] == "xyйня"
    assert quoted["ну"] == "Ну"


def test_invisible_characters_are_inside_the_span() -> None:
    text = "ну х\u200bу\u200bй"
    (_, token) = normalize(text).tokens
    assert text[token.start : token.end] == "х\u200bу\u200bй"


def test_scripts() -> None:
    scripts = {t.text: t.script for t in normalize("привет xуй blyat 2024 q0taq").tokens}
    assert scripts == {
        "привет": "cyr",
        "хуй": "mixed",
        "blyat": "latn",
        "2024": "num",
        "qotaq": "mixed",
    }


def test_numbers_next_to_words_are_separate() -> None:
    assert normalize("вася1990").text == "вася 1990"
    assert normalize("в 2020году").text == "в 2020 году"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "\x00\x00", "\ud800", "a\udfffb", "😀😀😀", "+", "!!!", "\u202e\u202d", "̶̶̶"],
)
def test_bad_input_gives_a_sensible_result(text: str) -> None:
    n = normalize(text)
    assert isinstance(n, Normalized)
    assert not n.truncated
    n.text.encode("utf-8")


def test_nul_bytes_and_surrogates_inside_words_are_dropped() -> None:
    assert normalize("ху\x00й").text == "хуй"
    assert normalize("ху\ud800й").text == "хуй"


def test_zalgo_is_read_through() -> None:
    zalgo = "х" + "\u0300\u0301\u0302\u0303\u0316\u0317" * 5 + "уй"
    assert normalize(zalgo).text == "хуй"


def test_a_megabyte_is_truncated_and_flagged() -> None:
    text = "привет мир " * 100_000
    n = normalize(text)
    assert n.truncated
    assert n.original is text
    assert max(t.end for t in n.tokens) <= MAX_ANALYZED_CHARS
    assert n.tokens[0] == Token("привет", 0, 6, "cyr")


def test_text_at_the_cap_is_not_truncated() -> None:
    assert not normalize("а" * MAX_ANALYZED_CHARS).truncated


def test_fast_built_tokens_equal_regular_ones() -> None:
    (token,) = normalize("blyat").tokens
    assert token == Token("blyat", 0, 5, "latn", "блят")
    assert hash(token) == hash(Token(text="blyat", start=0, end=5, script="latn", translit="блят"))


def test_the_separator_whitespace_is_every_character_str_isspace_accepts() -> None:
    from classifiers.normalization.document import WHITESPACE

    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


@pytest.mark.parametrize("space", ["\u2009", "\u3000", "\x85", "\u202f", "\x1c"])
def test_unicode_spaces_separate_words(space: str) -> None:
    assert normalize(f"привет{space}мир").text == "привет мир"


def test_a_long_comment_with_one_spelled_out_word_joins_it_and_places_tokens() -> None:
    text = "обычный текст, т.е. ничего такого. " * 40 + "а вот х у й тут"
    n = normalize(text)
    assert n.text.split()[-3:] == ["вот", "хуй", "тут"]
    assert n.text.count(" те ") == 40
    words = n.text.split()
    assert n.tokens_at([len(words) - 2]) == {len(words) - 2: n.tokens[-2]}
    assert text[n.tokens[-2].start : n.tokens[-2].end] == "х у й"


@pytest.mark.parametrize(
    "text",
    [
        "ну х у й тебе, т.е. п.и.з.д.е.ц и т.д. с_у_к_а а я в шоке",
        "б-л-я х у й",
        "т.е. " * 30 + "с у к а конец",
        "x y й и п.и.з.д.а, a b c d",
    ],
)
def test_tokens_placed_one_by_one_equal_all_tokens_after_joins(text: str) -> None:
    tokens = normalize(text).tokens
    every = range(len(tokens))
    assert normalize(text).tokens_at(every) == dict(enumerate(tokens))
    assert normalize(text).tokens_at([len(tokens) - 1, 0]) == {
        0: tokens[0],
        len(tokens) - 1: tokens[-1],
    }


def test_the_run_pattern_for_old_pythons_has_no_possessive_quantifiers() -> None:
    # Python 3.11.0-3.11.4 match "x++" / "(…)*+" wrongly (gh-106052); the run pattern
    # looped forever there. Its atomic-group form must find exactly the same runs.
    atomic, possessive = re.compile(run_pattern(False)), re.compile(run_pattern(True))
    assert not re.search(r"(?<!\\)[+*?}]\+", atomic.pattern), atomic.pattern
    assert re.search(r"(?<!\\)[+*?}]\+", possessive.pattern)  # the check can fail
    samples = ['х..ню е.ба.нат ху"ло ч)урка', "конец.Начало vk.com да(нет)", "тяжелое.как"]
    for text in [*samples, *(text for text, _ in OBFUSCATED), *INNOCENT]:
        assert atomic.findall(text) == possessive.findall(text), text


OLD_PYTHONS = [
    path
    for path in ("/usr/bin/python3.11", "/usr/local/bin/python3.11")
    if Path(path).exists()
    and subprocess.run(
        [path, "-c", "import sys; sys.exit(sys.version_info >= (3, 11, 5))"], check=False
    ).returncode
    == 0
]


@pytest.mark.skipif(not OLD_PYTHONS, reason="no Python 3.11.0-3.11.4 on this machine")
def test_masked_words_normalize_on_python_3_11_before_3_11_5() -> None:
    # Normalization needs the standard library only: run it where gh-106052 lives (Debian
    # 12's Python is 3.11.2), on the text that hung there.
    code = (
        "from classifiers.normalize import normalize\n"
        "print(normalize('х..ню е.ба.нат, тяжелое.как').text)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [OLD_PYTHONS[0], "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.split() == normalize("х..ню е.ба.нат, тяжелое.как").text.split()
    assert done.stdout.split() == ["х**ню", "е*ба*нат", "тяжелое", "как"]
