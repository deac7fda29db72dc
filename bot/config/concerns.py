"""Valid but doubtful settings: Kuzet runs, and says once at start-up what will not work.

These are not errors because a deliberate setup can have them (a VK-only install without
Telegram runs fully automatic); each line says what is lost and how to change it.
"""

from __future__ import annotations

from bot.config.model import CommunityConfig, Config


def concerns(config: Config) -> tuple[str, ...]:
    """One line per doubtful setting, naming its key."""
    found: list[str] = []
    for index, community in enumerate(config.communities):
        found += _community_concerns(f"communities[{index}]", community, config)
    return tuple(found)


def _community_concerns(path: str, community: CommunityConfig, config: Config) -> list[str]:
    if community.moderators_chat is None:
        return [
            f"{path}.moderators_chat: not set for {community.id!r}: held comments and reply "
            "drafts get no card, so nobody can release, hide or send them, and start-up "
            "problems are only logged; set it (or [defaults] moderators_chat) to a Telegram "
            "chat id (send /id in that chat to learn it)"
        ]
    if not config.telegram.token:
        return [
            f"{path}.moderators_chat: {community.id!r} names a moderators' chat but "
            "telegram.token is empty, so no card can be sent; set [telegram] token "
            "(or KUZET_TELEGRAM_TOKEN)"
        ]
    return []
