"""`kuzet moderate --config`: a community's real settings and FAQ for the offline preview.

Rows name their chat: a Telegram chat id listed in a community's `chats`, or "vk:<group
id>" for a VK community. Each such row is moderated with that community's settings
(profile, language, thresholds, night window, time zone, strikes); rows of other chats use
the first community. The FAQ is read from the config's database when it is reachable
(read only); a preview without it still works and says so.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from bot.cli.problems import UserFacingError
from bot.config.communities import community_settings
from bot.config.loader import load_config
from bot.config.model import ConfigError
from bot.offline.moderate_run import ModerateOptions
from bot.storage import Database
from bot.storage.repositories import build_repositories
from moderation.records import FaqEntry
from moderation.settings import CommunitySettings

log = logging.getLogger(__name__)


async def _faq(url: str, ids: list[str]) -> dict[str, tuple[FaqEntry, ...]]:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[-1])
        if not path.is_file():  # nothing to read, and a preview must not create it
            print(f"note: no FAQ read ({path} does not exist)")
            return {}
    db = Database(url)
    try:
        repos = build_repositories(db)
        return {community_id: await repos.faq.all(community_id) for community_id in ids}
    except Exception as exc:  # a preview must not need the production database
        print(f"note: FAQ not read from {url.split('@')[-1]}: {exc.__class__.__name__}")
        return {}
    finally:
        await db.dispose()


async def configured_options(path: Path, options: ModerateOptions) -> ModerateOptions:
    try:
        config = load_config(path)
    except ConfigError as exc:
        raise UserFacingError(str(exc)) from exc
    if not config.communities:
        raise UserFacingError(f"{path}: no [[communities]] to take settings from")
    by_chat: dict[str, CommunitySettings] = {}
    for community in config.communities:
        settings = community_settings(community)
        for chat in community.telegram_chats:
            by_chat[str(chat)] = settings
        if community.vk is not None:
            by_chat[f"vk:{community.vk.group_id}"] = settings
    first = community_settings(config.communities[0])
    if options.dry_run:
        by_chat = {chat: replace(s, dry_run=True) for chat, s in by_chat.items()}
        first = replace(first, dry_run=True)
    faq = await _faq(config.database.url, [c.id for c in config.communities])
    return replace(options, communities=by_chat, default_community=first, faq=faq)
