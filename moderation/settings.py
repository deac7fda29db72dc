"""A community's moderation settings: thresholds, modes, night window, strikes, people.

Values only; `bot.config` builds them from the TOML file and storage persists admins'
edits (threshold, night, mode). Validation lives in the values themselves so every source
gets the same checks; the night window's (`NightSettings`) stands with its rules in
`moderation.night`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderation.comment import Platform
from moderation.errors import SettingsError

# Named here too: every source of settings (the TOML file, storage, admins' edits) builds them.
from moderation.night import NightSettings, parse_hhmm

UI_LANGUAGES = ("kk", "ru", "en")
PROFILES = ("news", "shop", "public_service", "brand")
DRAFTABLE_INTENTS = ("question", "complaint", "praise")
DEFAULT_DRAFTED = ("question", "complaint")

__all__ = [
    "DEFAULT_DRAFTED",
    "DRAFTABLE_INTENTS",
    "PROFILES",
    "UI_LANGUAGES",
    "CommunitySettings",
    "NightSettings",
    "StrikeSettings",
    "parse_hhmm",
]


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
