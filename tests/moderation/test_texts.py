"""UI strings with fallback, the bundled template files, and the JSON codec's round trips."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

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
from moderation.i18n import LOCALES_DIR, UiStrings, duration, local_time, t, tn
from moderation.policy import AuthorHistory, decide
from moderation.settings import PROFILES, NightSettings, StrikeSettings
from moderation.templates import BUNDLED_DIR, load_book
from tests.moderation.conftest import TOXIC, make_analysis, make_comment, settings


def test_ui_strings_fall_back_to_english_then_to_the_key(tmp_path: Path) -> None:
    # A community's own file may override a string; the catalogs supply the rest.
    (tmp_path / "kk.toml").write_text('[ui]\n"button.send" = "Жібер"\n', encoding="utf-8")
    ui = UiStrings(str(tmp_path))
    assert ui.text("kk", "button.send") == "Жібер"
    assert ui.text("kk", "button.edit") == t("kk", "button.edit") == "📝 Өзгерту"
    assert ui.text("kk", "missing.everywhere") == "missing.everywhere"
    assert ui.text("xx", "button.send") == "📨 Send"  # unknown language: English
    assert ui.text("kk", "card.author") == "Автор: {author}"  # a missing field stays visible


def test_bundled_strings_exist_in_kk_and_ru() -> None:
    assert t("kk", "button.restore") != t("ru", "button.restore") != "button.restore"
    assert "Айгүл" in t("kk", "notice.warn", author="Айгүл")


def _catalog(lang: str) -> dict[str, object]:
    path = LOCALES_DIR / lang / "LC_MESSAGES" / "kuzet.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {str(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}


_FIELD = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalogs_have_the_same_keys_and_placeholders(lang: str) -> None:
    english, other = _catalog("en"), _catalog(lang)
    assert set(other) == set(english)
    for key, text in other.items():
        forms = text if isinstance(text, tuple) else (text,)
        wanted = set(_FIELD.findall(str(english[key] if isinstance(english[key], str)
                                         else english[key][0])))  # fmt: skip
        for form in forms:
            assert form, f"{lang}: {key} is empty"
            assert set(_FIELD.findall(form)) == wanted, f"{lang}: {key}"


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("ru", 1, "1 час"), ("ru", 3, "3 часа"), ("ru", 5, "5 часов"), ("ru", 11, "11 часов"),
        ("ru", 21, "21 час"), ("ru", 24, "24 часа"),
        ("kk", 1, "1 сағат"), ("kk", 5, "5 сағат"), ("kk", 24, "24 сағат"),
        ("en", 1, "1 hour"), ("en", 2, "2 hours"),
    ],
)  # fmt: skip
def test_plural_forms(lang: str, n: int, expected: str) -> None:
    assert tn(lang, "unit.hours", n) == expected


def test_durations_read_as_days_when_whole() -> None:
    assert duration("ru", 48) == "2 дня" and duration("kk", 24) == "1 күн"
    assert duration("ru", 5) == "5 часов"


def test_times_are_in_the_communitys_zone() -> None:
    moment = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    assert local_time(moment, "Asia/Almaty") == "10.03 23:00"
    assert local_time(moment, "Europe/Moscow", with_date=False) == "21:00"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_profile_book_has_every_intent(lang: str) -> None:
    for profile in PROFILES:
        book = load_book(lang, "", profile)
        for intent in ("question", "complaint", "praise", "faq"):
            assert book.replies[intent], (profile, intent)
        assert book.holding


def test_templates_are_valid_toml_and_mention_no_comment_text() -> None:
    for path in [*BUNDLED_DIR.glob("*.toml"), *BUNDLED_DIR.glob("profiles/*/*.toml")]:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        tables = [data.get("reply", {}), data.get("night", {})]
        for table in tables:
            for variants in table.values():
                for text in variants:
                    assert "{text}" not in text and "{comment}" not in text


def test_broken_template_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "ru.toml").write_text("[reply\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"ru\.toml"):
        load_book("ru", str(tmp_path))


def test_comment_and_decision_round_trip() -> None:
    comment = make_comment("Сәлеметсіз бе, жеткізу қашан болады?")
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
        profile="public_service",
        drafted_intents=("question",),
        timezone="Asia/Aqtobe",
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
