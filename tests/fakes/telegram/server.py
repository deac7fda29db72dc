"""`FakeTelegram`: the fake Bot API server that the real aiogram `Bot` talks to in tests.

An aiohttp app on 127.0.0.1 port 0 routes `GET|POST /bot{token}/{method}` (method names
case-insensitive), parses every encoding, applies injected faults, runs the method against
the world model and answers in the real envelope. Every call lands in `journal`; protocol
violations (unknown parameters, missing required ones, bugs in the fake) land in
`violations` and fail the test when the fake is closed.

    async with FakeTelegram() as tg:
        bot = make_bot(tg.token, tg.api_base)
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.telegram.clock import VirtualClock
from tests.fakes.telegram.envelope import ApiError, json_response, ok_body
from tests.fakes.telegram.faults import Fault, FaultKind, FaultPlan
from tests.fakes.telegram.journal import Call, Journal
from tests.fakes.telegram.membership import Membership
from tests.fakes.telegram.messaging import Messaging
from tests.fakes.telegram.params import parse, read_raw
from tests.fakes.telegram.pusher import WebhookPusher
from tests.fakes.telegram.scenario import Scenario
from tests.fakes.telegram.service import Service
from tests.fakes.telegram.updates import UpdateQueue
from tests.fakes.telegram.world import User, World

BAD_GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


class FakeTelegram(Scenario):
    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        strict: bool = True,
        time_scale: float = 0.01,
        bot_name: str = "ModBot",
        bot_username: str = "kuzet_test_bot",
    ) -> None:
        self.token = token
        self.strict = strict
        self.clock = VirtualClock()
        self.world = World(
            User(int(token.split(":")[0]), bot_name, is_bot=True, username=bot_username)
        )
        self.queue = UpdateQueue(time_scale)
        self.journal = Journal()
        self.pushes = Journal()  # webhook deliveries ("webhookPush")
        self.faults = FaultPlan()
        self.violations: list[str] = []
        self.messaging = Messaging(self.world, self.clock)
        self.membership = Membership(self.world, self.clock)
        self.service = Service(self.world, self.clock, self.queue)
        self.pusher = WebhookPusher(self.queue, self.clock, self.pushes, self._execute_reply)
        self._handlers = self._build_handlers()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def _build_handlers(self) -> dict[str, tuple[str, Callable[[dict[str, Any]], Any]]]:
        table: dict[str, Callable[[dict[str, Any]], Any]] = {}
        for owner in (self.messaging, self.membership, self.service):
            for name, fn in inspect.getmembers(owner, inspect.ismethod):
                if not name.startswith("_") and name not in ("current",):
                    camel = name.split("_")[0] + "".join(w.title() for w in name.split("_")[1:])
                    table[camel] = fn
        return {name.lower(): (name, fn) for name, fn in table.items()}

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.pusher.start()
        return self

    async def stop(self) -> None:
        await self.pusher.stop()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, exc_type: object, *_: object) -> None:
        await self.stop()
        if exc_type is None and self.violations:
            raise AssertionError(
                "fake Telegram saw protocol violations:\n" + "\n".join(self.violations)
            )

    # -- test conveniences ----------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        kind: FaultKind | str = FaultKind.RETRY_AFTER,
        *,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        code: int = 400,
        reason: str = "",
    ) -> None:
        fault = Fault(FaultKind(kind), retry_after, delay, code, reason)
        self.faults.add(method, fault, times)

    def advance(self, seconds: float) -> int:
        return self.clock.advance(seconds)

    async def wait_for_call(self, method: str, **kwargs: Any) -> Call:
        return await self.journal.wait_for_call(method, **kwargs)

    async def assert_no_call(self, method: str, **kwargs: Any) -> None:
        await self.journal.assert_no_call(method, **kwargs)

    def calls(self, method: str, *, ok: bool | None = True, **match: Any) -> list[Call]:
        return self.journal.find(method, ok=ok, **match)

    # -- HTTP -----------------------------------------------------------------------------
    async def _not_found(self, request: web.Request) -> web.Response:
        return json_response(ApiError(404).body(), 404)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return json_response(ApiError(401).body(), 401)
        found = self._handlers.get(request.match_info["method"].lower())
        if found is None:
            return json_response(ApiError(404, "method not found").body(), 404)
        method, fn = found
        params: dict[str, Any] = {}
        try:
            params, violations = parse(method, await read_raw(request), strict=self.strict)
            if violations:
                self.violations += violations
                raise ApiError(400, "; ".join(violations))
        except ApiError as exc:
            return await self._answer(method, params, exc.body(), exc.code)
        fault = self.faults.take(method)
        executed = (FaultKind.SLOW, FaultKind.LOST_ANSWER)
        if fault is not None and fault.kind not in executed:
            return await self._faulted(request, method, params, fault)
        if fault is not None:
            await asyncio.sleep(fault.delay)
        body, status = await self._run(fn, params)
        if fault is not None and fault.kind is FaultKind.LOST_ANSWER:
            await self.journal.record(Call(method, params, status, body, fault=fault.kind))
            return self._drop(request)
        return await self._answer(method, params, body, status, fault)

    @staticmethod
    def _drop(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response(status=500)  # never reaches the client: the socket is gone

    async def _run(
        self, fn: Callable[[dict[str, Any]], Any], params: dict[str, Any]
    ) -> tuple[dict[str, Any], int]:
        try:
            result = fn(params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            return exc.body(), exc.code
        except Exception as exc:  # a bug in the fake must fail the test, not hide
            self.violations.append(f"fake crashed in {fn.__name__}: {exc!r}")
            return ApiError(500, f"fake crashed: {exc!r}").body(), 500
        description = None
        if isinstance(result, tuple):
            result, description = result
        return ok_body(result, description), 200

    async def _answer(
        self,
        method: str,
        params: dict[str, Any],
        body: dict[str, Any],
        status: int,
        fault: Fault | None = None,
    ) -> web.Response:
        await self.journal.record(
            Call(method, params, status, body, fault=fault.kind if fault else None)
        )
        return json_response(body, status)

    async def _faulted(
        self, request: web.Request, method: str, params: dict[str, Any], fault: Fault
    ) -> web.StreamResponse:
        if fault.kind is FaultKind.DROP:
            await self.journal.record(Call(method, params, 0, None, fault=fault.kind))
            return self._drop(request)
        if fault.kind is FaultKind.BAD_GATEWAY:
            await self.journal.record(Call(method, params, 502, None, fault=fault.kind))
            return web.Response(status=502, text=BAD_GATEWAY_PAGE, content_type="text/html")
        error = {
            FaultKind.RETRY_AFTER: ApiError(
                429, f"retry after {fault.retry_after}", retry_after=fault.retry_after
            ),
            FaultKind.SERVER_ERROR: ApiError(500, "internal error"),
            FaultKind.RESTARTING: ApiError(500, "restart"),
        }.get(fault.kind) or ApiError(fault.code, fault.reason)
        return await self._answer(method, params, error.body(), error.code, fault)

    async def _execute_reply(self, method: str, raw: dict[str, Any]) -> None:
        """Run a method the bot returned in a webhook answer; recorded as a webhook reply."""
        found = self._handlers.get(method.lower())
        if found is None:
            self.violations.append(f"webhook reply with unknown method {method!r}")
            return
        name, fn = found
        params, violations = parse(name, {k: v for k, v in raw.items()}, strict=self.strict)
        self.violations += violations
        body, status = await self._run(fn, params)
        await self.journal.record(Call(name, params, status, body, source="webhook-reply"))
