"""Durable long polling: an update is confirmed to Telegram only after the inbox holds it.

aiogram's stock `start_polling` confirms a batch as soon as it yields it, so a crash while
handling loses updates. This loop asks `getUpdates` for raw JSON, hands every update of the
batch to `store` (the inbox, idempotent on re-delivery), saves the next offset, and only
the following `getUpdates(offset=…)` confirms the batch to Telegram. A crash anywhere before
that means Telegram delivers the batch again: at-least-once, never lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from aiogram import Bot
from aiogram.methods import GetUpdates, TelegramMethod

from bot.interrupt import finished_before_stop
from bot.pipeline.faults import is_database_fault
from bot.telegram.errors import Conflict, InvalidToken, RateLimited, TelegramGatewayError

log = logging.getLogger(__name__)

StoreUpdate = Callable[[dict[str, Any]], Awaitable[None]]
# A whole page, then its offset's save in the same transaction as its comments.
StorePage = Callable[[list[dict[str, Any]], "OffsetSave"], Awaitable[None]]


class OffsetStore(Protocol):
    async def load(self) -> int | None: ...

    async def save(self, offset: int) -> None: ...


class MemoryOffsetStore:
    """An offset kept in memory (tests, and single-process runs without persistence)."""

    def __init__(self, offset: int | None = None) -> None:
        self.offset = offset

    async def load(self) -> int | None:
        return self.offset

    async def save(self, offset: int) -> None:
        self.offset = offset


class KeyValue(Protocol):
    """Any durable string store; `bot.storage.repositories.state.StateRepository` fits."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...


class KeyValueOffsetStore:
    """The offset kept under one key (one per bot) next to the inbox, in the same database."""

    def __init__(self, kv: KeyValue, key: str) -> None:
        self._kv = kv
        self.key = key

    async def load(self) -> int | None:
        value = await self._kv.get(self.key)
        return int(value) if value is not None else None

    async def save(self, offset: int) -> None:
        await self._kv.set(self.key, str(offset))


class OffsetSave:
    """Saving the next offset, as `store_page` receives it with its page: a call, and —
    when the offset is a key of the state table — that key and value, so the inbox can
    write them in the same statement as the page's comments."""

    def __init__(self, offsets: OffsetStore, offset: int) -> None:
        self._offsets, self.offset = offsets, offset

    async def __call__(self) -> None:
        await self._offsets.save(self.offset)

    @property
    def state(self) -> tuple[str, str] | None:
        if isinstance(self._offsets, KeyValueOffsetStore):
            return (self._offsets.key, str(self.offset))
        return None


class GetRawUpdates(GetUpdates):
    """getUpdates that returns the updates as JSON dicts, exactly as Telegram sent them."""

    __returning__ = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PollingPolicy:
    timeout: int = 25  # long-poll seconds asked from Telegram
    limit: int = 100
    allowed_updates: Sequence[str] | None = (
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "my_chat_member",
    )
    min_backoff: float = 1.0
    max_backoff: float = 30.0
    # The database is ours and comes back quickly after a restart: look again often.
    max_storage_backoff: float = 2.0


class DurablePoller:
    def __init__(
        self,
        bot: Bot,
        store: StoreUpdate,
        offsets: OffsetStore,
        policy: PollingPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        store_page: StorePage | None = None,
    ) -> None:
        self._bot = bot
        self._store = store
        # A whole getUpdates page at once (the inbox in one transaction), when given.
        self._store_page = store_page
        self._offsets = offsets
        self.policy = policy or PollingPolicy()
        self._sleep = sleep
        self._stopping = asyncio.Event()
        self.batches = 0  # batches fully stored and acknowledged by offset (for health)

    def stop(self) -> None:
        """Ask the loop to end after the current step; `run` then returns."""
        self._stopping.set()

    async def run(self) -> None:
        """Poll until `stop()`; invalid tokens end the loop, everything else backs off."""
        offset = await self._offsets.load()
        backoff = self.policy.min_backoff
        storing_failed = False
        while not self._stopping.is_set():
            try:
                # Only the long poll is cut short by stop(); a fetched batch is always
                # stored and its offset saved before the loop looks at stop() again.
                fetch = asyncio.ensure_future(self.fetch(offset))
                if not await finished_before_stop(fetch, self._stopping):
                    return
                offset = await self.commit(offset, fetch.result())
                backoff = self.policy.min_backoff
            except InvalidToken:
                raise
            except (TelegramGatewayError, OSError, ValueError) as exc:
                if is_database_fault(exc):  # asyncpg's refused connection is an OSError
                    storing_failed = await self._storing_failed(exc, storing_failed)
                    continue
                level = logging.INFO if isinstance(exc, Conflict) else logging.WARNING
                if isinstance(exc, RateLimited):  # flood control says how long to stay away
                    backoff = max(backoff, float(exc.retry_after))
                log.log(level, "telegram polling: %s; retrying in %.1fs", exc, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, self.policy.max_backoff)
                continue
            except Exception as exc:  # the inbox failed: keep the offset, the batch comes back
                storing_failed = await self._storing_failed(exc, storing_failed)
                continue
            if storing_failed:
                log.warning("telegram polling: storing updates works again")
                storing_failed = False

    async def _storing_failed(self, exc: BaseException, already: bool) -> bool:
        """Log a storage failure once per outage (not once per retry), then wait a little:
        the offset is kept, so the batch comes back."""
        if not already:
            first = str(exc).splitlines()[0][:200] if str(exc) else ""
            log.warning(
                "telegram polling: storing updates failed (%s: %s); keeping the offset and "
                "retrying until the database is back", type(exc).__name__, first,
            )  # fmt: skip
        await self._pause(self.policy.max_storage_backoff if already else self.policy.min_backoff)
        return True

    async def poll_once(self, offset: int | None) -> int | None:
        """One getUpdates → store all → save offset; returns the offset for the next call."""
        return await self.commit(offset, await self.fetch(offset))

    async def fetch(self, offset: int | None) -> list[dict[str, Any]]:
        """getUpdates with `offset`, which also confirms everything below it to Telegram."""
        policy = self.policy
        allowed = list(policy.allowed_updates) if policy.allowed_updates is not None else None
        method = GetRawUpdates(
            offset=offset, limit=policy.limit, timeout=policy.timeout, allowed_updates=allowed
        )
        request_timeout = int(self._bot.session.timeout + policy.timeout)
        raw_call = cast(TelegramMethod[list[dict[str, Any]]], method)
        return await self._bot(raw_call, request_timeout=request_timeout)

    async def commit(self, offset: int | None, updates: list[dict[str, Any]]) -> int | None:
        """Store every update, then save the next offset; returns it."""
        if not updates:
            return offset
        next_offset = max(int(u["update_id"]) for u in updates) + 1
        save = OffsetSave(self._offsets, next_offset)
        if self._store_page is not None:
            await self._store_page(updates, save)  # one commit for the page and its offset
        else:
            for update in updates:
                await self._store(update)
            await save()
        self.batches += 1
        return next_offset

    async def _pause(self, seconds: float) -> None:
        """Back off, but wake up at once when stopped."""
        stop = asyncio.ensure_future(self._stopping.wait())
        nap = asyncio.ensure_future(self._sleep(seconds))
        await asyncio.wait({stop, nap}, return_when=asyncio.FIRST_COMPLETED)
        for task in (stop, nap):
            task.cancel()
