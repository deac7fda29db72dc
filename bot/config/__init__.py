"""Kuzet's configuration: one TOML file, secrets from the environment, validated at start."""

from bot.config.loader import load_config, parse_config
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

__all__ = [
    "CommunityConfig",
    "Config",
    "ConfigError",
    "DatabaseConfig",
    "DetectionConfig",
    "HttpConfig",
    "NightConfig",
    "StrikesConfig",
    "TelegramConfig",
    "VkCommunityConfig",
    "VkConfig",
    "load_config",
    "parse_config",
]
