"""Parse and validate the TOML config; every error names the offending key.

Secrets may be written as `"env:NAME"` to read them from the environment, and
`KUZET_DATABASE_URL`, `KUZET_TELEGRAM_TOKEN`, `KUZET_TELEGRAM_WEBHOOK_SECRET` override
their keys, so a config file can be committed without a single secret in it.
`KUZET_HTTP_HOST` and `KUZET_HTTP_PORT` override `[http]`: the container image sets them,
so its health check and published port never disagree with a mounted config.
A value a community inherits from `[defaults]` is reported as `defaults.…` when it is
wrong (see `Section.with_defaults`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config.concerns import concerns
from bot.config.model import (
    CommunityConfig,
    Config,
    ConfigError,
    DatabaseConfig,
    DetectionConfig,
    HttpConfig,
    NightConfig,
    StrikesConfig,
    TelegramConfig,
    VkCommunityConfig,
    VkConfig,
)
from bot.config.monitoring_reader import parse_monitoring
from bot.config.reader import Section
from moderation.settings import DEFAULT_DRAFTED, DRAFTABLE_INTENTS, PROFILES

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
LANGUAGES = ("kk", "ru", "en")


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read `path` and validate it; raises ConfigError with an actionable message."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found (copy config.example.toml)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(raw, os.environ if environ is None else environ)


def _detector_processes(detection: Section, url: str) -> int:
    """`[detection] processes`: a count, or "auto" (the default): one detector process
    where it pays — PostgreSQL (its writes run in another process) and a second CPU
    (figures: bench/README.md, "Detector processes"). With SQLite the bot's own process
    does the writes, so a detector process gained nothing there."""
    value = detection.data.get("processes", "auto")
    if value == "auto":
        spare_cpu = (os.cpu_count() or 1) >= 2
        return 1 if spare_cpu and url.startswith("postgresql+asyncpg://") else 0
    if isinstance(value, str):
        raise ConfigError(f'detection.processes: expected a number or "auto", got {value!r}')
    processes = detection.integer("processes", 0)
    if not 0 <= processes <= 64:
        raise ConfigError(f"detection.processes: {processes} is not between 0 and 64")
    return processes


def parse_config(raw: Mapping[str, Any], environ: Mapping[str, str]) -> Config:
    root = Section("", raw, environ)
    root.reject_unknown(
        {
            "database",
            "detection",
            "http",
            "telegram",
            "vk",
            "defaults",
            "communities",
            "log_level",
            "monitoring",
        }
    )
    database = root.section("database")
    database.reject_unknown({"url"})
    url = environ.get("KUZET_DATABASE_URL") or database.string("url", DatabaseConfig().url)
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError(
            "database.url: use sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DB"
        )
    detection = root.section("detection")
    detection.reject_unknown(
        {"model_dir", "lexicon_dir", "processes", "model_store", "learn_weekly"}
    )
    processes = _detector_processes(detection, url)
    if detection.boolean("learn_weekly", False) and not detection.string("model_store", ""):
        raise ConfigError("detection.learn_weekly: needs detection.model_store (a directory)")
    http = root.section("http")
    http.reject_unknown({"host", "port", "enabled"})
    port = _port(environ) if environ.get("KUZET_HTTP_PORT") else http.integer("port", 8080)
    if not 0 <= port <= 65535:
        raise ConfigError(f"http.port: {port} is not a TCP port (0–65535)")
    defaults = root.section("defaults")
    communities = tuple(_community(section, defaults) for section in root.sections("communities"))
    _check_unique(communities)
    telegram = _telegram(root.section("telegram"), environ)
    vk = root.section("vk")
    vk.reject_unknown({"api_base", "callback_path"})
    config = Config(
        monitoring=parse_monitoring(root.section("monitoring")),
        database=DatabaseConfig(url=url),
        detection=DetectionConfig(
            model_dir=detection.string("model_dir", ""),
            lexicon_dir=detection.string("lexicon_dir", ""),
            processes=processes,
            model_store=detection.string("model_store", ""),
            learn_weekly=detection.boolean("learn_weekly", False),
        ),
        http=HttpConfig(
            host=environ.get("KUZET_HTTP_HOST") or http.string("host", HttpConfig().host),
            port=port,
            enabled=http.boolean("enabled", True),
        ),
        telegram=telegram,
        vk=VkConfig(
            api_base=vk.string("api_base", VkConfig().api_base),
            callback_path=vk.string("callback_path", VkConfig().callback_path),
        ),
        communities=communities,
        log_level=root.choice("log_level", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"),
    )
    return replace(config, concerns=concerns(config))


def _port(environ: Mapping[str, str]) -> int:
    try:
        return int(environ["KUZET_HTTP_PORT"])
    except ValueError:
        raise ConfigError(
            f"KUZET_HTTP_PORT: expected a number, got {environ['KUZET_HTTP_PORT']!r}"
        ) from None


def _telegram(section: Section, environ: Mapping[str, str]) -> TelegramConfig:
    section.reject_unknown(
        {
            "token",
            "api_base",
            "mode",
            "webhook_url",
            "webhook_secret",
            "admins",
            "messages_per_minute",
        }
    )
    token = environ.get("KUZET_TELEGRAM_TOKEN") or section.secret("token")
    secret = environ.get("KUZET_TELEGRAM_WEBHOOK_SECRET") or section.secret("webhook_secret")
    mode = section.choice("mode", ("polling", "webhook"), "polling")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("telegram.webhook_secret: 1–256 characters of A-Z a-z 0-9 _ -")
    if mode == "webhook" and not section.string("webhook_url", ""):
        raise ConfigError("telegram.webhook_url: required when telegram.mode = 'webhook'")
    return TelegramConfig(
        token=token,
        api_base=section.string("api_base", TelegramConfig().api_base).rstrip("/"),
        mode=mode,
        webhook_url=section.string("webhook_url", ""),
        webhook_secret=secret,
        admins=tuple(section.integers("admins")),
        messages_per_minute=section.integer("messages_per_minute", 20),
    )


def _community(section: Section, defaults: Section) -> CommunityConfig:
    allowed = {
        "id",
        "name",
        "platform",
        "moderators_chat",
        "language",
        "chats",
        "vk",
        "dry_run",
        "hide_threshold",
        "review_threshold",
        "night",
        "strikes",
        "allowlist",
        "templates_path",
        "profile",
        "drafted_intents",
        "timezone",
    }
    section.reject_unknown(allowed)
    defaults.reject_unknown(allowed - {"id", "name", "platform", "chats", "vk"})
    merged = section.with_defaults(defaults)
    community_id = merged.string("id", None)
    if not _ID.match(community_id):
        raise ConfigError(f"{merged.key('id')}: 1–64 characters of A-Z a-z 0-9 _ . -")
    platform = merged.choice("platform", ("telegram", "vk"), None)
    vk = _vk_community(merged.section("vk")) if platform == "vk" else None
    chats = tuple(merged.integers("chats"))
    if platform == "telegram" and not chats:
        raise ConfigError(f"{merged.key('chats')}: list the Telegram chat ids to moderate")
    if platform == "vk" and vk is None:
        raise ConfigError(f"{merged.key('vk')}: a VK community needs a [vk] table")
    drafted = tuple(str(v) for v in merged.list("drafted_intents") or DEFAULT_DRAFTED)
    unknown = [v for v in drafted if v not in DRAFTABLE_INTENTS]
    if unknown:
        raise ConfigError(
            f"{merged.key('drafted_intents')}: expected some of "
            f"{', '.join(DRAFTABLE_INTENTS)}, got {', '.join(unknown)}"
        )
    night = _night(merged.section("night"))
    zone = merged.string("timezone", night.timezone)
    _check_zone(merged.key("timezone"), zone)
    hide = merged.fraction("hide_threshold", 0.8)
    review = merged.fraction("review_threshold", 0.5)
    if review > hide:
        raise ConfigError(f"{merged.key('review_threshold')}: must not exceed hide_threshold")
    return CommunityConfig(
        id=community_id,
        platform=platform,
        name=merged.string("name", community_id),
        moderators_chat=merged.optional_integer("moderators_chat"),
        language=merged.choice("language", LANGUAGES, "ru"),
        telegram_chats=chats,
        vk=vk,
        dry_run=merged.boolean("dry_run", False),
        hide_threshold=hide,
        review_threshold=review,
        night=night,
        strikes=_strikes(merged.section("strikes")),
        allowlist=tuple(str(v) for v in merged.list("allowlist")),
        templates_path=merged.string("templates_path", ""),
        profile=merged.choice("profile", PROFILES, "news"),
        drafted_intents=drafted,
        timezone=zone,
    )


def _vk_community(section: Section) -> VkCommunityConfig:
    section.reject_unknown(
        {"group_id", "community_token", "user_token", "mode", "callback_secret", "confirmation"}
    )
    group_id = section.integer("group_id", None)
    if group_id <= 0:
        raise ConfigError(f"{section.key('group_id')}: the community's positive id")
    return VkCommunityConfig(
        group_id=group_id,
        community_token=section.secret("community_token"),
        user_token=section.secret("user_token"),
        mode=section.choice("mode", ("callback", "longpoll"), "callback"),
        callback_secret=section.secret("callback_secret"),
        confirmation=section.string("confirmation", ""),
    )


def _night(section: Section) -> NightConfig:
    section.reject_unknown({"enabled", "timezone", "start", "end", "holding_reply"})
    zone = section.string("timezone", NightConfig().timezone)
    _check_zone(section.key("timezone"), zone)
    start, end = section.string("start", "23:00"), section.string("end", "08:00")
    for name, value in (("start", start), ("end", end)):
        if not _HHMM.match(value):
            raise ConfigError(f"{section.key(name)}: expected HH:MM, got {value!r}")
    return NightConfig(
        enabled=section.boolean("enabled", False),
        timezone=zone,
        start=start,
        end=end,
        holding_reply=section.boolean("holding_reply", False),
    )


def _check_zone(key: str, zone: str) -> None:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{key}: unknown time zone {zone!r} (e.g. Asia/Almaty)") from exc


def _strikes(section: Section) -> StrikesConfig:
    section.reject_unknown({"warn_after", "mute_after", "mute_hours", "ban_after", "decay_days"})
    values = {
        name: section.integer(name, getattr(StrikesConfig(), name))
        for name in ("warn_after", "mute_after", "mute_hours", "ban_after", "decay_days")
    }
    for name, value in values.items():
        if value < 0:
            raise ConfigError(f"{section.key(name)}: must be ≥ 0")
    return StrikesConfig(**values)


def _check_unique(communities: tuple[CommunityConfig, ...]) -> None:
    seen: dict[str, int] = {}
    chats: dict[int, str] = {}
    for index, community in enumerate(communities):
        if community.id in seen:
            raise ConfigError(f"communities[{index}].id: {community.id!r} is used twice")
        seen[community.id] = index
        for chat in community.telegram_chats:
            if chat in chats:
                raise ConfigError(
                    f"communities[{index}].chats: chat {chat} already belongs to {chats[chat]!r}"
                )
            chats[chat] = community.id
