"""The fake VK's Callback API sender: POSTs events to the bot like VK does.

Each registered server gets every event of its community, in order, as a JSON body with
`secret`. Anything but HTTP 200 with the body `ok` (or no answer within the timeout) is a
failure: the same event is re-sent with `X-Retry-Counter: N`. After `suspend_after`
failures in a row the server is suspended, as VK temporarily stops sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

from tests.fakes.vk.journal import Call

if TYPE_CHECKING:
    from tests.fakes.vk.server import FakeVK


@dataclass
class CallbackServer:
    url: str
    group_id: int
    secret: str | None
    server_id: int = 1  # as groups.getCallbackServers numbers them, per community
    title: str = "Kuzet"
    status: str = "ok"  # VK's: unconfigured / failed / wait / ok
    events: frozenset[str] | None = None  # event types switched on; None: every type
    api_version: str = "5.199"
    timeout: float = 2.0  # seconds, real time
    retries: int = 3  # re-sends after the first attempt
    retry_delay: float = 1.0  # VK-seconds, scaled by the fake's time_scale
    suspend_after: int = 10
    failures_in_row: int = 0
    suspended: bool = False
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    task: asyncio.Task[None] | None = None


class CallbackPusher:
    def __init__(self, fake: FakeVK) -> None:
        self.fake = fake
        self.servers: list[CallbackServer] = []
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    def add_server(
        self, url: str, group_id: int, secret: str | None = None, **options: Any
    ) -> CallbackServer:
        same_group = [s for s in self.servers if s.group_id == group_id]
        options.setdefault("server_id", len(same_group) + 1)
        server = CallbackServer(url, group_id, secret, **options)
        server.task = asyncio.get_running_loop().create_task(self._run(server))
        self.servers.append(server)
        return server

    def offer(self, event: dict[str, Any]) -> None:
        for server in self.servers:
            wanted = server.events is None or event["type"] in server.events
            if server.group_id == event["group_id"] and not server.suspended and wanted:
                server.queue.put_nowait(event)

    async def confirm(self, url: str, group_id: int) -> str:
        """The confirmation handshake: the bot's answer body (VK expects the code verbatim)."""
        status, text = await self.post(url, {"type": "confirmation", "group_id": group_id})
        await self.fake.journal.record(
            Call("callback", {"type": "confirmation", "group_id": group_id}, text, status=status)
        )
        return text

    async def post(
        self,
        url: str,
        body: dict[str, Any] | str,
        headers: dict[str, str] | None = None,
        timeout: float = 2.0,
    ) -> tuple[int, str]:
        """One raw POST (also for tests that send malformed or forged bodies)."""
        data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        async with self._http().post(
            url,
            data=data.encode(),
            timeout=aiohttp.ClientTimeout(total=timeout),
            headers={"Content-Type": "application/json", **(headers or {})},
        ) as response:
            return response.status, await response.text()

    async def _run(self, server: CallbackServer) -> None:
        while True:
            event = await server.queue.get()
            body = {**event, **({"secret": server.secret} if server.secret else {})}
            for attempt in range(server.retries + 1):
                headers = {"X-Retry-Counter": str(attempt)} if attempt else {}
                try:
                    status, text = await self.post(server.url, body, headers, server.timeout)
                except (TimeoutError, aiohttp.ClientError) as exc:
                    status, text = 0, f"no answer: {type(exc).__name__}"
                call = Call(
                    "callback",
                    {
                        "type": event["type"],
                        "event_id": event["event_id"],
                        "retry": attempt,
                        "group_id": event["group_id"],
                    },
                    text,
                    status=status,
                )
                await self.fake.journal.record(call)
                if call.ok:
                    server.failures_in_row = 0
                    break
                server.failures_in_row += 1
                if server.failures_in_row >= server.suspend_after:
                    server.suspended = True
                    return
                await asyncio.sleep(server.retry_delay * self.fake.time_scale)

    async def close(self) -> None:
        for server in self.servers:
            if server.task is not None:
                server.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await server.task
        if self._session is not None:
            await self._session.close()
