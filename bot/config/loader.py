"""Parse and validate the TOML config; every error names the offending key.

Secrets may be written as `"env:NAME"` to read them from the environment, and
`KUZET_DATABASE_URL`, `KUZET_TELEGRAM_TOKEN`, `KUZET_TELEGRAM_WEBHOOK_SECRET` override
their keys, so a config file can be committed without a single secret in it.
`KUZET_HTTP_HOST` and `KUZET_HTTP_PORT` override `[http]`: the container image sets them,
so its health check and published port never disagree with a mounted config.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config.community_reader import check_defaults, check_unique, community
from bot.config.concerns import concerns
from bot.config.model import (
    Config,
    ConfigError,
    DatabaseConfig,
    DetectionConfig,
    HttpConfig,
    TelegramConfig,
    VkConfig,
)
from bot.config.reader import Section


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
    (figures: bench/README.md, "detector processes"). With SQLite the bot's own process
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


def _port(environ: Mapping[str, str]) -> int:
    try:
        return int(environ["KUZET_HTTP_PORT"])
    except ValueError:
        raise ConfigError(
            f"KUZET_HTTP_PORT: expected a number, got {environ['KUZET_HTTP_PORT']!r}"
        ) from None


def parse_config(raw: Mapping[str, Any], environ: Mapping[str, str]) -> Config:
    root = Section("", raw, environ)
    root.reject_unknown(
        {"database", "detection", "http", "telegram", "vk", "defaults", "communities", "log_level"}
    )
    database = root.section("database")
    database.reject_unknown({"url"})
    url = environ.get("KUZET_DATABASE_URL") or database.string("url", DatabaseConfig().url)
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError(
            "database.url: use sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DB"
        )
    detection = root.section("detection")
    detection.reject_unknown({"model_dir", "lexicon_dir", "processes"})
    processes = _detector_processes(detection, url)
    http = root.section("http")
    http.reject_unknown({"host", "port", "enabled"})
    port = _port(environ) if environ.get("KUZET_HTTP_PORT") else http.integer("port", 8080)
    if not 0 <= port <= 65535:
        raise ConfigError(f"http.port: {port} is not a TCP port (0–65535)")
    defaults = root.section("defaults")
    check_defaults(defaults)
    communities = tuple(community(section, defaults) for section in root.sections("communities"))
    check_unique(communities)
    telegram = _telegram(root.section("telegram"), environ)
    vk = root.section("vk")
    vk.reject_unknown({"api_base", "callback_path"})
    config = Config(
        database=DatabaseConfig(url=url),
        detection=DetectionConfig(
            model_dir=detection.string("model_dir", ""),
            lexicon_dir=detection.string("lexicon_dir", ""),
            processes=processes,
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


def _telegram(section: Section, environ: Mapping[str, str]) -> TelegramConfig:
    section.reject_unknown(
        {"token", "api_base", "mode", "webhook_url", "webhook_secret", "admins",
         "messages_per_minute"}
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
