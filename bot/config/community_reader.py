"""`[defaults]` and `[[communities]]`: each community is its own table over the defaults.

`[defaults]` is checked on its own first, so a mistake there is reported as
`defaults.…` once, not as `communities[N].…` for whichever community happens to inherit it.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config.model import (
    CommunityConfig,
    ConfigError,
    NightConfig,
    StrikesConfig,
    VkCommunityConfig,
)
from bot.config.reader import Section

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
LANGUAGES = ("kk", "ru", "en")
COMMUNITY_KEYS = frozenset({
    "id", "name", "platform", "moderators_chat", "language", "chats", "vk", "dry_run",
    "hide_threshold", "review_threshold", "night", "strikes", "allowlist", "templates_path",
})  # fmt: skip
# What only a community can say about itself: defaults cannot name it.
OWN_KEYS = frozenset({"id", "name", "platform", "chats", "vk"})


def check_defaults(defaults: Section) -> None:
    """Validate `[defaults]` by itself, with errors that name `defaults.…`."""
    defaults.reject_unknown(set(COMMUNITY_KEYS - OWN_KEYS))
    defaults.optional_integer("moderators_chat")
    defaults.choice("language", LANGUAGES, "ru")
    defaults.boolean("dry_run", False)
    hide = defaults.fraction("hide_threshold", 0.8)
    review = defaults.fraction("review_threshold", 0.5)
    if review > hide:
        raise ConfigError(f"{defaults.key('review_threshold')}: must not exceed hide_threshold")
    defaults.list("allowlist")
    defaults.string("templates_path", "")
    night(defaults.section("night"))
    strikes(defaults.section("strikes"))


def community(section: Section, defaults: Section) -> CommunityConfig:
    section.reject_unknown(set(COMMUNITY_KEYS))
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
    hide = merged.fraction("hide_threshold", 0.8)
    review = merged.fraction("review_threshold", 0.5)
    if review > hide:
        raise ConfigError(
            f"{merged.key('review_threshold')}: {review} exceeds hide_threshold {hide}"
            " (one of them may come from [defaults])"
        )
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
        night=night(merged.section("night")),
        strikes=strikes(merged.section("strikes")),
        allowlist=tuple(str(v) for v in merged.list("allowlist")),
        templates_path=merged.string("templates_path", ""),
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


def night(section: Section) -> NightConfig:
    section.reject_unknown({"enabled", "timezone", "start", "end", "holding_reply"})
    zone = section.string("timezone", NightConfig().timezone)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{section.key('timezone')}: unknown time zone {zone!r}") from exc
    start, end = section.string("start", "23:00"), section.string("end", "08:00")
    for name, value in (("start", start), ("end", end)):
        if not _HHMM.match(value):
            raise ConfigError(f"{section.key(name)}: expected HH:MM, got {value!r}")
    return NightConfig(
        enabled=section.boolean("enabled", False), timezone=zone, start=start, end=end,
        holding_reply=section.boolean("holding_reply", False),
    )  # fmt: skip


def strikes(section: Section) -> StrikesConfig:
    section.reject_unknown({"warn_after", "mute_after", "mute_hours", "ban_after", "decay_days"})
    values = {
        name: section.integer(name, getattr(StrikesConfig(), name))
        for name in ("warn_after", "mute_after", "mute_hours", "ban_after", "decay_days")
    }
    for name, value in values.items():
        if value < 0:
            raise ConfigError(f"{section.key(name)}: must be ≥ 0")
    return StrikesConfig(**values)


def check_unique(communities: tuple[CommunityConfig, ...]) -> None:
    seen: dict[str, int] = {}
    chats: dict[int, str] = {}
    for index, item in enumerate(communities):
        if item.id in seen:
            raise ConfigError(f"communities[{index}].id: {item.id!r} is used twice")
        seen[item.id] = index
        for chat in item.telegram_chats:
            if chat in chats:
                raise ConfigError(
                    f"communities[{index}].chats: chat {chat} already belongs to {chats[chat]!r}"
                )
            chats[chat] = item.id
