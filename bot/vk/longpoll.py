"""VK Bots Long Poll ingest: fetch event batches, store each, then persist the cursor.

Each raw event goes to the injected `store` (the inbox, idempotent on `event_id`); only
after the whole batch is stored is the new `ts` saved, so a crash re-reads the batch
instead of losing it, and a restart resumes from the saved `ts` (with a fresh key) instead
of skipping what happened while the bot was down. `failed` answers: 1 → continue with the
ts VK gives (history was lost), 2 → new key, keep ts, 3 → new key and ts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

from bot.interrupt import finished_before_stop
from bot.vk.client import VKClient
from bot.vk.errors import VKError

log = logging.getLogger(__name__)

StoreEvent = Callable[[dict[str, Any]], Awaitable[None]]


class TsStore(Protocol):
    async def load(self) -> str | None: ...

    async def save(self, ts: str) -> None: ...


class MemoryTsStore:
    """A ts kept in memory (tests, and runs without persistence)."""

    def __init__(self, ts: str | None = None) -> None:
        self.ts = ts

    async def load(self) -> str | None:
        return self.ts

    async def save(self, ts: str) -> None:
        self.ts = ts


class KeyValue(Protocol):
    """Any durable string store; `bot.storage.repositories.state.StateRepository` fits."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...


class KeyValueTsStore:
    def __init__(self, kv: KeyValue, key: str) -> None:
        self._kv, self.key = kv, key

    async def load(self) -> str | None:
        return await self._kv.get(self.key)

    async def save(self, ts: str) -> None:
        await self._kv.set(self.key, ts)


@dataclass(frozen=True)
class LongPollPolicy:
    wait: int = 25  # seconds VK holds the request (max 90; proxies often cut at 30)
    min_backoff: float = 1.0
    max_backoff: float = 30.0


class LongPoller:
    def __init__(
        self,
        client: VKClient,
        group_id: int,
        store: StoreEvent,
        ts_store: TsStore,
        policy: LongPollPolicy | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self._client, self.group_id = client, group_id
        self._store, self._ts_store = store, ts_store
        self.policy = policy or LongPollPolicy()
        self._session, self._own_session = session, session is None
        self._server: str | None = None
        self._key = ""
        self._ts: str | None = None
        self._fresh_ts = False  # after failed 3 the saved ts is worthless
        self._stopping = asyncio.Event()
        self.batches = 0  # batches fully stored and persisted (for health)

    def stop(self) -> None:
        self._stopping.set()

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def run(self) -> None:
        """Poll until `stop()`. Non-retryable API errors (token, rights) end the loop."""
        backoff = self.policy.min_backoff
        while not self._stopping.is_set():
            try:
                # Only the long wait is cut short by stop(); fetched events are always
                # stored and the ts saved before the loop looks at stop() again.
                if self._server is None:
                    await self._connect()
                check = asyncio.ensure_future(self._check_now())
                if not await finished_before_stop(check, self._stopping):
                    return
                await self._handle(check.result())
                backoff = self.policy.min_backoff
            except VKError as exc:
                if not exc.retryable:
                    raise
                log.warning("vk long poll: %s; retrying in %.1fs", exc, backoff)
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                log.warning("vk long poll: %s; retrying in %.1fs", type(exc).__name__, backoff)
            except Exception:  # the inbox failed: keep ts, so the batch comes back
                log.exception("vk long poll: storing events failed; retrying in %.1fs", backoff)
            else:
                continue
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.policy.max_backoff)

    async def poll_once(self) -> int:
        """One a_check round: returns how many events were stored."""
        if self._server is None:
            await self._connect()
        return await self._handle(await self._check_now())

    async def _check_now(self) -> dict[str, Any]:
        assert self._server is not None and self._ts is not None
        return await self._check(self._server, self._key, self._ts)

    async def _handle(self, body: dict[str, Any]) -> int:
        """Act on one a_check answer: store its events and save the ts, or reconnect."""
        failed = body.get("failed")
        if failed == 1:
            log.warning(
                "vk long poll: history lost before ts %s; continuing at %s",
                self._ts,
                body.get("ts"),
            )
            self._ts = str(body["ts"])
            await self._ts_store.save(self._ts)
        elif failed == 2:
            self._server = None
        elif failed == 3:
            self._server, self._fresh_ts = None, True
        elif failed is not None:
            raise ValueError(f"unexpected long poll answer failed={failed}")
        else:
            updates = body.get("updates") or []
            for event in updates:
                await self._store(event)
            self._ts = str(body["ts"])
            await self._ts_store.save(self._ts)
            self.batches += 1
            return len(updates)
        return 0

    async def _connect(self) -> None:
        server = await self._client.get_long_poll_server(self.group_id)
        self._server, self._key = server.server, server.key
        if self._fresh_ts:
            self._ts, self._fresh_ts = server.ts, False
            await self._ts_store.save(self._ts)
        elif self._ts is None:
            self._ts = await self._ts_store.load() or server.ts

    async def _check(self, server: str, key: str, ts: str) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        params = {"act": "a_check", "key": key, "ts": ts, "wait": str(self.policy.wait)}
        timeout = aiohttp.ClientTimeout(total=self.policy.wait + 10)
        async with self._session.get(server, params=params, timeout=timeout) as response:
            if response.status != 200:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
            body = await response.json(content_type=None)
        if not isinstance(body, dict):
            raise ValueError("long poll answer is not a JSON object")
        return body
