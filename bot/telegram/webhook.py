"""The Telegram webhook route on the app's HTTP server.

Telegram sends the `secret_token` given to `setWebhook` in a header; a request without it
or with another one gets 401/403 and is not stored. An update is answered 200 only after
`store` (the inbox) has it; a failure answers 500 so Telegram delivers it again.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web

from bot.telegram.polling import StoreUpdate

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram/webhook"


def make_webhook_handler(secret: str, store: StoreUpdate) -> Any:
    async def handle(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return web.Response(status=401, text="missing secret token")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="wrong secret token")
        try:
            update = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(update, dict) or "update_id" not in update:
            return web.Response(status=400, text="not an update")
        try:
            await store(update)
        except Exception:
            log.exception("telegram webhook: storing update %s failed", update.get("update_id"))
            return web.Response(status=500, text="try again")
        return web.Response(status=200, text="ok")

    return handle
