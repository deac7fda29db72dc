"""Typed configuration values; `config.example.toml` documents every key.

The night window and strike settings are the domain's own values (`moderation.settings`),
so the file and the policy cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.config.monitoring import MonitoringConfig
from moderation.settings import NightSettings, StrikeSettings

NightConfig = NightSettings
StrikesConfig = StrikeSettings


class ConfigError(Exception):
    """Invalid configuration; the message names the key and says what is expected."""


@dataclass(frozen=True, slots=True)
class DatabaseConfig:
    url: str = "sqlite+aiosqlite:///kuzet.sqlite3"


@dataclass(frozen=True, slots=True)
class DetectionConfig:
    model_dir: str = ""  # empty: the bundled model
    lexicon_dir: str = ""  # empty: the bundled lexicons
    processes: int = 0  # >0: the worker's detection runs in that many child processes
    # Directory of learned model versions (`kuzet learn`, `/model rollback`); empty: none.
    # Its active version is used when `model_dir` is empty.
    model_store: str = ""
    learn_weekly: bool = False  # retrain from moderator verdicts once a week (needs model_store)


@dataclass(frozen=True, slots=True)
class HttpConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    token: str = field(default="", repr=False)
    api_base: str = "https://api.telegram.org"
    mode: str = "polling"  # "polling" or "webhook"
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    admins: tuple[int, ...] = ()
    messages_per_minute: int = 20


@dataclass(frozen=True, slots=True)
class VkConfig:
    api_base: str = "https://api.vk.com/method/"
    callback_path: str = "/vk/callback"


@dataclass(frozen=True, slots=True)
class VkCommunityConfig:
    group_id: int
    community_token: str = field(default="", repr=False)
    user_token: str = field(default="", repr=False)
    mode: str = "callback"  # "callback" or "longpoll"
    callback_secret: str = field(default="", repr=False)
    confirmation: str = ""


@dataclass(frozen=True, slots=True)
class CommunityConfig:
    id: str
    platform: str  # "telegram" or "vk"
    name: str
    moderators_chat: int | None
    language: str = "ru"  # kk, ru or en: language of cards and commands
    telegram_chats: tuple[int, ...] = ()
    vk: VkCommunityConfig | None = None
    dry_run: bool = False
    hide_threshold: float = 0.8
    review_threshold: float = 0.5
    night: NightConfig = field(default_factory=NightConfig)
    strikes: StrikesConfig = field(default_factory=StrikesConfig)
    allowlist: tuple[str, ...] = ()
    templates_path: str = ""
    profile: str = "news"  # news, shop, public_service or brand: picks the reply templates
    drafted_intents: tuple[str, ...] = ("question", "complaint")
    timezone: str = "Asia/Almaty"  # card times; the night window's zone unless it names one


@dataclass(frozen=True, slots=True)
class Config:
    database: DatabaseConfig = DatabaseConfig()
    detection: DetectionConfig = DetectionConfig()
    http: HttpConfig = HttpConfig()
    telegram: TelegramConfig = TelegramConfig()
    vk: VkConfig = VkConfig()
    communities: tuple[CommunityConfig, ...] = ()
    log_level: str = "INFO"
    # Valid but doubtful settings, one line each (see bot.config.concerns); logged at start.
    concerns: tuple[str, ...] = ()
    monitoring: MonitoringConfig = field(default_factory=MonitoringConfig)

    def community(self, community_id: str) -> CommunityConfig:
        for community in self.communities:
            if community.id == community_id:
                return community
        raise KeyError(community_id)

    def secrets(self) -> tuple[str, ...]:
        """Every secret value, so log filters can redact them wherever they appear."""
        values = [self.telegram.token, self.telegram.webhook_secret]
        values.append(self.monitoring.dashboard_token)
        for community in self.communities:
            if community.vk is not None:
                values += [
                    community.vk.community_token,
                    community.vk.user_token,
                    community.vk.callback_secret,
                ]
        return tuple(v for v in values if v)
