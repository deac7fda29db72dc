"""Per-chat pacing of outgoing messages, so a comment flood never trips flood control.

Telegram tolerates about 20 messages a minute in one group and about one a second in a
private chat. A token bucket per chat lets a short burst through and then spaces messages
out; the reservation is taken synchronously, so concurrent senders queue fairly without a
lock. Only sends and edits are paced: deletions and bans must never wait behind notices.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

PACED_PREFIXES = ("send", "edit", "copy", "forward")


def is_paced(method: str) -> bool:
    return method.startswith(PACED_PREFIXES)


@dataclass(frozen=True, slots=True)
class PacingPolicy:
    group_per_minute: float = 20.0
    private_per_minute: float = 60.0
    burst: int = 3

    def interval(self, chat_id: int | str) -> float:
        """Seconds between messages once the burst is spent (negative ids are groups)."""
        is_group = isinstance(chat_id, str) or chat_id < 0  # "@name" is a channel/group
        per_minute = self.group_per_minute if is_group else self.private_per_minute
        return 60.0 / per_minute


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


@dataclass
class Pacer:
    policy: PacingPolicy = field(default_factory=PacingPolicy)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    _buckets: dict[int | str, _Bucket] = field(default_factory=dict)

    def reserve(self, chat_id: int | str) -> float:
        """Take a slot for one message now; returns how long the caller must wait for it."""
        interval = self.policy.interval(chat_id)
        now = self.clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _Bucket(float(self.policy.burst), now)
        refill = (now - bucket.updated) / interval
        bucket.tokens = min(float(self.policy.burst), bucket.tokens + refill) - 1.0
        bucket.updated = now
        return max(0.0, -bucket.tokens * interval)

    def hold(self, chat_id: int | str, seconds: float) -> None:
        """Flood control hit this chat: later messages wait at least `seconds` more."""
        interval = self.policy.interval(chat_id)
        now = self.clock()
        bucket = self._buckets.setdefault(chat_id, _Bucket(0.0, now))
        bucket.tokens = min(bucket.tokens, -seconds / interval)
        bucket.updated = now

    async def acquire(self, chat_id: int | str) -> float:
        wait = self.reserve(chat_id)
        if wait > 0:
            await self.sleep(wait)
        return wait
