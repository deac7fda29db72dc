"""Turns the service's one-at-a-time writes into a few transactions per batch.

The worker runs a batch's comments as concurrent tasks (participants). A participant that
reaches a write (recording its decision, marking an action in flight, storing an outcome, a
strike, a card) waits here; when every live participant is waiting, the whole wave is
written in one shared transaction, committed once: the decisions with one `record_many`,
the other writes one after another (a database error there fails the wave, and every
caller in it retries its comment later). A participant that leaves no longer holds the
wave back, so the barrier never waits for someone who will not come. Each write is committed before
its caller goes on, so e.g. the in-flight mark is durable before the platform call. A wave
that a transient fault (a dropped connection, a lock) broke is written again, twice at most.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from bot.pipeline.faults import is_transient
from bot.storage.engine import Database
from moderation.ports import NewDecision, Recorded

T = TypeVar("T")
RecordMany = Callable[[Sequence[NewDecision]], Awaitable[list[Recorded]]]
Write = Callable[[], Awaitable[Any]]
# Writes of one kind in a wave go to one call: items in, one result per item out.
WriteMany = Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]
# Pauses before writing a wave again after a transient fault; then the fault is the
# callers' (and the worker backs off).
_RETRY_PAUSES = (0.05, 0.25)


class WaveCoalescer:
    def __init__(self, db: Database, record_many: RecordMany) -> None:
        self._db = db
        self._record_many = record_many
        self._active = 0
        self._records: list[tuple[NewDecision, asyncio.Future[Recorded]]] = []
        self._writes: list[tuple[Write, asyncio.Future[Any]]] = []
        self._grouped: dict[str, tuple[WriteMany, list[tuple[Any, asyncio.Future[Any]]]]] = {}
        self._flushes: set[asyncio.Task[None]] = set()
        self.waves = 0  # how many waves the batch took (for tests and the bench)

    def enter(self) -> None:
        self._active += 1

    def leave(self) -> None:
        self._active -= 1
        self._maybe_flush()

    async def record(self, new: NewDecision) -> Recorded:
        future: asyncio.Future[Recorded] = asyncio.get_running_loop().create_future()
        self._records.append((new, future))
        self._maybe_flush()
        return await future

    async def write(self, call: Callable[[], Awaitable[T]]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._writes.append((call, future))
        self._maybe_flush()
        return await future

    async def write_grouped(self, kind: str, item: Any, write_many: WriteMany) -> Any:
        """A write that goes, with the wave's other writes of `kind`, to one `write_many`."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._grouped.setdefault(kind, (write_many, []))[1].append((item, future))
        self._maybe_flush()
        return await future

    def _maybe_flush(self) -> None:
        grouped = sum(len(items) for _, items in self._grouped.values())
        waiting = len(self._records) + len(self._writes) + grouped
        if waiting and waiting >= self._active:
            records, self._records = self._records, []
            writes, self._writes = self._writes, []
            for write_many, items in self._grouped.values():
                writes.append((_grouped_call(write_many, items), _batch_future(items)))
            self._grouped = {}
            task = asyncio.create_task(self._flush(records, writes))
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)

    async def _flush(
        self,
        records: list[tuple[NewDecision, asyncio.Future[Recorded]]],
        writes: list[tuple[Write, asyncio.Future[Any]]],
    ) -> None:
        self.waves += 1
        for pause in (*_RETRY_PAUSES, None):
            try:
                done = await self._write(records, writes)
            except Exception as exc:
                if pause is not None and is_transient(exc):
                    # A lost connection or a lock: nothing of the wave was committed, so it
                    # is written again on a fresh connection. Without this, an action whose
                    # platform call succeeded just before would be left 'outcome unknown'.
                    # (Should the COMMIT itself have gone through unseen, writing again is
                    # still safe: decisions and strikes are keyed, and an attempt already
                    # started is never started twice.)
                    await asyncio.sleep(pause)
                    continue
                _fail(records, writes, exc)  # the wave did not commit: every waiter learns
                return
            except BaseException as exc:
                _fail(records, writes, exc)
                raise
            for future, result in done:  # only now: everything above is committed
                if not future.done():
                    future.set_result(result)
            return

    async def _write(
        self,
        records: list[tuple[NewDecision, asyncio.Future[Recorded]]],
        writes: list[tuple[Write, asyncio.Future[Any]]],
    ) -> list[tuple[asyncio.Future[Any], Any]]:
        done: list[tuple[asyncio.Future[Any], Any]] = []
        async with self._db.shared():  # one commit for the whole wave
            if records:
                results = await self._record_many([new for new, _ in records])
                done += zip((future for _, future in records), results, strict=True)
            for call, future in writes:
                if future.done():  # failed on its own in an earlier try
                    continue
                try:
                    done.append((future, await call()))
                except DBAPIError:
                    # PostgreSQL has aborted the transaction, and a COMMIT after that
                    # quietly rolls back: the whole wave must fail, not just this call.
                    raise
                except Exception as exc:  # that caller's failure, not the wave's
                    future.set_exception(exc)
        return done


def _fail(
    records: list[tuple[NewDecision, asyncio.Future[Recorded]]],
    writes: list[tuple[Write, asyncio.Future[Any]]],
    exc: BaseException,
) -> None:
    for future in [f for _, f in records] + [f for _, f in writes]:
        if not future.done():
            future.set_exception(exc)


def _grouped_call(write_many: WriteMany, items: list[tuple[Any, asyncio.Future[Any]]]) -> Write:
    async def call() -> list[tuple[asyncio.Future[Any], Any]]:
        results = await write_many([item for item, _ in items])
        return list(zip((future for _, future in items), results, strict=True))

    return call


def _batch_future(items: list[tuple[Any, asyncio.Future[Any]]]) -> asyncio.Future[Any]:
    """A future standing for the whole group: its result fans out to each item's future,
    and so does its failure."""
    group: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def fan_out(done: asyncio.Future[Any]) -> None:
        if done.cancelled() or done.exception() is not None:
            error = done.exception() if not done.cancelled() else asyncio.CancelledError()
            for _, future in items:
                if not future.done():
                    future.set_exception(error)  # type: ignore[arg-type]
            return
        for future, result in done.result():
            if not future.done():
                future.set_result(result)

    group.add_done_callback(fan_out)
    return group
