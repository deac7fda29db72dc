"""UI strings with fallback, the bundled template files, and the JSON codec's round trips."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from classifiers.vocabulary import Intent, Lang
from moderation.codec import (
    comment_from_dict,
    comment_to_dict,
    decision_from_dict,
    decision_to_dict,
    settings_from_dict,
    settings_to_dict,
)
from moderation.comment import CommentKey, Platform
from moderation.errors import TemplateError
from moderation.i18n import UiStrings, t
from moderation.policy import AuthorHistory, decide
from moderation.settings import NightSettings, StrikeSettings
from moderation.templates import BUNDLED_DIR, load_book
from tests.moderation.conftest import TOXIC, make_analysis, make_comment, settings


def test_ui_strings_fall_back_to_english_then_to_the_key(tmp_path: Path) -> None:
    (tmp_path / "kk.toml").write_text('[ui]\n"button.send" = "Жіберу"\n', encoding="utf-8")
    (tmp_path / "en.toml").write_text(
        '[ui]\n"button.send" = "Send"\n"only.en" = "Only {x}"\n', encoding="utf-8"
    )
    ui = UiStrings(str(tmp_path))
    assert ui.text("kk", "button.send") == "Жіберу"
    assert ui.text("kk", "only.en", x="English") == "Only English"
    assert ui.text("kk", "missing.everywhere") == "missing.everywhere"
    assert ui.text("xx", "button.send") == "Send"
    assert ui.text("kk", "only.en") == "Only {x}"  # a missing field stays visible


def test_bundled_strings_exist_in_kk_and_ru() -> None:
    assert t("kk", "button.restore") != t("ru", "button.restore") != "button.restore"
    assert "Айгүл" in t("kk", "notice.warn", author="Айгүл")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_ui_key_has_an_english_fallback(lang: str) -> None:
    english = load_book("en").ui
    assert set(load_book(lang).ui) <= set(english)
    book = load_book(lang)
    for intent in ("question", "complaint", "praise", "faq"):
        assert book.replies[intent], intent
    assert book.holding


def test_templates_are_valid_toml_and_mention_no_comment_text() -> None:
    for path in BUNDLED_DIR.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for variants in data["reply"].values():
            for text in variants:
                assert "{text}" not in text and "{comment}" not in text


def test_broken_template_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "ru.toml").write_text("[reply\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"ru\.toml"):
        load_book("ru", str(tmp_path))


def test_comment_and_decision_round_trip() -> None:
    comment = make_comment("гадость")
    decision = decide(
        comment, TOXIC, settings(), AuthorHistory(), datetime(2026, 3, 10, tzinfo=UTC)
    )
    assert comment_from_dict(comment_to_dict(comment)) == comment
    assert decision_from_dict(decision_to_dict(decision)) == decision
    question = decide(
        comment,
        make_analysis(intent=Intent.QUESTION, lang=Lang.KK),
        settings(),
        AuthorHistory(),
        datetime(2026, 3, 10, tzinfo=UTC),
    )
    assert question.draft is not None
    assert decision_from_dict(decision_to_dict(question)) == question


def test_settings_round_trip() -> None:
    original = settings(
        allowlist=frozenset({"1", "2"}),
        night=NightSettings(enabled=True, timezone="Europe/Berlin", start="22:00", end="06:00"),
        strikes=StrikeSettings(warn_after=2, mute_after=3, ban_after=5, decay_days=10),
    )
    assert settings_from_dict(settings_to_dict(original)) == original


def test_comment_key_parses_back() -> None:
    key = CommentKey(Platform.VK, "-229000001_55", "77", 2)
    assert CommentKey.parse(str(key)) == key
    tg = CommentKey(Platform.TELEGRAM, "-100200", "5")
    assert CommentKey.parse(str(tg)) == tg


def test_naive_comment_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_comment("x", created_at=datetime(2026, 3, 10, 12, 0))
