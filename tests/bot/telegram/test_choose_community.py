"""Which community a moderators' chat command acts on (the card case is in the e2e tests)."""

from __future__ import annotations

from bot.telegram.commands import choose_community

ONE = [("shop", "ru")]
TWO = [("shop", "ru"), ("news", "kk")]


def test_a_chat_of_one_community_needs_no_selector() -> None:
    assert choose_community("addword", "казино spam", ONE, None) == ("shop", "ru", "казино spam")
    assert choose_community("addword", "#shop казино", ONE, None) == ("shop", "ru", "казино")
    # a hashtag that is not the community is the word itself
    assert choose_community("addword", "#казино spam", ONE, None) == ("shop", "ru", "#казино spam")


def test_a_shared_chat_takes_the_named_community() -> None:
    assert choose_community("words", "#news", TWO, None) == ("news", "kk", "")
    assert choose_community("addword", "#news #казино", TWO, None) == ("news", "kk", "#казино")


def test_a_shared_chat_asks_which_or_names_the_valid_ones() -> None:
    asked = choose_community("addword", "казино", TWO, None)
    assert isinstance(asked, str) and "#shop" in asked and "#news" in asked
    unknown = choose_community("addword", "#nope казино", TWO, None)
    assert isinstance(unknown, str) and "#nope" in unknown and "#news" in unknown
    # help means the same everywhere
    assert choose_community("help", "", TWO, None) == ("shop", "ru", "")
