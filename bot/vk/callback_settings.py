"""The community's Callback API servers as VK has them, for `kuzet doctor` and the guide.

Kuzet reads comment events of five families (walls, photos, videos, market items, board
topics; see `bot.vk.convert`) and keeps its records in step with their deletions, so those
are the events a Callback server (or Long Poll) must send. Without the wall's `new` and
`edit` Kuzet moderates nothing; the other families only matter where a community uses them.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from bot.vk.client import VKClient

COMMENT_FAMILIES = ("wall_reply", "photo_comment", "video_comment", "market_comment", "board_post")
EVENT_ACTIONS = ("new", "edit", "restore", "delete")
WANTED_EVENTS = tuple(f"{f}_{a}" for f in COMMENT_FAMILIES for a in EVENT_ACTIONS)
ESSENTIAL_EVENTS = ("wall_reply_new", "wall_reply_edit")
API_VERSION = "5.199"  # the object format convert.py reads


@dataclass(frozen=True)
class CallbackServerState:
    server_id: int
    title: str
    url: str
    status: str  # VK's: unconfigured / failed / wait / ok
    secret_matches: bool
    api_version: str
    missing_events: tuple[str, ...]  # WANTED_EVENTS switched off, in WANTED_EVENTS order

    @property
    def missing_essential(self) -> tuple[str, ...]:
        return tuple(e for e in ESSENTIAL_EVENTS if e in self.missing_events)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


async def callback_servers(
    client: VKClient, group_id: int, secret: str
) -> list[CallbackServerState]:
    """Every Callback server of `group_id` with its settings (raises VKError when the token
    may not read them: a community token needs `manage`, a user token an admin)."""
    answer = await client.call("groups.getCallbackServers", group_id=group_id)
    states = []
    for item in answer.get("items", ()):
        settings = await client.call(
            "groups.getCallbackSettings", group_id=group_id, server_id=int(item["id"])
        )
        events = settings.get("events") or {}
        states.append(
            CallbackServerState(
                server_id=int(item["id"]),
                title=str(item.get("title", "")),
                url=str(item.get("url", "")),
                status=str(item.get("status", "")),
                secret_matches=_same(str(item.get("secret_key") or ""), secret),
                api_version=str(settings.get("api_version", "")),
                missing_events=tuple(e for e in WANTED_EVENTS if not events.get(e)),
            )
        )
    return states
