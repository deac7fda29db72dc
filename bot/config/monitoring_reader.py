"""Reads the `[monitoring]` table into `MonitoringConfig`; every error names its key."""

from __future__ import annotations

from bot.config.model import ConfigError
from bot.config.monitoring import MonitoringConfig
from bot.config.reader import Section
from moderation.errors import SettingsError
from moderation.settings import parse_hhmm


def parse_monitoring(section: Section) -> MonitoringConfig:
    section.reject_unknown(
        {"reminder_minutes", "work_start", "work_end", "digest", "digest_time", "dashboard_token"}
    )
    defaults = MonitoringConfig()
    minutes = section.integer("reminder_minutes", defaults.reminder_minutes)
    if not 1 <= minutes <= 7 * 24 * 60:
        raise ConfigError(f"{section.key('reminder_minutes')}: expected 1..10080, got {minutes}")
    values = {}
    for name in ("work_start", "work_end", "digest_time"):
        value = section.string(name, getattr(defaults, name))
        try:
            parse_hhmm(value, section.key(name))
        except SettingsError as exc:
            raise ConfigError(str(exc)) from exc
        values[name] = value
    if values["work_start"] == values["work_end"]:
        raise ConfigError(f"{section.key('work_end')}: working hours must not be empty")
    token = section.secret("dashboard_token")
    if token and len(token) < 16:
        raise ConfigError(f"{section.key('dashboard_token')}: use at least 16 random characters")
    return MonitoringConfig(
        reminder_minutes=minutes,
        digest=section.boolean("digest", True),
        dashboard_token=token,
        **values,
    )
