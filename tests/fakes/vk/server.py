"""The fake VK API server: aiohttp on 127.0.0.1:<random port> speaking vk.md's protocol.

`GET|POST /method/{name}` with exact names, query + form + multipart params, token from
`access_token` or `Authorization: Bearer`, `v` required, HTTP 200 with the VK envelope for
every API error; per-token rate limiting (error 6); the Bots Long Poll endpoint at
`/lp/{group_id}`. Strict mode: protocol drift (unknown method or parameter, JSON body,
a fake crash) is collected in `violations`, which the fixture turns into a test failure.
"""

from __future__ import annotations

import asyncio
import re
import time
import traceback
from typing import Any

from aiohttp import web

from tests.fakes.vk.catalog import HANDLERS, PARAMS
from tests.fakes.vk.errors import TEXTS, FakeVKError
from tests.fakes.vk.events import EventLog
from tests.fakes.vk.faults import Fault, FaultBook
from tests.fakes.vk.journal import Call, Journal
from tests.fakes.vk.pusher import CallbackPusher
from tests.fakes.vk.scenario import Scenario
from tests.fakes.vk.tokens import Token, TokenKind, authorize
from tests.fakes.vk.world import World

DEFAULT_RATES = {TokenKind.USER: 3.0, TokenKind.COMMUNITY: 20.0, TokenKind.SERVICE: 20.0}
_INT = re.compile(r"-?\d{1,18}")


def coerce(params: dict[str, str]) -> dict[str, Any]:
    return {k: int(v) if _INT.fullmatch(v) else v for k, v in params.items()}


