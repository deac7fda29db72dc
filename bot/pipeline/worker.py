"""The worker loop: claim a batch from the inbox, handle it in one pass (`handling`), and
mark each row done only after its decision is recorded and its protective actions made.

Crash safety comes from the order of steps, not from the worker staying alive: a row is
'done' only after its decision is stored; a worker that dies leaves its rows 'processing'
until a live instance sees its heartbeat stop (`liveness`; the lease is only the last
resort), and then any worker takes them again. The decision is recorded once per comment
revision and each action carries its outcome, so handling a row twice finishes the work
instead of repeating it. Any number of workers may share one PostgreSQL inbox: `claim`
skips rows another worker holds (`SKIP LOCKED`).

The worker outlives database faults (`faults`): it logs one line, counts it, backs off
(exponentially, capped; the wait ends early on stop), hands its leased rows back and goes
on. A comment whose handling a fault broke is neither completed nor failed: it is handled
again after the fault, and the same order of steps keeps that from repeating any action.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from bot.pipeline.analysis import BatchAnalyzer, default_batch_analyzer
from bot.pipeline.batch import BatchStores, BatchView
from bot.pipeline.faults import Backoff, DatabaseUnreachable, FaultTracker, is_database_fault
from bot.pipeline.handling import BatchHandler, BatchOutcome, SendsWaiting
from bot.pipeline.heap import settle_heap
from bot.pipeline.outbox import Outbox
from bot.storage.engine import Database
from bot.storage.repositories import (
    InboxItem,
    InboxRepository,
    SqlActionRepository,
    SqlCardRepository,
    SqlDecisionRepository,
    build_repositories,
)
from bot.storage.repositories.instance import PROCESS_ID
from moderation.execution import ActionRunner
from moderation.ports import Clock, ModeratorNotifier, PlatformGateway, Repositories
from moderation.publishing import CardPublisher

log = logging.getLogger(__name__)

__all__ = ["BatchOutcome", "Worker", "default_worker_id"]


def default_worker_id() -> str:
    """This process's instance id (its heartbeat says whether it is alive)."""
    return PROCESS_ID


