"""Webhook delivery: POST each queued update to the bot, in order, until it answers 2xx.

Like the real server it sends `X-Telegram-Bot-Api-Secret-Token` when a secret is set,
retries non-2xx answers and dropped connections with exponential back-off (scaled by the
fake's `time_scale`), honours a `Retry-After` header, and executes a method the bot puts in
the response body. Every attempt is recorded in the `pushes` journal as `webhookPush`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from tests.fakes.telegram.clock import VirtualClock
from tests.fakes.telegram.journal import Call, Journal
from tests.fakes.telegram.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
NOT_EXECUTED = ("get", "setwebhook", "deletewebhook", "close", "logout")

ReplyExecutor = Callable[[str, dict[str, Any]], Awaitable[None]]


class WebhookPusher:
    def __init__(
        self,
        queue: UpdateQueue,
        clock: VirtualClock,
        pushes: Journal,
        execute: ReplyExecutor,
        *,
        max_backoff: float = 60.0,
    ) -> None:
        self._queue = queue
        self._clock = clock
        self._pushes = pushes
        self._execute = execute
        self._max_backoff = max_backoff
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="fake-telegram-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        backoff = 1.0
        async with aiohttp.ClientSession() as session:
            while True:
                webhook, update = await self._queue.wait_for_push()
                headers = {SECRET_HEADER: webhook.secret_token} if webhook.secret_token else {}
                status, body, reply, retry_after = await self._post(
                    session, webhook.url, update, headers
                )
                await self._pushes.record(
                    Call(
                        "webhookPush",
                        {
                            "update_id": update["update_id"],
                            "url": webhook.url,
                            "secret_token": headers.get(SECRET_HEADER),
                            "update": update,
                        },
                        status,
                        {"ok": 200 <= status < 300, "body": body},
                    )
                )
                if 200 <= status < 300:
                    backoff = 1.0
                    await self._queue.delivered(update["update_id"])
                    await self._run_reply(reply)
                    continue
                webhook.last_error_date = self._clock.now()
                webhook.last_error_message = f"Wrong response from the webhook: {status}"
                wait = retry_after if retry_after is not None else backoff
                backoff = min(backoff * 2, self._max_backoff)
                await asyncio.sleep(wait * self._queue.time_scale)

    async def _post(
        self,
        session: aiohttp.ClientSession,
        url: str,
        update: dict[str, Any],
        headers: dict[str, str],
    ) -> tuple[int, str, dict[str, Any] | None, float | None]:
        """Status, body text, the method call in the body (JSON or multipart), Retry-After."""
        try:
            async with session.post(url, json=update, headers=headers) as response:
                header = response.headers.get("Retry-After")
                retry_after = min(float(header), 3600.0) if header else None
                if response.content_type == "multipart/form-data":
                    reply: dict[str, Any] = {}
                    reader = aiohttp.MultipartReader.from_response(response)
                    while (part := await reader.next()) is not None:
                        if isinstance(part, aiohttp.BodyPartReader) and part.name:
                            reply[part.name] = await part.text()
                    return response.status, "<multipart>", reply, retry_after
                text = await response.text()
                return response.status, text, _json_object(text), retry_after
        except (aiohttp.ClientError, TimeoutError) as exc:
            return 0, f"{type(exc).__name__}: {exc}", None, None

    async def _run_reply(self, data: dict[str, Any] | None) -> None:
        """Execute a method the bot returned in its webhook answer, as the real server does."""
        if not data or not isinstance(data.get("method"), str):
            return
        method = data.pop("method")
        if not method.lower().startswith(NOT_EXECUTED):
            await self._execute(method, data)


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text) if text.strip() else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
