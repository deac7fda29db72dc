"""A VK community's managers, for the thread tracker: who counts as staff on a wall.

A manager (creator, administrator, editor, moderator) who replies to a question from their
personal account (`reply_to_comment`, positive `from_id`) answers it just as a reply
posted as the community does. VK names them in `groups.getMembers` with
`filter=managers`, which needs the community's own token or a manager's user token.

The list is cached for `TTL` seconds per community. When VK will not give it (a token
without rights, VK down), that is logged once, the managers count as nobody, and the call
is retried after `RETRY` seconds — never once per comment — so the bot keeps running.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.vk.client import VKClient
from bot.vk.errors import VKError
from moderation.comment import Comment

log = logging.getLogger(__name__)

TTL = 600.0
RETRY = 120.0
TIMEOUT = 5.0
STAFF_ROLES = frozenset({"creator", "administrator", "editor", "moderator"})  # not advertisers


def manager_ids(answer: Any) -> frozenset[str]:
    """The staff ids of a `groups.getMembers(filter=managers)` answer."""
    items = answer["items"] if isinstance(answer, dict) else None
    if not isinstance(items, list):
        raise ValueError("groups.getMembers answered without an items list")
    return frozenset(
        str(int(item["id"]))
        for item in items
        if isinstance(item, dict) and item.get("role") in STAFF_ROLES
    )


class VkManagers:
    def __init__(
        self,
        clients: Mapping[int, VKClient | None],  # group id → a client allowed to ask
        clock: Callable[[], float] = time.monotonic,
        timeout: float = TIMEOUT,
    ) -> None:
        self._clients = dict(clients)
        self._clock, self._timeout = clock, timeout
        self._cache: dict[int, tuple[float, frozenset[str]]] = {}
        self._failing: set[int] = set()
        self.lookups = 0  # groups.getMembers calls made (tests)

    async def staff_ids(self, comment: Comment) -> frozenset[str]:
        """The tracker's `StaffSource` for VK: the managers of the comment's community."""
        group = comment.metadata.get("group_id", "")
        return await self.of(int(group)) if group.isdigit() else frozenset()

    async def of(self, group_id: int) -> frozenset[str]:
        cached = self._cache.get(group_id)
        if cached is not None and self._clock() < cached[0]:
            return cached[1]
        client = self._clients.get(group_id)
        if client is None:
            return frozenset()
        self.lookups += 1
        try:
            async with asyncio.timeout(self._timeout):
                answer = await client.call(
                    "groups.getMembers", group_id=group_id, filter="managers", count=1000
                )
            ids = manager_ids(answer)
        except (VKError, TimeoutError, KeyError, TypeError, ValueError) as exc:
            if group_id not in self._failing:
                self._failing.add(group_id)
                log.warning(
                    "vk: cannot list the managers of club%s (their replies do not close "
                    "questions until it works; retrying every %.0f s): %s",
                    group_id, RETRY, exc,
                )  # fmt: skip
            self._cache[group_id] = (self._clock() + RETRY, frozenset())
            return frozenset()
        if group_id in self._failing:
            self._failing.discard(group_id)
            log.warning("vk: the managers of club%s are listed again", group_id)
        self._cache[group_id] = (self._clock() + TTL, ids)
        return ids
