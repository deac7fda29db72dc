"""The VK API client: one token, form-encoded POSTs, pacing, retries and typed errors.

Every call goes through `call()`: paced by the token's bucket, sent as a form body
(`access_token` and `v` in the body, so the token never appears in a URL, a log line or an
exception), and the answer mapped by `errors.error_from_envelope`. Transient failures
(6, 9, 10, 1, 5xx, timeouts, network) are retried with bounded exponential back-off;
5, 14, 15/27/7 and 29 are raised at once, to be reported to a human.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.vk.errors import (
    FloodControl,
    VKError,
    VKUnavailable,
    error_from_envelope,
)
from bot.vk.pacing import USER_RATE, TokenBucket

log = logging.getLogger(__name__)

API_VERSION = "5.199"
DEFAULT_API_BASE = "https://api.vk.com/method/"
ParamValue = str | int | bool | Iterable[int | str] | None


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # total tries per call
    base_delay: float = 0.5  # seconds; doubles per attempt up to max_delay
    max_delay: float = 8.0
    flood_delay: float = 30.0  # error 9 is about similar actions: wait long, not often
    timeout: float = 15.0  # per request

    def delay(self, attempt: int, error: VKError) -> float:
        base = self.flood_delay if isinstance(error, FloodControl) else self.base_delay
        return float(min(base * 2**attempt, max(self.max_delay, base)))


@dataclass(frozen=True)
class CreatedComment:
    comment_id: int
    parents_stack: tuple[int, ...]


@dataclass(frozen=True)
class LongPollServer:
    server: str
    key: str
    ts: str


def encode(params: Mapping[str, ParamValue]) -> dict[str, str]:
    """VK's parameter encoding: booleans as 1/0, lists comma-joined, None left out."""
    form: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            form[key] = "1" if value else "0"
        elif isinstance(value, str | int):
            form[key] = str(value)
        else:
            form[key] = ",".join(str(v) for v in value)
    return form


class VKClient:
    """A client for one access token; share one instance per token so pacing holds."""

    def __init__(
        self,
        token: str,
        *,
        api_base: str = DEFAULT_API_BASE,
        rate: float = USER_RATE,
        retry: RetryPolicy | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self._token = token
        self.api_base = api_base if api_base.endswith("/") else api_base + "/"
        self.retry = retry or RetryPolicy()
        self._bucket = TokenBucket(rate)
        self._session = session
        self._own_session = session is None

    def __repr__(self) -> str:
        return f"VKClient(api_base={self.api_base!r}, token=***)"

    async def __aenter__(self) -> VKClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def call(self, method: str, **params: ParamValue) -> Any:
        """VK's `response` value for `method`, or a `VKError` once retries are exhausted."""
        form = {**encode(params), "v": API_VERSION, "access_token": self._token}
        last: VKError | None = None
        for attempt in range(self.retry.attempts):
            await self._bucket.acquire()
            try:
                return await self._send_once(method, form)
            except VKError as exc:
                if not exc.retryable:
                    raise
                last = exc
            if attempt + 1 < self.retry.attempts:
                delay = self.retry.delay(attempt, last)
                log.warning(
                    "vk %s failed (%s); retry %d in %.1fs", method, last.message, attempt + 1, delay
                )
                await asyncio.sleep(delay)
        assert last is not None
        raise last

    async def _send_once(self, method: str, form: dict[str, str]) -> Any:
        try:
            async with self._http().post(
                self.api_base + method,
                data=form,
                timeout=aiohttp.ClientTimeout(total=self.retry.timeout),
            ) as response:
                if response.status != 200:
                    raise VKUnavailable(method, f"HTTP {response.status}")
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            # Library texts may quote the request; scrub the token to be sure.
            text = f"{type(exc).__name__}: {exc}".replace(self._token, "***")
            raise VKUnavailable(method, text) from None
        if not isinstance(body, dict):
            raise VKUnavailable(method, "answer is not a JSON object")
        if "error" in body:
            raise error_from_envelope(method, body["error"], self._token)
        if "response" not in body:
            raise VKUnavailable(method, "answer has neither response nor error")
        return body["response"]

    # -- moderation calls -----------------------------------------------------------------
    async def delete_comment(self, owner_id: int, comment_id: int) -> None:
        await self.call("wall.deleteComment", owner_id=owner_id, comment_id=comment_id)

    async def restore_comment(self, owner_id: int, comment_id: int) -> None:
        await self.call("wall.restoreComment", owner_id=owner_id, comment_id=comment_id)

    async def create_comment(
        self,
        owner_id: int,
        post_id: int,
        message: str,
        reply_to_comment: int | None = None,
        from_group: int | None = None,
    ) -> CreatedComment:
        """Post a comment; `from_group` is the (positive) community id to post as."""
        answer = await self.call(
            "wall.createComment",
            owner_id=owner_id,
            post_id=post_id,
            message=message,
            reply_to_comment=reply_to_comment,
            from_group=from_group,
        )
        return CreatedComment(
            int(answer["comment_id"]), tuple(int(i) for i in answer.get("parents_stack", ()))
        )

    async def get_comment(self, owner_id: int, comment_id: int) -> dict[str, Any]:
        answer = await self.call("wall.getComment", owner_id=owner_id, comment_id=comment_id)
        return dict(answer["items"][0])

    async def ban(
        self,
        group_id: int,
        owner_id: int,
        *,
        end_date: int | None = None,
        reason: int = 0,
        comment: str | None = None,
        comment_visible: bool = False,
    ) -> None:
        """Blacklist `owner_id` in the community; `end_date` None means forever."""
        await self.call(
            "groups.ban",
            group_id=group_id,
            owner_id=owner_id,
            end_date=end_date,
            reason=reason,
            comment=comment,
            comment_visible=comment_visible,
        )

    async def unban(self, group_id: int, owner_id: int) -> None:
        await self.call("groups.unban", group_id=group_id, owner_id=owner_id)

    async def get_banned(self, group_id: int) -> list[dict[str, Any]]:
        answer = await self.call("groups.getBanned", group_id=group_id, count=200)
        return list(answer["items"])

    # -- transport and start-up calls -----------------------------------------------------
    async def get_long_poll_server(self, group_id: int) -> LongPollServer:
        answer = await self.call("groups.getLongPollServer", group_id=group_id)
        return LongPollServer(str(answer["server"]), str(answer["key"]), str(answer["ts"]))

    async def get_confirmation_code(self, group_id: int) -> str:
        answer = await self.call("groups.getCallbackConfirmationCode", group_id=group_id)
        return str(answer["code"])

    async def get_group(self, group_id: int, fields: Iterable[str] = ()) -> dict[str, Any]:
        answer = await self.call("groups.getById", group_id=group_id, fields=list(fields) or None)
        return dict(answer["groups"][0])
