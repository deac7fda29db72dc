"""The fake VK's event log per community: what Long Poll reads by `ts` and Callback pushes.

`ts` is a cursor: an event's ts is its position plus `FIRST_TS`. `forget_before()` drops
old history so a stale ts gets `failed: 1`, as on VK.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FIRST_TS = 1000
API_VERSION = "5.199"


@dataclass
class EventLog:
    group_id: int
    events: list[dict[str, Any]] = field(default_factory=list)
    oldest_ts: int = FIRST_TS  # history before this ts is lost
    listeners: list[Callable[[dict[str, Any]], None]] = field(default_factory=list)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _counter: int = 0

    @property
    def ts(self) -> int:
        """The ts a fresh poller starts from: after every event so far."""
        return FIRST_TS + len(self.events)

    async def emit(self, type_: str, obj: dict[str, Any]) -> dict[str, Any]:
        self._counter += 1
        event = {
            "type": type_,
            "object": obj,
            "group_id": self.group_id,
            "event_id": f"ev{self.group_id}x{self._counter:06d}",
            "v": API_VERSION,
        }
        async with self._changed:
            self.events.append(event)
            self._changed.notify_all()
        for listener in self.listeners:
            listener(event)
        return event

    def since(self, ts: int) -> list[dict[str, Any]]:
        return self.events[max(ts - FIRST_TS, 0) :]

    async def wait_beyond(self, ts: int, timeout: float) -> None:
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(lambda: self.ts > ts), timeout)

    def forget_before(self, ts: int) -> None:
        self.oldest_ts = ts


def event_type(kind: str, action: str) -> str:
    """`wall_reply_new`, `photo_comment_delete`, `board_post_restore` …"""
    family = {"wall": "wall_reply", "board": "board_post"}.get(kind, f"{kind}_comment")
    return f"{family}_{action}"


def family_delete_object(
    kind: str, owner_id: int, comment_id: int, object_id: int, deleter_id: int
) -> dict[str, Any]:
    """The object of a `*_delete` event, whose fields differ per family (vk.md §7)."""
    if kind == "wall":
        return delete_object(owner_id, comment_id, object_id, deleter_id)
    if kind == "board":
        return {"topic_owner_id": owner_id, "topic_id": object_id, "id": comment_id}
    object_field = {"photo": "photo_id", "video": "video_id", "market": "item_id"}[kind]
    return {
        "owner_id": owner_id,
        "id": comment_id,
        "user_id": deleter_id,
        "deleter_id": deleter_id,
        object_field: object_id,
    }


def reply_object(comment_vk: dict[str, Any]) -> dict[str, Any]:
    """wall_reply_new/edit/restore carry the comment plus `post_owner_id`."""
    return {**comment_vk, "post_owner_id": comment_vk["owner_id"]}


def delete_object(owner_id: int, comment_id: int, post_id: int, deleter_id: int) -> dict[str, Any]:
    return {"owner_id": owner_id, "id": comment_id, "deleter_id": deleter_id, "post_id": post_id}
