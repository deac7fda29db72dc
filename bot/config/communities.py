"""From the config file's communities to the domain's `CommunitySettings`.

The file is the starting point; admins' later edits (threshold, night, mode) live in the
database and win over the file, so the mapping is applied only to communities the database
does not know yet (see `bot.app`).
"""

from __future__ import annotations

from bot.config.model import CommunityConfig
from moderation.comment import Platform
from moderation.settings import CommunitySettings


def community_settings(community: CommunityConfig) -> CommunitySettings:
    return CommunitySettings(
        community_id=community.id,
        platform=Platform(community.platform),
        name=community.name,
        language=community.language,
        dry_run=community.dry_run,
        hide_threshold=community.hide_threshold,
        review_threshold=community.review_threshold,
        moderators_chat_id=(
            str(community.moderators_chat) if community.moderators_chat is not None else None
        ),
        allowlist=frozenset(community.allowlist),
        night=community.night,
        strikes=community.strikes,
        templates_path=community.templates_path,
        profile=community.profile,
        drafted_intents=community.drafted_intents,
        timezone=community.timezone,
    )
