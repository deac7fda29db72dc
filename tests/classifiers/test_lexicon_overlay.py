"""A community's overlay: added terms (with inflections), removed entries, allowed words."""

from __future__ import annotations

from classifiers.lexicon import Lexicon, LexiconOverlay, OverlayTerm
from classifiers.vocabulary import Category, Lang
from tests.classifiers.test_lexicon_match import make_doc


def _found(
    lexicon: Lexicon, text: str, overlay: LexiconOverlay | None, lang: Lang = Lang.RU
) -> list[tuple[str, str]]:
    return [(m.root, m.source) for m in lexicon.find(make_doc(text), lang, overlay)]


def test_added_russian_term_matches_its_inflections(lexicon: Lexicon) -> None:
    overlay = LexiconOverlay(added=(OverlayTerm("клоун", Category.INSULT, 1),))
    assert _found(lexicon, "ты клоун", None) == []
    for text in ("ты клоун", "одни клоуны", "клоунов тут много", "КЛОУНАМИ"):
        assert _found(lexicon, text, overlay) == [("клоун", "overlay")], text
    match = lexicon.find(make_doc("одни клоуны"), Lang.RU, overlay)[0]
    assert (match.category, match.severity, match.term) == (Category.INSULT, 1, "клоуны")


def test_added_kazakh_term_matches_its_suffixed_forms(lexicon: Lexicon) -> None:
    overlay = LexiconOverlay(added=(OverlayTerm("топас", Category.INSULT, 2),))
    for text in ("топас", "топастар", "топассың", "топастарың"):
        assert _found(lexicon, text, overlay, Lang.KK) == [("топас", "overlay")], text


def test_added_prefix_and_phrase(lexicon: Lexicon) -> None:
    overlay = LexiconOverlay(
        added=(
            OverlayTerm("1xbet*", Category.SPAM, 2),
            OverlayTerm("крипто*", Category.SPAM, 2),
            OverlayTerm("пиши мне в телеграм", Category.SPAM, 2),
        )
    )
    assert _found(lexicon, "криптовалюта растет", overlay) == [("крипто*", "overlay")]
    text = "Пиши мне в телеграм, расскажу"
    (match,) = lexicon.find(make_doc(text), Lang.RU, overlay)
    assert text[match.start : match.end] == "Пиши мне в телеграм"


def test_removed_switches_a_shipped_entry_off(lexicon: Lexicon) -> None:
    assert _found(lexicon, "ну ты дурак", None) == [("дурак", "lexicon")]
    overlay = LexiconOverlay(removed=frozenset({"дурак"}))
    assert _found(lexicon, "ну ты дурак, дураки все", overlay) == []
    assert _found(lexicon, "ну ты дебил", overlay) == [("дебил", "lexicon")]
    # Kazakh terms can be removed as typed on a Russian keyboard
    kazakh = LexiconOverlay(removed=frozenset({"акымак"}))
    assert _found(lexicon, "ақымақсың", kazakh, Lang.KK) == []


def test_allowed_word_is_never_flagged_in_that_community(lexicon: Lexicon) -> None:
    overlay = LexiconOverlay(allowed=frozenset({"лох"}))
    assert _found(lexicon, "лох", None) == [("лох", "lexicon")]
    assert _found(lexicon, "лох лохи", overlay) == []
    assert _found(lexicon, "лох сука", overlay) == [("сука", "lexicon")]


def test_overlay_is_applied_per_call(lexicon: Lexicon) -> None:
    first = LexiconOverlay(added=(OverlayTerm("абракадабра", Category.SPAM),))
    second = LexiconOverlay()
    assert _found(lexicon, "абракадабра", first) == [("абракадабра", "overlay")]
    assert _found(lexicon, "абракадабра", second) == []
    assert _found(lexicon, "абракадабра", None) == []
