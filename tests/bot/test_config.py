"""Config parsing: the example file is valid, and every kind of mistake names its key."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "KUZET_TELEGRAM_TOKEN": "123:SECRET",
    "KUZET_VK_SHOP_COMMUNITY_TOKEN": "vk1.community",
    "KUZET_VK_SHOP_USER_TOKEN": "vk1.user",
    "KUZET_VK_SHOP_CALLBACK_SECRET": "cbsecret",
}


def test_example_config_is_valid_and_reads_secrets_from_environment() -> None:
    config = load_config(ROOT / "config.example.toml", ENV)
    assert config.telegram.token == "123:SECRET"
    shop = config.community("shop-vk")
    assert shop.vk is not None and shop.vk.user_token == "vk1.user"
    assert shop.night.enabled is True and shop.night.timezone == "Asia/Almaty"
    assert config.community("news-kz").language == "kk"
    assert set(config.secrets()) == {"123:SECRET", "vk1.community", "vk1.user", "cbsecret"}


def test_secrets_are_not_in_repr() -> None:
    config = load_config(ROOT / "config.example.toml", ENV)
    assert "SECRET" not in repr(config)
    assert "vk1.user" not in repr(config)


def test_database_url_from_environment_overrides_file() -> None:
    config = parse_config({}, {"KUZET_DATABASE_URL": "postgresql+asyncpg://u@h/db"})
    assert config.database.url == "postgresql+asyncpg://u@h/db"


TG = {"id": "c1", "platform": "telegram", "chats": [-100]}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"databse": {}}, "databse: unknown key"),
        ({"database": {"url": "mysql://x"}}, "database.url"),
        ({"http": {"port": 70000}}, "http.port"),
        ({"detection": {"processes": -1}}, "detection.processes"),
        ({"detection": {"processes": "two"}}, "detection.processes"),
        ({"telegram": {"mode": "push"}}, "telegram.mode"),
        ({"telegram": {"mode": "webhook"}}, "telegram.webhook_url"),
        ({"telegram": {"webhook_secret": "has space"}}, "telegram.webhook_secret"),
        ({"communities": [{**TG, "platform": "tg"}]}, "communities[0].platform"),
        ({"communities": [{**TG, "chats": []}]}, "communities[0].chats"),
        ({"communities": [{**TG, "id": "bad id!"}]}, "communities[0].id"),
        ({"communities": [TG, TG]}, "communities[1].id"),
        ({"communities": [{**TG, "night": {"timezone": "Mars/Base"}}]}, "night.timezone"),
        ({"communities": [{**TG, "night": {"end": "8am"}}]}, "communities[0].night.end"),
        ({"communities": [{**TG, "hide_threshold": 2}]}, "communities[0].hide_threshold"),
        ({"communities": [{**TG, "review_threshold": 0.9}]}, "review_threshold"),
        ({"communities": [{**TG, "strikes": {"ban_after": -1}}]}, "strikes.ban_after"),
        ({"communities": [{"id": "v", "platform": "vk"}]}, "communities[0].vk.group_id"),
        (
            {
                "communities": [
                    {"id": "v", "platform": "vk", "vk": {"group_id": 1, "user_token": "env:NOPE"}}
                ]
            },
            "environment variable NOPE",
        ),
        ({"communities": [{**TG, "language": "de"}]}, "communities[0].language"),
        ({"communities": [{**TG, "profile": "bank"}]}, "communities[0].profile"),
        ({"communities": [{**TG, "drafted_intents": ["rant"]}]}, "drafted_intents"),
        ({"communities": [{**TG, "timezone": "Almaty"}]}, "communities[0].timezone"),
    ],
)
def test_invalid_config_names_the_key(raw: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(raw, {})
    assert key in str(error.value)


def test_defaults_apply_to_communities_and_can_be_overridden() -> None:
    config = parse_config(
        {
            "defaults": {"dry_run": True, "night": {"enabled": True, "start": "22:00"}},
            "communities": [TG, {**TG, "id": "c2", "chats": [-200], "night": {"start": "21:30"}}],
        },
        {},
    )
    first, second = config.communities
    assert first.dry_run and second.dry_run
    assert first.night.start == "22:00" and first.night.enabled
    assert second.night.start == "21:30" and second.night.enabled


def test_profile_intents_and_time_zone_reach_the_communitys_settings() -> None:
    from bot.config.communities import community_settings

    config = parse_config(
        {"defaults": {"profile": "shop"},
         "communities": [{**TG, "drafted_intents": ["question"], "night": {
             "timezone": "Asia/Aqtobe"}}, {**TG, "id": "c2", "chats": [-200],
                                          "timezone": "Asia/Oral"}]},
        {},
    )  # fmt: skip
    first, second = (community_settings(c) for c in config.communities)
    assert first.profile == second.profile == "shop"
    assert first.drafted_intents == ("question",)
    assert second.drafted_intents == ("question", "complaint")
    assert first.timezone == "Asia/Aqtobe"  # the night window's zone when none is given
    assert second.timezone == "Asia/Oral"


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", {})
    broken = tmp_path / "broken.toml"
    broken.write_text("[database\nurl=1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken, {})


def test_example_parses_as_plain_toml() -> None:
    raw = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    assert {c["id"] for c in raw["communities"]} == {"news-kz", "shop-vk"}


def test_detection_processes() -> None:
    assert parse_config({}, {}).detection.processes == 0
    assert parse_config({"detection": {"processes": 1}}, {}).detection.processes == 1


def test_detection_processes_auto_uses_a_spare_cpu_on_postgresql_only() -> None:
    pg = {"KUZET_DATABASE_URL": "postgresql+asyncpg://u@h/db"}
    spare = 1 if (os.cpu_count() or 1) >= 2 else 0
    assert parse_config({}, pg).detection.processes == spare
    assert parse_config({"detection": {"processes": "auto"}}, pg).detection.processes == spare
    assert parse_config({"detection": {"processes": "auto"}}, {}).detection.processes == 0
    assert parse_config({"detection": {"processes": 0}}, pg).detection.processes == 0
    with pytest.raises(ConfigError, match=r'detection\.processes: expected a number or "auto"'):
        parse_config({"detection": {"processes": "two"}}, pg)


@pytest.mark.parametrize(
    ("defaults", "key"),
    [
        ({"hide_threshold": 2}, "defaults.hide_threshold"),
        ({"review_threshold": 0.9}, "defaults.review_threshold"),
        ({"language": "de"}, "defaults.language"),
        ({"dry_run": "yes"}, "defaults.dry_run"),
        ({"moderators_chat": "mods"}, "defaults.moderators_chat"),
        ({"night": {"timezone": "Mars/Base"}}, "defaults.night.timezone"),
        ({"night": {"start": "11pm"}}, "defaults.night.start"),
        ({"strikes": {"ban_after": -1}}, "defaults.strikes.ban_after"),
        ({"chats": [-100]}, "defaults.chats: unknown key"),
    ],
)
def test_a_mistake_under_defaults_names_defaults(defaults: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"defaults": defaults, "communities": [TG]}, {})
    assert str(error.value).startswith(key)
    assert "communities[" not in str(error.value)


def test_an_inherited_nested_value_names_defaults_and_an_own_one_the_community() -> None:
    night = {"night": {"start": "11pm"}}
    with pytest.raises(ConfigError, match=r"^defaults\.night\.start"):
        parse_config({"defaults": night, "communities": [{**TG, "night": {"end": "07:00"}}]}, {})
    with pytest.raises(ConfigError, match=r"^communities\[1\]\.night\.start"):
        parse_config({"communities": [TG, {**TG, "id": "c2", "chats": [-5], **night}]}, {})


def test_a_community_without_a_moderators_chat_is_warned_with_the_reason() -> None:
    config = parse_config({"telegram": {"token": "1:x"}, "communities": [TG]}, {})
    [concern] = config.concerns
    assert concern.startswith("communities[0].moderators_chat: not set for 'c1'")
    assert "held comments" in concern and "/id" in concern


def test_a_moderators_chat_from_defaults_or_the_community_raises_no_concern() -> None:
    tg = {"token": "1:x"}
    by_default = parse_config(
        {"telegram": tg, "defaults": {"moderators_chat": -500}, "communities": [TG]}, {}
    )
    assert by_default.concerns == ()
    assert by_default.communities[0].moderators_chat == -500
    own = parse_config({"telegram": tg, "communities": [{**TG, "moderators_chat": -7}]}, {})
    assert own.concerns == ()


def test_a_moderators_chat_without_a_telegram_token_is_warned() -> None:
    vk = {"id": "v", "platform": "vk", "moderators_chat": -9, "vk": {"group_id": 1}}
    [concern] = parse_config({"communities": [vk]}, {}).concerns
    assert "telegram.token is empty" in concern


def test_the_example_config_raises_no_concern() -> None:
    assert load_config(ROOT / "config.example.toml", ENV).concerns == ()


def test_http_host_and_port_from_the_environment_override_the_file() -> None:
    raw = {"http": {"host": "127.0.0.1", "port": 9000}}
    config = parse_config(raw, {"KUZET_HTTP_HOST": "0.0.0.0", "KUZET_HTTP_PORT": "8080"})
    assert (config.http.host, config.http.port) == ("0.0.0.0", 8080)
    assert parse_config(raw, {}).http.port == 9000
    with pytest.raises(ConfigError, match="KUZET_HTTP_PORT: expected a number"):
        parse_config(raw, {"KUZET_HTTP_PORT": "http"})
    with pytest.raises(ConfigError, match=r"http\.port: 70000"):
        parse_config(raw, {"KUZET_HTTP_PORT": "70000"})


def test_weekly_learning_needs_a_model_store() -> None:
    with pytest.raises(ConfigError, match=r"detection\.learn_weekly"):
        parse_config({"detection": {"learn_weekly": True}}, {})
    config = parse_config({"detection": {"learn_weekly": True, "model_store": "models"}}, {})
    assert config.detection.learn_weekly and config.detection.model_store == "models"
    assert not parse_config({}, {}).detection.learn_weekly