class FakeVK(Scenario):
    def __init__(
        self,
        *,
        rates: dict[TokenKind, float] | None = None,
        time_scale: float = 0.01,
        strict: bool = True,
    ) -> None:
        self.world = World()
        self.journal = Journal()
        self.tokens: dict[str, Token] = {}
        self.faults = FaultBook()
        self.rates = {**DEFAULT_RATES, **(rates or {})}
        self.time_scale = time_scale  # long-poll `wait` and callback back-offs are scaled
        self.strict = strict
        self.violations: list[str] = []
        self.callback = CallbackPusher(self)
        self._logs: dict[int, EventLog] = {}
        self._lp_keys: dict[int, int] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # token -> (tokens, last refill)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> FakeVK:
        app = web.Application()
        app.router.add_route("*", "/method/{name}", self._api)
        app.router.add_get("/lp/{group_id}", self._longpoll)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        await self.callback.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeVK:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/method/"

    # -- shared state ---------------------------------------------------------------------
    def log(self, group_id: int) -> EventLog:
        if group_id not in self._logs:
            self._logs[group_id] = EventLog(group_id, listeners=[self.callback.offer])
        return self._logs[group_id]

    def longpoll_key(self, group_id: int) -> str:
        return f"lpkey-{group_id}-{self._lp_keys.setdefault(group_id, 1)}"

    def expire_longpoll_key(self, group_id: int) -> None:
        self._lp_keys[group_id] = self._lp_keys.setdefault(group_id, 1) + 1

    def longpoll_url(self, group_id: int) -> str:
        return f"http://127.0.0.1:{self.port}/lp/{group_id}"

    # -- fault injection ------------------------------------------------------------------
    def fail_next(self, method: str, code: int, *, times: int = 1, **match: Any) -> None:
        self.faults.add(Fault(method, "error", code=code, times=times, match=match))

    def fail_http(self, method: str, status: int = 502, *, times: int = 1) -> None:
        self.faults.add(Fault(method, "http", code=status, times=times))

    def slow_next(self, method: str, delay: float, *, times: int = 1) -> None:
        self.faults.add(Fault(method, "slow", delay=delay, times=times))

    def longpoll_fail_next(self, failed: int) -> None:
        self.faults.longpoll.append(failed)

    # -- API endpoint ---------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        raw = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                self._violate(f"{name}: JSON body (VK ignores it)")
            else:
                form = await request.post()
                raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        token_value = raw.pop("access_token", None)
        auth = request.headers.get("Authorization", "")
        if token_value is None and auth.startswith("Bearer "):
            token_value = auth.removeprefix("Bearer ").strip()
        params = coerce(raw)
        call = Call(method=name, params=params, response=None, token=token_value)
        try:
            for fault in self.faults.take(name, params):
                call.fault = fault.kind
                if fault.kind == "slow":
                    await asyncio.sleep(fault.delay)
                elif fault.kind == "http":
                    call.status, call.response = fault.code, f"{fault.code} Bad Gateway"
                    await self.journal.record(call)
                    return web.Response(
                        status=fault.code, text="<html>Bad Gateway</html>", content_type="text/html"
                    )
                else:
                    raise FakeVKError(fault.code, TEXTS.get(fault.code), **_extra(fault.code))
            call.response = {"response": await self._dispatch(name, token_value, params)}
        except FakeVKError as exc:
            call.response = {
                "error": {
                    "error_code": exc.code,
                    "error_msg": exc.message,
                    "request_params": [
                        {"key": "method", "value": name},
                        {"key": "oauth", "value": "1"},
                        *({"key": k, "value": v} for k, v in raw.items()),
                    ],
                    **exc.extra,
                }
            }
        except Exception:  # a fake bug must fail the test, not look like VK behaviour
            self._violate(f"{name}: fake crashed\n{traceback.format_exc()}")
            call.status, call.response = 500, "fake crashed"
            await self.journal.record(call)
            return web.Response(status=500, text="fake crashed")
        await self.journal.record(call)
        return web.json_response(call.response)

    async def _dispatch(self, name: str, token_value: str | None, params: dict[str, Any]) -> Any:
        handler = HANDLERS.get(name)
        if handler is None:
            self._violate(f"unknown method {name}")
            raise FakeVKError(3, "Unknown method passed")
        if "v" not in params:
            raise FakeVKError(8, "Invalid request: v (version) is required")
        token = self.tokens.get(token_value or "")
        authorize(token, name)
        assert token is not None
        self._spend(token)
        unknown = set(params) - PARAMS[name] - {"v", "lang", "test_mode"}
        if unknown:
            self._violate(f"{name}: unknown params {sorted(unknown)}")
        return await handler(self, token, params)

    def _spend(self, token: Token) -> None:
        rate = self.rates[token.kind]
        now = time.monotonic()
        level, last = self._buckets.get(token.value, (rate, now))
        level = min(rate, level + (now - last) * rate)
        if level < 1.0:
            self._buckets[token.value] = (level, now)
            raise FakeVKError(6, "Too many requests per second")
        self._buckets[token.value] = (level - 1.0, now)

    def _violate(self, text: str) -> None:
        if self.strict:
            self.violations.append(text)

    # -- Bots Long Poll -------------------------------------------------------------------
    async def _longpoll(self, request: web.Request) -> web.Response:
        group_id = int(request.match_info["group_id"])
        q = coerce(dict(request.query))
        log = self.log(group_id)
        body: dict[str, Any]
        if q.get("act") != "a_check":
            self._violate(f"long poll without act=a_check: {q}")
        if self.faults.longpoll:
            failed = self.faults.longpoll.pop(0)
            if failed in (2, 3):
                self.expire_longpoll_key(group_id)
            body = {"failed": failed, "ts": str(log.ts)} if failed == 1 else {"failed": failed}
        elif q.get("key") != self.longpoll_key(group_id):
            body = {"failed": 2}
        elif not isinstance(q.get("ts"), int) or q["ts"] < log.oldest_ts:
            body = {"failed": 1, "ts": str(log.ts)}
        else:
            ts = q["ts"]
            wait = min(int(q.get("wait") or 0), 90)
            if log.ts <= ts and wait:
                await log.wait_beyond(ts, wait * self.time_scale)
            body = {"ts": str(log.ts), "updates": log.since(ts)}
        await self.journal.record(Call(method="longpoll", params=q, response=body))
        return web.json_response(body)


def _extra(code: int) -> dict[str, Any]:
    if code == 14:
        return {"captcha_sid": "548230", "captcha_img": "https://api.vk.com/captcha.php?sid=548230"}
    return {}
