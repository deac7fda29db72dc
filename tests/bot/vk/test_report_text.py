"""The VK token report reads in Kazakh and Russian: every known problem reworded, no English."""

from __future__ import annotations

import pytest

from bot.vk.report_text import describe
from bot.vk.rights import TokenKind, TokenReport
from tests.native_text import latin_words

PROBLEMS = (
    "community token cannot delete comments or ban: configure a community admin's user token "
    "(scopes wall, groups, offline)",
    "community token lacks the 'wall' right: replies will fail",
    "community token lacks the 'manage' right: no Long Poll/Callback setup",
    "community token belongs to club5, not club7",
    "groups.getById failed: error 5",
    "token rejected by VK: User authorization failed",
    "the token's user is not a manager of club7: cannot delete comments or ban",
    "user token lacks the 'offline' scope",
)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_known_problem_is_worded_natively(lang: str) -> None:
    report = TokenReport(TokenKind.USER, frozenset(), 0, False, False, False, False, PROBLEMS)
    text = describe("user", report, lang)
    assert latin_words(text) == [], text


def test_abilities_are_listed_and_nothing_is_a_sentence_of_its_own() -> None:
    able = TokenReport(TokenKind.COMMUNITY, frozenset(), 0, False, False, True, True, ())
    assert describe("community", able, "kk") == (
        "Қауымдастық токені: жауап бере, оқиғаларды ала алады"
    )
    unable = TokenReport(TokenKind.USER, frozenset(), 0, False, False, False, False, ())
    assert describe("user", unable, "kk") == "Әкімшінің токені: мұнда ештеңе істей алмайды"
