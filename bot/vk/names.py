"""Authors' names for VK comments: `users.get`, cached, so cards and replies say "Айгерим"
instead of an id and drafts address people by name.

VK events carry only `from_id`. The name is looked up once per user (an LRU cache with a
time limit, since people rename themselves rarely) with any token the community has — users.get
works with community, user and service tokens alike. A lookup that fails or takes too long
leaves the comment unnamed rather than delaying its storage: the inbox write must not wait
on VK.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from bot.vk.client import VKClient
from bot.vk.errors import VKError
from moderation.comment import Comment

log = logging.getLogger(__name__)

TTL = 24 * 3600.0
CAPACITY = 10_000
TIMEOUT = 2.0


class VkNames:
    def __init__(
        self, client: VKClient | None, clock: Callable[[], float] = time.monotonic,
        timeout: float = TIMEOUT,
    ) -> None:  # fmt: skip
        self._client = client
        self._clock = clock
        self._timeout = timeout
        self._cache: OrderedDict[int, tuple[float, str]] = OrderedDict()
        self.lookups = 0  # users.get calls made (for tests and metrics)

    def cached(self, user_id: int) -> str | None:
        found = self._cache.get(user_id)
        if found is None or self._clock() - found[0] > TTL:
            return None
        self._cache.move_to_end(user_id)
        return found[1]

    def _remember(self, user_id: int, name: str) -> None:
        self._cache[user_id] = (self._clock(), name)
        self._cache.move_to_end(user_id)
        while len(self._cache) > CAPACITY:
            self._cache.popitem(last=False)

    async def name(self, user_id: int) -> str | None:
        """ "Айгерим Касымова" for a user id; None for communities and failed lookups."""
        if user_id <= 0 or self._client is None:
            return None
        known = self.cached(user_id)
        if known is not None:
            return known
        self.lookups += 1
        try:
            async with asyncio.timeout(self._timeout):
                users = await self._client.call("users.get", user_ids=[user_id])
        except (VKError, TimeoutError) as exc:
            log.info("vk: users.get for %s failed: %s", user_id, exc)
            return None
        if not users:
            return None
        first = users[0]
        name = " ".join(
            str(p) for p in (first.get("first_name"), first.get("last_name")) if p
        ).strip()
        if name:
            self._remember(user_id, name)
        return name or None

    async def named(self, comment: Comment) -> Comment:
        """The comment with its author's name filled in when VK tells it."""
        if comment.author.name or not comment.author.id.lstrip("-").isdigit():
            return comment
        name = await self.name(int(comment.author.id))
        if not name:
            return comment
        return replace(comment, author=replace(comment.author, name=name))
