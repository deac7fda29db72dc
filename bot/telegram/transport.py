"""The one seam every byte to Telegram passes: pacing, retries, and error translation.

`make_bot` builds the aiogram `Bot` every part of Kuzet uses, pointed at a configurable Bot
API base URL (Telegram's own, a self-hosted server, or the test fake), with `Transport`
installed as its request middleware. `Transport`:

* paces sends and edits per chat (`pacing.py`), never deletions or bans;
* sleeps `retry_after` on 429 and tries again (flood control is not an error);
* retries 5xx, restarts, proxy error pages, dropped connections and timeouts with bounded
  exponential back-off — a sent message whose answer was lost may therefore appear twice,
  the usual at-least-once price; deletions and bans are idempotent anyway;
* raises only Kuzet's own errors (`errors.py`), never aiogram's.

The bot token is part of every URL; nothing here logs a URL, and any text that could
carry the token is scrubbed before it reaches a log record or an exception.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.utils.token import TokenValidationError

from bot.metrics import API_RETRIES
from bot.telegram.errors import RateLimited, TelegramGatewayError, Transient, from_aiogram
from bot.telegram.pacing import Pacer, PacingPolicy, is_paced

log = logging.getLogger(__name__)
UNPACED_OR_UNRETRIED = frozenset({"getUpdates"})  # the poller owns its own back-off
DEFAULT_PACING = PacingPolicy()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5  # for 5xx / network / timeouts, first try included
    max_rate_limited: int = 10  # consecutive 429s before giving up
    max_retry_after: float = 300.0  # a longer flood wait is reported, not slept through
    base_delay: float = 0.5
    max_delay: float = 30.0
    jitter: float = 0.1

    def backoff(self, attempt: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return float(delay * (1 + random.uniform(-self.jitter, self.jitter)))


def scrub(text: str, token: str) -> str:
    """The text with the bot token (and its secret half) replaced."""
    secret = token.partition(":")[2]
    text = text.replace(token, "<token>")
    return text.replace(secret, "<token>") if secret else text


def _mentions(exc: BaseException, token: str) -> bool:
    secret = token.partition(":")[2] or token
    seen: BaseException | None = exc
    while seen is not None:
        if secret in str(seen) or secret in repr(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Transport(BaseRequestMiddleware):
    def __init__(
        self,
        retry: RetryPolicy | None = None,
        pacer: Pacer | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self.pacer = pacer
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        chat_id = getattr(method, "chat_id", None)
        if self.pacer is not None and is_paced(name) and isinstance(chat_id, int | str):
            await self.pacer.acquire(chat_id)
        attempt = rate_limited = 0
        while True:
            attempt += 1
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                rate_limited += 1
                if (
                    name in UNPACED_OR_UNRETRIED
                    or rate_limited >= self.retry.max_rate_limited
                    or exc.retry_after > self.retry.max_retry_after
                ):
                    raise self._translate(exc, name, bot.token) from None
                if self.pacer is not None and isinstance(chat_id, int | str):
                    self.pacer.hold(chat_id, exc.retry_after)
                await self._wait("retry_after", name, float(exc.retry_after), attempt)
                attempt -= 1  # flood waits have their own budget
            except (TelegramServerError, TelegramNetworkError, ClientDecodeError) as exc:
                error = self._translate(exc, name, bot.token)
                retryable = isinstance(error, Transient) and name not in UNPACED_OR_UNRETRIED
                if not retryable or attempt >= self.retry.max_attempts:
                    raise error from self._safe_cause(exc, bot.token)
                reason = type(exc).__name__
                await self._wait(reason, name, self.retry.backoff(attempt), attempt)
            except (AiogramError, TokenValidationError) as exc:
                error = self._translate(exc, name, bot.token)
                raise error from self._safe_cause(exc, bot.token)

    async def _wait(self, reason: str, method: str, seconds: float, attempt: int) -> None:
        API_RETRIES.labels(platform="telegram", reason=reason).inc()
        log.warning(
            "telegram %s: %s, retrying in %.2fs (attempt %d)", method, reason, seconds, attempt
        )
        await self._sleep(seconds)

    @staticmethod
    def _translate(
        exc: AiogramError | TokenValidationError, method: str, token: str
    ) -> TelegramGatewayError:
        error = from_aiogram(exc, method)
        error.description = scrub(error.description, token)
        error.args = (scrub(str(error.args[0]), token),) if error.args else ()
        if isinstance(error, RateLimited):
            log.warning(
                "telegram %s: flood control beyond the retry budget (%ss)",
                method,
                error.retry_after,
            )
        return error

    @staticmethod
    def _safe_cause(cause: BaseException, token: str) -> BaseException | None:
        """aiogram's exception, kept for debugging unless its text would leak the token."""
        return None if _mentions(cause, token) else cause


def make_bot(
    token: str,
    api_base: str = "https://api.telegram.org",
    *,
    retry: RetryPolicy | None = None,
    pacing: PacingPolicy | None = DEFAULT_PACING,
    timeout: float = 60.0,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    **bot_kwargs: Any,
) -> Bot:
    """An aiogram `Bot` talking to `api_base` through `Transport`; `pacing=None` disables it."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout)
    pacer = Pacer(pacing, sleep=sleep) if pacing is not None else None
    session.middleware(Transport(retry, pacer, sleep))
    try:
        return Bot(token, session=session, **bot_kwargs)
    except TokenValidationError as exc:
        raise from_aiogram(exc, "init") from None
