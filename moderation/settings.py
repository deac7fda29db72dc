"""A community's moderation settings: thresholds, modes, night window, strikes, people.

Values only; `bot.config` builds them from the TOML file and storage persists admins'
edits (threshold, night, mode). Validation lives here so every source gets the same checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderation.comment import Platform
from moderation.errors import SettingsError

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
UI_LANGUAGES = ("kk", "ru", "en")
PROFILES = ("news", "shop", "public_service", "brand")
DRAFTABLE_INTENTS = ("question", "complaint", "praise")
DEFAULT_DRAFTED = ("question", "complaint")


def parse_hhmm(value: str, key: str = "time") -> time:
    """'23:00' → time(23, 0); anything else is refused with the key's name."""
    found = _HHMM.match(value.strip())
    if not found:
        raise SettingsError(f"{key}: expected HH:MM (00:00–23:59), got {value!r}")
    return time(int(found.group(1)), int(found.group(2)))


@dataclass(frozen=True, slots=True)
class NightSettings:
    """When nobody is watching: [start, end) local time in `timezone`, may cross midnight."""

    enabled: bool = False
    timezone: str = "Asia/Almaty"
    start: str = "23:00"
    end: str = "08:00"
    holding_reply: bool = False

    def __post_init__(self) -> None:
        parse_hhmm(self.start, "night.start")
        parse_hhmm(self.end, "night.end")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"night.timezone: unknown time zone {self.timezone!r}") from exc


@dataclass(frozen=True, slots=True)
class StrikeSettings:
    """Escalation: the n-th active offence warns, mutes for `mute_hours`, then bans.

    A threshold of 0 switches that step off. Offences older than `decay_days` are forgotten.
    """

    warn_after: int = 1
    mute_after: int = 2
    mute_hours: int = 24
    ban_after: int = 3
    decay_days: int = 30

    def __post_init__(self) -> None:
        for name in ("warn_after", "mute_after", "mute_hours", "ban_after", "decay_days"):
            if getattr(self, name) < 0:
                raise SettingsError(f"strikes.{name}: must be ≥ 0, got {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class CommunitySettings:
    """Everything the policy needs to know about one community."""

    community_id: str
    platform: Platform = Platform.TELEGRAM
    name: str = ""
    language: str = "ru"  # UI language of cards and commands: kk, ru or en
    dry_run: bool = False
    hide_threshold: float = 0.8
    review_threshold: float = 0.5
    moderators_chat_id: str | None = None
    allowlist: frozenset[str] = field(default_factory=frozenset)  # author ids
    admins: frozenset[str] = field(default_factory=frozenset)  # community admins' ids
    night: NightSettings = field(default_factory=NightSettings)
    strikes: StrikeSettings = field(default_factory=StrikeSettings)
    templates_path: str = ""  # a directory with kk.toml/ru.toml; empty: the bundled ones
    faq_min_similarity: float = 0.5
    # What kind of community this is: picks the reply templates (no orders outside "shop").
    profile: str = "news"
    # Intents that get a reply draft (questions and complaints addressed to the community).
    drafted_intents: tuple[str, ...] = DEFAULT_DRAFTED
    # The community's clock: card times, the night window's default zone.
    timezone: str = "Asia/Almaty"

    def __post_init__(self) -> None:
        if not self.community_id:
            raise SettingsError("community id: must not be empty")
        if self.profile not in PROFILES:
            raise SettingsError(f"profile: expected one of {PROFILES}, got {self.profile!r}")
        unknown = [i for i in self.drafted_intents if i not in DRAFTABLE_INTENTS]
        if unknown:
            raise SettingsError(
                f"drafted_intents: expected some of {DRAFTABLE_INTENTS}, got {unknown}"
            )
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"timezone: unknown time zone {self.timezone!r}") from exc
        if self.language not in UI_LANGUAGES:
            raise SettingsError(f"language: expected one of {UI_LANGUAGES}, got {self.language!r}")
        for name in ("hide_threshold", "review_threshold", "faq_min_similarity"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SettingsError(f"{name}: expected a number in 0..1, got {value}")
        if self.review_threshold > self.hide_threshold:
            raise SettingsError(
                f"review_threshold ({self.review_threshold}) must not exceed "
                f"hide_threshold ({self.hide_threshold})"
            )

    def is_exempt(self, author_id: str) -> bool:
        """Allowlisted users and admins are never auto-actioned."""
        return author_id in self.allowlist or author_id in self.admins

    def with_changes(self, **changes: object) -> CommunitySettings:
        """A validated copy with some fields replaced (admin edits)."""
        return replace(self, **changes)  # type: ignore[arg-type]
