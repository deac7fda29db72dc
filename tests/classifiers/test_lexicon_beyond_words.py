"""The lexicon beyond single words: masks, cut words, disguise, text past the cap."""

from __future__ import annotations

import pytest

from classifiers.lexicon import Lexicon
from classifiers.normalize import MAX_ANALYZED_CHARS, normalize
from classifiers.vocabulary import Lang
from tests.classifiers.lexicon_roots import found_roots


@pytest.mark.parametrize("text", ["Оте.керемет", "приложение.ыңғайлы", "Тамаша.өте жақсы"])
def test_a_missing_space_is_not_a_mask(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text) == []


@pytest.mark.parametrize(
    "text", ["бл@дь", "бл*дь", "бл0дь", "бл@ть", "сук@", "х@й", "муд@к", "пид0р"]
)
def test_at_zero_and_star_mask_alike(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, f"ну ты {text}", Lang.RU) != []


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("пи-зд-ец", "пизда"),
        ("пи зд ец", "пизда"),
        ("п и з д е ц", "пизда"),
        ("х у й", "хуй"),
        ("ху йня", "хуй"),
        ("му-да-к", "мудак"),
        ("қо-тақ", "қотақ"),
    ],
)
def test_a_word_cut_into_pieces_is_joined(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in found_roots(lexicon, text)


@pytest.mark.parametrize(
    "text", ["да он же не на то", "и в то же время", "бұл не ол да", "а я ем суп", "на ту же"]
)
def test_short_words_are_not_joined(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text) == []


# "пес деп" ("said 'dog'") glued reads "песдеп": a piece that is a common word of its own
# is a word, not a cut.
@pytest.mark.parametrize("text", ["оны пес деп атады", "пес деп"])
def test_a_common_word_is_not_glued_to_its_neighbour(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text) == []


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("3.14здец какой", "пизда"),
        ("он ***ло", "хуй"),
        ("п****ц", "пизда"),
        ("Пи...да какая", "пизда"),
        ("Вот же ж су.....и!", "сука"),
        ("товарищ куйло", "хуй"),
        ("обоccaнной", "ссать"),
    ],
)
def test_masked_and_replaced_letters_are_read(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in found_roots(lexicon, text, Lang.RU)


@pytest.mark.parametrize("text", ["б***", "***", "к*т", "п***"])
def test_too_few_letters_say_nothing(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, f"ну {text} вот", Lang.RU) == []


@pytest.mark.parametrize(
    ("text", "severity"),
    [("гaвнo", 2), ("говно", 1), ("тyпой", 2), ("тупой", 1), ("вaта", 2), ("вата", 1)],
)
def test_a_disguised_mild_word_is_meant(lexicon: Lexicon, text: str, severity: int) -> None:
    (match,) = lexicon.find(normalize(f"это {text}"), Lang.RU)
    assert match.severity == severity


@pytest.mark.parametrize(("abuse", "root"), [("иди нахуй", "хуй"), ("сен топассың", "топас")])
def test_abuse_past_the_cap_is_found(lexicon: Lexicon, abuse: str, root: str) -> None:
    text = "обычный текст без ничего " * 800 + abuse
    assert len(text) > MAX_ANALYZED_CHARS
    doc = normalize(text)
    found = [m for m in lexicon.find(doc, Lang.RU) if m.root == root]
    assert found and text[found[0].start : found[0].end] in abuse
    assert found[0].start > MAX_ANALYZED_CHARS


def test_a_word_across_the_cap_is_read_whole(lexicon: Lexicon) -> None:
    head = "а" * (MAX_ANALYZED_CHARS - 3) + " "
    text = head + "хуйня тут"
    (match,) = lexicon.find(normalize(text), Lang.RU)
    assert text[match.start : match.end] == "хуйня"
