"""The request journal both fake servers keep: record calls, find them, wait for them.

Waits sit on an asyncio.Condition, so tests synchronise on what the bot did instead of
sleeping. Telegram looks methods up case-insensitively and VK does not; `fold_case` says which.
"""

from __future__ import annotations

import asyncio
from typing import Any, Generic, Protocol, TypeVar


class JournalCall(Protocol):
    method: str
    params: dict[str, Any]
    seq: int

    @property
    def ok(self) -> bool: ...


C = TypeVar("C", bound=JournalCall)


class CallJournal(Generic[C]):
    fold_case = False

    def __init__(self) -> None:
        self.calls: list[C] = []
        self._changed = asyncio.Condition()

    async def record(self, call: C) -> None:
        async with self._changed:
            call.seq = len(self.calls)
            self.calls.append(call)
            self._changed.notify_all()

    def _matches(self, call: C, method: str, ok: bool | None, match: dict[str, Any]) -> bool:
        same = call.method.lower() == method.lower() if self.fold_case else call.method == method
        if not same or (ok is not None and call.ok != ok):
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

    def find(self, method: str, *, ok: bool | None = True, **match: Any) -> list[C]:
        """Recorded calls of `method` whose params equal (or satisfy) every `match` item."""
        return [c for c in self.calls if self._matches(c, method, ok, match)]

    async def wait_for_call(
        self,
        method: str,
        *,
        timeout: float = 15.0,  # a loaded CI machine can be slow; a pass returns at once
        n: int = 1,
        ok: bool | None = True,
        **match: Any,
    ) -> C:
        """The n-th matching call, waiting up to `timeout` seconds for it to arrive."""

        def predicate() -> bool:
            return len(self.find(method, ok=ok, **match)) >= n

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                seen = [(c.method, c.params) for c in self.calls[-10:]]
                raise AssertionError(
                    f"no {n}x {method}(ok={ok}, {match}) within {timeout}s; last calls: {seen}"
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
