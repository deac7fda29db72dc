"""The aiohttp application every HTTP route of Kuzet lives in.

Adapters add their own routes (VK Callback API, Telegram webhook) through `HttpApp.add`;
this module only owns health and metrics, so it imports no platform code.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HealthCheck = Callable[[], Awaitable[bool]]


class HttpApp:
    """Builds and serves the aiohttp app; `port` is known after `start()` (port 0 works)."""

    def __init__(self, host: str, port: int, health: HealthCheck | None = None) -> None:
        self.host = host
        self.port = port
        self._health = health
        self.app = web.Application(client_max_size=1024 * 1024)
        self.app.router.add_get("/healthz", self._healthz)
        self.app.router.add_get("/metrics", self._metrics)
        self._runner: web.AppRunner | None = None

    def add(self, method: str, path: str, handler: Handler) -> None:
        self.app.router.add_route(method, path, handler)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self._runner.addresses:  # port 0 asks the OS for a free port: read it back
            self.port = int(self._runner.addresses[0][1])
        log.info("HTTP listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def _healthz(self, request: web.Request) -> web.Response:
        healthy = True if self._health is None else await self._health()
        return web.json_response({"ok": healthy}, status=200 if healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})
