"""The bot's update queue: `getUpdates` long polling and the webhook configuration.

Semantics follow the real server (protocols/telegram.md §3): an offset confirms everything
below it, unconfirmed updates come back, one long poll at a time (a newer poll or a
`setWebhook` ends the pending one with 409), `allowed_updates` filters at enqueue time and
persists across calls, and polling while a webhook is set is a 409.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram.envelope import ApiError
from tests.fakes.telegram.objects import update_json

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_POLL_TIMEOUT = 50
CONFLICT_OTHER_POLL = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
CONFLICT_SET_WEBHOOK = "terminated by setWebhook request"


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateQueue:
    def __init__(self, time_scale: float, first_id: int = 700001) -> None:
        self.time_scale = time_scale
        self.items: list[dict[str, Any]] = []
        self.allowed: list[str] | None = None  # None and [] both mean the default set
        self.webhook: Webhook | None = None
        self._next_id = first_id
        self._changed = asyncio.Condition()
        self._poll_generation = 0
        self._poll_end_reason: str | None = None
        self.parked = asyncio.Event()  # set while a long poll waits (tests sync on it)

    def is_allowed(self, kind: str) -> bool:
        if not self.allowed:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed

    async def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update unless `allowed_updates` filters it; returns the update JSON."""
        if not self.is_allowed(kind):
            return None
        update = update_json(self._next_id, kind, copy.deepcopy(payload))
        self._next_id += 1
        async with self._changed:
            self.items.append(update)
            self._changed.notify_all()
        return update

    def confirm(self, offset: int) -> None:
        if offset < 0:
            del self.items[: max(0, len(self.items) + offset)]
        else:
            self.items = [u for u in self.items if u["update_id"] >= offset]

    async def get_updates(
        self, offset: int | None, limit: int, timeout: int, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK_ACTIVE)
        if allowed is not None:
            self.allowed = list(allowed)
        if offset is not None:
            self.confirm(offset)
        limit = min(max(limit, 1), 100)
        timeout = min(max(timeout, 0), MAX_POLL_TIMEOUT)
        async with self._changed:
            # A newer poll (or setWebhook) ends this one with 409, as on the real server.
            await self._end_pending_poll(CONFLICT_OTHER_POLL)
            self._poll_generation += 1
            generation = self._poll_generation
            self.parked.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(
                        lambda: bool(self.items) or generation != self._poll_generation
                    ),
                    timeout * self.time_scale,
                )
            if generation == self._poll_generation:
                self.parked.clear()
            if generation != self._poll_generation:
                raise ApiError(409, self._poll_end_reason or CONFLICT_OTHER_POLL)
            self._poll_generation += 1  # this poll is over; nothing pending any more
            return list(self.items[:limit])

    async def _end_pending_poll(self, reason: str) -> None:
        self._poll_end_reason = reason
        self._poll_generation += 1
        self._changed.notify_all()

    async def set_webhook(self, webhook: Webhook | None, drop_pending: bool) -> None:
        async with self._changed:
            if webhook is not None:
                await self._end_pending_poll(CONFLICT_SET_WEBHOOK)
            self.webhook = webhook
            if drop_pending:
                self.items.clear()
            self._changed.notify_all()

    async def wait_for_push(self) -> tuple[Webhook, dict[str, Any]]:
        """The head update once a webhook is set and something is queued (for the pusher)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.webhook is not None and bool(self.items))
            assert self.webhook is not None
            return self.webhook, self.items[0]

    async def delivered(self, update_id: int) -> None:
        async with self._changed:
            self.items = [u for u in self.items if u["update_id"] != update_id]
            self._changed.notify_all()
