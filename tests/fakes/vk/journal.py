"""The fake VK's journal: every API call, long-poll answer and callback push, plus waits.

Tests synchronise on the journal (`wait_for_call`) instead of sleeping; waits are built on
an `asyncio.Condition` notified on every record.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    method: str  # exact VK spelling ("wall.deleteComment"), or "longpoll" / "callback"
    params: dict[str, Any]  # type-coerced: digit strings become ints
    response: Any  # the JSON body sent (API / long poll) or the bot's answer text (callback)
    token: str | None = None
    status: int = 200
    fault: str | None = None
    seq: int = 0

    @property
    def ok(self) -> bool:
        if self.method == "callback":
            return self.status == 200 and self.response == "ok"
        return (
            isinstance(self.response, dict)
            and "error" not in self.response
            and (self.status == 200)
        )

    @property
    def error_code(self) -> int | None:
        if isinstance(self.response, dict) and "error" in self.response:
            return int(self.response["error"]["error_code"])
        return None


def _matches(call: Call, method: str, ok: bool | None, match: dict[str, Any]) -> bool:
    if call.method != method or (ok is not None and call.ok != ok):
        return False
    for key, expected in match.items():
        if key not in call.params:
            return False
        value = call.params[key]
        if callable(expected) and not isinstance(expected, type):
            if not expected(value):
                return False
        elif value != expected:
            return False
    return True


@dataclass
class Journal:
    calls: list[Call] = field(default_factory=list)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def record(self, call: Call) -> None:
        async with self._changed:
            call.seq = len(self.calls)
            self.calls.append(call)
            self._changed.notify_all()

    def find(self, method: str, *, ok: bool | None = True, **match: Any) -> list[Call]:
        """Recorded calls of `method` whose params equal (or satisfy) every `match` item."""
        return [c for c in self.calls if _matches(c, method, ok, match)]

    async def wait_for_call(
        self,
        method: str,
        *,
        timeout: float = 5.0,
        n: int = 1,
        ok: bool | None = True,
        **match: Any,
    ) -> Call:
        """The n-th matching call, waiting up to `timeout` seconds for it to arrive."""

        def predicate() -> bool:
            return len(self.find(method, ok=ok, **match)) >= n

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                seen = [(c.method, c.params, c.response) for c in self.calls[-8:]]
                raise AssertionError(
                    f"no {n}x {method}(ok={ok}, {match}) within {timeout}s; last: {seen}"
                ) from None
        return self.find(method, ok=ok, **match)[n - 1]

    async def assert_no_call(
        self, method: str, *, within: float = 0.2, ok: bool | None = None, **match: Any
    ) -> None:
        """Fail if a matching call was made or arrives within `within` seconds."""

        def predicate() -> bool:
            return bool(self.find(method, ok=ok, **match))

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), within)
            except TimeoutError:
                return
        raise AssertionError(f"unexpected {method}: {self.find(method, ok=ok, **match)[0]}")