class Worker:
    def __init__(
        self,
        db: Database,
        gateway: PlatformGateway,
        notifier: ModeratorNotifier,
        clock: Clock,
        *,
        analyzer: BatchAnalyzer | None = None,
        repos: Repositories | None = None,
        worker_id: str | None = None,
        batch_size: int = 200,
        lease: timedelta = timedelta(minutes=5),
        poll_interval: float = 0.5,
        max_attempts: int = 5,
        on_batch: Callable[[BatchOutcome], None] | None = None,
        on_sends: SendsWaiting | None = None,
        claim_ahead: bool | None = None,
        retry_delay: float = 0.5,
        max_retry_delay: float = 30.0,
    ) -> None:
        self.worker_id = worker_id or default_worker_id()
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.max_attempts = max_attempts
        # Claim and analyze the next batch while this one is handled (None: on PostgreSQL
        # only). PostgreSQL works on another core while the detector runs here; SQLite's
        # writes run in this process, so there it gains nothing (bench/README.md, "Claim
        # ahead"); and a batch waits while the one before is handled, so latency grows by
        # up to a batch's handling time.
        self.claim_ahead = db.dialect == "postgresql" if claim_ahead is None else claim_ahead
        self._clock = clock
        self._analyzer = analyzer or default_batch_analyzer()
        self.inbox = InboxRepository(db, clock=clock.now, lease=lease, max_attempts=max_attempts)
        self.repos = repos or build_repositories(db, clock.now)
        self._stores = BatchStores(
            db=db,
            repos=self.repos,
            decisions=SqlDecisionRepository(db),
            # The batched writes go to the caller's action repository when it is ours.
            actions=(
                self.repos.actions
                if isinstance(self.repos.actions, SqlActionRepository)
                else SqlActionRepository(db, self.worker_id)
            ),
            cards=SqlCardRepository(db, clock.now, self.worker_id),
        )
        self._wake = asyncio.Event()
        self.handled = 0  # rows this worker's `run` has handled (logged when it stops)
        self._faults = FaultTracker(
            self.worker_id, Backoff(retry_delay, max_retry_delay), db.engine.url.password
        )
        runner = ActionRunner(
            gateway, self._stores.actions, self._stores.decisions, clock, max_attempts
        )
        # The sends this worker records; `App` runs it only in processes that send.
        self.outbox = Outbox(
            self._stores.actions,
            self._stores.cards,
            self._stores.decisions,
            CardPublisher(self._stores.cards, notifier, clock),
            runner,
            clock,
            poll_interval=poll_interval,
        )
        self._handler = BatchHandler(
            self.inbox, self._stores, runner, clock, self._faults, on_batch,
            on_sends or self.outbox.notify,
        )  # fmt: skip

    def notify(self) -> None:
        """New rows are in the inbox: skip the rest of the idle wait."""
        self._wake.set()

    async def recover(self) -> int:
        """Take back rows left behind: this worker's own (after a fault) at once, and those
        whose lease has run out (a worker without a heartbeat; `liveness` takes back a
        dead instance's rows much sooner)."""
        return await self.inbox.release(self.worker_id) + await self.inbox.reclaim_expired()

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Work until `stop` is set (or the task is cancelled), through database faults;
        leased rows are handed back on the way out so another worker need not wait for the
        lease."""
        stop = stop or asyncio.Event()
        settle_heap()
        recovered = False
        try:
            while not stop.is_set():
                try:
                    if not recovered:  # at start, and after a fault: take our rows back
                        await self.recover()
                        recovered = True
                    self._wake.clear()  # before claiming: a notify from now on is not lost
                    handled = await self._pipeline(stop)
                    self.handled += handled
                    if handled == 0:
                        await self.inbox.reclaim_expired()
                except Exception as exc:
                    if not is_database_fault(exc):
                        log.exception("worker %s failed", self.worker_id)
                        raise
                    recovered = False
                    await _first_of(stop, timeout=self._faults.fault(exc))
                    continue
                self._faults.succeeded()
                if handled == 0:
                    await _first_of(stop, self._wake, timeout=self.poll_interval)
        finally:
            log.info("worker %s stopping: %d comment(s) handled", self.worker_id, self.handled)
            # Also the batch claimed ahead, if any: it was leased but never handled.
            try:
                await asyncio.shield(self.inbox.release(self.worker_id))
            except Exception as exc:
                if not is_database_fault(exc):
                    raise
                # The rows come back to the queue when their lease runs out.
                log.warning(
                    "worker %s: could not hand rows back on stop: %s",
                    self.worker_id,
                    self._faults.describe(exc),
                )

    async def drain(self) -> int:
        """Handle everything in the inbox now, then make its sends; returns how many rows
        were handled."""
        await self.recover()
        settle_heap()
        handled = await self._pipeline(asyncio.Event())
        await self.outbox.drain()
        return handled

    async def run_once(self) -> BatchOutcome:
        """Claim one batch and handle it."""
        return await self._handler.finish(*await self._claim())

    async def _pipeline(self, stop: asyncio.Event) -> int:
        """Batches until the inbox is empty (or `stop`); with `claim_ahead` the next one is
        claimed and analyzed while the current one is handled, so the detector's work and
        the database's round trips overlap. Returns how many rows were handled."""
        total = 0
        if not self.claim_ahead:
            while (outcome := await self.run_once()).claimed:
                total += outcome.claimed
                if stop.is_set():
                    break
            return total
        ahead = asyncio.create_task(self._claim())
        try:
            while True:
                items, view, started = await ahead
                if not items:
                    return total
                if not stop.is_set():
                    ahead = asyncio.create_task(self._claim())
                total += (await self._handler.finish(items, view, started)).claimed
                if stop.is_set():
                    return total
        finally:
            # Rows of a batch claimed ahead but not handled stay leased: `run` hands them
            # back on its way out; after a failed `drain` their lease runs out (as after
            # a crash), or `recover` under the same worker id takes them back at once.
            if not ahead.done():
                ahead.cancel()
            with contextlib.suppress(BaseException):  # its failure is not this one's
                await ahead

    async def _claim(self) -> tuple[list[InboxItem], BatchView, float]:
        """Lease a batch and do the part of its reading that may run ahead of the batch
        before it (`BatchView.prepare`)."""
        started = time.perf_counter()
        try:
            items = await self.inbox.claim(self.batch_size, self.worker_id)
            view = BatchView(self._stores, self._analyzer)
            if items:
                undecided = {item.comment.key for item in items if item.decided is False}
                await view.prepare([item.comment for item in items], undecided)
        except ConnectionError as exc:  # only the database is reached here
            raise DatabaseUnreachable(str(exc)) from exc
        return items, view, started


async def _first_of(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
