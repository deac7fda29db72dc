"""A reply the community posts as itself on VK, seen as the answer to a member's comment.

`convert_event` drops the community's own comments (they are never moderated), but a reply
posted as the community (`from_id` = −group id, with `reply_to_comment`) answers the
comment it replies to: its thread to answer is closed here, before the event is dropped.
A manager replying from a personal account is an ordinary comment; the tracker learns
that its author is staff from `VkManagers`, which `install_managers` hands to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from bot.reporting.monitor import MONITORING_KEY, Monitoring
from bot.sides import Kernel
from bot.vk.convert import chat_id_for
from bot.vk.gateway import VkCommunity
from bot.vk.managers import VkManagers
from moderation.comment import Platform
from moderation.threads import Answer, AnswerKind

_FAMILIES = {
    "wall_reply_new": ("wall", "post_owner_id"),
    "photo_comment_new": ("photo", "photo_owner_id"),
    "video_comment_new": ("video", "video_owner_id"),
    "market_comment_new": ("market", "market_owner_id"),
    "board_post_new": ("board", "topic_owner_id"),
}


def community_answer(event: dict[str, Any]) -> Answer | None:
    """The answer a community's own reply gives; None for anything else."""
    family = _FAMILIES.get(str(event.get("type", "")))
    obj = event.get("object")
    group_id = event.get("group_id")
    if family is None or not isinstance(obj, dict) or not isinstance(group_id, int):
        return None
    reply_to = obj.get("reply_to_comment")
    if not reply_to or int(obj.get("from_id", 0)) != -group_id:
        return None
    kind, owner_field = family
    owner = obj.get(owner_field, obj.get("owner_id"))
    owner_id = int(owner) if owner is not None else -group_id
    at = datetime.fromtimestamp(int(obj.get("date", 0)), UTC)
    return Answer(Platform.VK, chat_id_for(kind, owner_id), str(reply_to), at,
                  f"club{group_id}", AnswerKind.COMMUNITY_REPLY)  # fmt: skip


async def note_community_answer(kernel: Kernel, event: dict[str, Any]) -> None:
    monitoring = kernel.extras.get(MONITORING_KEY)
    answer = community_answer(event)
    if isinstance(monitoring, Monitoring) and answer is not None:
        await monitoring.close(answer)


def install_managers(kernel: Kernel, communities: Iterable[VkCommunity]) -> VkManagers | None:
    """Let the thread tracker know each community's managers (the community token asks;
    without one, the admin's user token)."""
    monitoring = kernel.extras.get(MONITORING_KEY)
    if not isinstance(monitoring, Monitoring):
        return None
    managers = VkManagers({c.group_id: c.community or c.user for c in communities})
    monitoring.add_staff_source(Platform.VK, managers)
    return managers
