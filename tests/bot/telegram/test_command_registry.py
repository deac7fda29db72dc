"""Every command has a help line and a menu description in kk, ru and en; /help explains
each one; time spans for /mute parse in three languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.telegram.commands.group import BadTime, parse_span, span_words
from bot.telegram.commands.registry import COMMANDS, GROUP_COMMANDS, Place, help_text, menu
from moderation.i18n import UiStrings

STRINGS = UiStrings()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_command_is_described(lang: str) -> None:
    for table in (COMMANDS, GROUP_COMMANDS):
        for name, command in table.items():
            if command.in_menu:
                assert STRINGS.has(lang, f"help.{name}"), name
                assert STRINGS.has(lang, f"menu.{name}"), name
    for place in Place:
        for name, description in menu(lang, place):
            assert 1 <= len(description) <= 256 and name.isascii()


def test_help_describes_each_command_in_the_chats_language() -> None:
    text = help_text("kk", desk=True)
    assert "/warn — авторға ескерту жасау" in text and "/addword <сөз> — сөзге тыйым салу" in text
    group_only = help_text("ru", desk=False)
    assert "/mute [срок] — запретить писать" in group_only and "/addword" not in group_only


@pytest.mark.parametrize(
    ("text", "span"),
    [("2h", timedelta(hours=2)), ("2ч", timedelta(hours=2)), ("2с", timedelta(hours=2)),
     ("30м", timedelta(minutes=30)), ("3д", timedelta(days=3)), ("3к", timedelta(days=3)),
     ("5", timedelta(hours=5)), ("", None)],
)  # fmt: skip
def test_mute_spans(text: str, span: timedelta | None) -> None:
    assert parse_span(text) == span


@pytest.mark.parametrize("text", ["скоро", "0h", "2 weeks", "-1d"])
def test_bad_spans_are_refused(text: str) -> None:
    with pytest.raises(BadTime):
        parse_span(text)


def test_spans_in_words() -> None:
    assert span_words("ru", timedelta(hours=2)) == "2 часа"
    assert span_words("kk", timedelta(days=3)) == "3 күн"
    assert span_words("ru", timedelta(minutes=30)) == "30 минут"
