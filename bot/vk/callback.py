"""VK Callback API endpoint: decide what to do with a POSTed event, then answer VK.

`decide()` is the pure core (parse, check group and secret, pick the answer); the aiohttp
handler from `make_callback_handler()` stores the event and answers `ok` only after the
store succeeded, so VK re-sends (same `event_id`, `X-Retry-Counter`) whatever we failed
to keep; the inbox is idempotent on `event_id`, so a re-send is stored once.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

StoreEvent = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class CallbackConfig:
    group_id: int  # positive community id
    confirmation: str  # the string VK shows in the community's Callback API settings
    secret: str | None = None  # the server's "secret key"; None when not configured


@dataclass(frozen=True)
class CallbackDecision:
    status: int  # HTTP status to answer with
    body: str  # plain-text body: the confirmation string, "ok", or a short reason
    event: dict[str, Any] | None = None  # to store before answering "ok"


def _reject(status: int, reason: str) -> CallbackDecision:
    return CallbackDecision(status, reason)


def _same(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def decide(raw: bytes, configs: Mapping[int, CallbackConfig]) -> CallbackDecision:
    """What to answer for the request body `raw`, given the configured communities."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _reject(400, "malformed JSON")
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return _reject(400, "not a VK event")
    group_id = body.get("group_id")
    if not isinstance(group_id, int) or isinstance(group_id, bool):
        return _reject(400, "group_id missing")
    config = configs.get(group_id)
    if config is None:
        return _reject(403, "unknown community")
    secret = body.get("secret")
    if body["type"] == "confirmation":
        # VK may or may not send the secret with the handshake; a wrong one is still wrong.
        if secret is not None and config.secret is not None and not _same(secret, config.secret):
            return _reject(403, "wrong secret")
        return CallbackDecision(200, config.confirmation)
    if config.secret is not None and not _same(secret, config.secret):
        return _reject(403, "wrong secret")
    if not isinstance(body.get("event_id"), str) or not body["event_id"]:
        return _reject(400, "event_id missing")
    if not isinstance(body.get("object"), dict):
        return _reject(400, "object missing")
    event = {k: v for k, v in body.items() if k != "secret"}  # the secret is not data
    return CallbackDecision(200, "ok", event)


def make_callback_handler(
    config: CallbackConfig | Mapping[int, CallbackConfig], store: StoreEvent
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """An aiohttp handler for VK's POSTs: store first, then `ok`; store failure → 500."""
    configs = {config.group_id: config} if isinstance(config, CallbackConfig) else dict(config)

    async def handle(request: web.Request) -> web.Response:
        decision = decide(await request.read(), configs)
        if decision.event is not None:
            try:
                await store(decision.event)
            except Exception:  # VK re-sends the event when it does not get "ok"
                log.exception(
                    "vk callback: storing event %s failed", decision.event.get("event_id")
                )
                return web.Response(status=500, text="store failed")
        elif decision.status != 200:
            log.warning(
                "vk callback rejected (%d): %s; retry=%s",
                decision.status,
                decision.body,
                request.headers.get("X-Retry-Counter", "0"),
            )
        return web.Response(status=decision.status, text=decision.body, content_type="text/plain")

    return handle
