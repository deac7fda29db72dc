"""Every Kazakh and Russian UI string is written in Kazakh or Russian: no English words
(outside commands, their literal arguments, links and ids), and no known calques."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from moderation.i18n import LOCALES_DIR, t, tn
from tests.native_text import latin_words

_FIELD = re.compile(r"\{(\w+)\}")


def _keys(lang: str) -> list[tuple[str, bool]]:
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "kuzet.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return [(m.id if isinstance(m.id, str) else m.id[0], m.pluralizable) for m in catalog if m.id]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_word_in_any_string(lang: str) -> None:
    for key, plural in _keys(lang):
        fields = {"count": 2, "limit": 3}
        text = tn(lang, key, 3, **fields) if plural else t(lang, key, n=3, **fields)
        text = _FIELD.sub("1", text)  # placeholders are filled with user data or ids later
        assert latin_words(text) == [], f"{lang}: {key}: {text}"


@pytest.mark.parametrize(
    ("lang", "calque"),
    [
        ("kk", "пікірді рұқсат етті"),
        ("kk", "қайта әрекет жасайды"),
        ("kk", "Уыттылық"),
        ("ru", "унижение по признаку"),
        ("ru", "дн."),
        ("ru", " ч."),
    ],
)
def test_known_calques_are_gone(lang: str, calque: str) -> None:
    for key, plural in _keys(lang):
        text = tn(lang, key, 5) if plural else t(lang, key)
        assert calque not in text, f"{lang}: {key}: {text}"


def test_the_check_itself_sees_english() -> None:
    assert latin_words("Причина: toxic: lexicon") == ["toxic", "lexicon"]
    assert latin_words("Как пользоваться: /mode live или /mode dry") == []  # command syntax
    assert latin_words("Ссылка https://t.me/c/1/2 /mode @aigerim_k #12 vk.com/wall-1_2") == []
    assert latin_words("Автор: Alice", allowed=["Alice"]) == []
