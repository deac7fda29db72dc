"""The worker loop: claim a batch from the inbox, handle it with the `ModerationService`,
and mark each row done only after its decision is recorded and its actions attempted.

Crash safety comes from the order of steps, not from the worker staying alive: a row is
'done' only after its decision is stored; a worker that dies leaves its rows 'processing'
until their lease runs out (or it restarts under the same id), and then any worker takes
them again. The decision is recorded once per comment revision and each action carries its
outcome, so handling a row twice finishes the work instead of repeating it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.pipeline.analysis import BatchAnalyzer, default_batch_analyzer
from bot.pipeline.batch import BatchStores, BatchView
from bot.storage.engine import Database
from bot.storage.repositories import (
    InboxItem,
    InboxRepository,
    SqlActionRepository,
    SqlBlacklistRepository,
    SqlCardRepository,
    SqlDecisionRepository,
    SqlStrikeRepository,
    SqlTrustedUserRepository,
    build_repositories,
)
from moderation.ports import Clock, ModeratorNotifier, PlatformGateway, Repositories
from moderation.service import ModerationService

log = logging.getLogger(__name__)
_settled = False


def settle_heap() -> None:
    """Move everything alive now (the detector, SQLAlchemy's metadata, imported modules)
    out of the garbage collector's sight. They live until the process exits, yet every
    full collection would walk them again: without this, collections triggered by a
    batch's short-lived objects took a quarter of the pipeline's CPU time. Once per
    process: the first worker to start has everything long-lived loaded by then."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    claimed: int
    done: int
    failed: int
    waves: int  # write waves: a handful per batch, however large the batch


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
    ) -> None:
        self.worker_id = worker_id or default_worker_id()
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.max_attempts = max_attempts
        self._gateway = gateway
        self._notifier = notifier
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
                else SqlActionRepository(db)
            ),
            cards=SqlCardRepository(db, clock.now),
            blacklist=SqlBlacklistRepository(db),
            trusted=SqlTrustedUserRepository(db),
            strikes=SqlStrikeRepository(db),
        )
        self._wake = asyncio.Event()

    def notify(self) -> None:
        """New rows are in the inbox: skip the rest of the idle wait."""
        self._wake.set()

    async def recover(self) -> int:
        """Take back rows a crashed worker left: this worker's own (a restart under the same
        id) at once, everyone else's when their lease has run out."""
        return await self.inbox.release(self.worker_id) + await self.inbox.reclaim_expired()

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Work until `stop` is set (or the task is cancelled); leased rows are handed back
        on the way out so another worker need not wait for the lease."""
        stop = stop or asyncio.Event()
        await self.recover()
        settle_heap()
        try:
            while not stop.is_set():
                self._wake.clear()  # before claiming: a notify from now on is not lost
                outcome = await self.run_once()
                if outcome.claimed == 0:
                    await self.inbox.reclaim_expired()
                    await _first_of(stop, self._wake, timeout=self.poll_interval)
        finally:
            await asyncio.shield(self.inbox.release(self.worker_id))

    async def drain(self) -> int:
        """Handle everything in the inbox now; returns how many rows were handled."""
        await self.recover()
        settle_heap()
        total = 0
        while (outcome := await self.run_once()).claimed:
            total += outcome.claimed
        return total

    async def run_once(self) -> BatchOutcome:
        items = await self.inbox.claim(self.batch_size, self.worker_id)
        if not items:
            return BatchOutcome(0, 0, 0, 0)
        view = BatchView(self._stores, self._analyzer)
        await view.load([item.comment for item in items], self._clock.now())
        errors: dict[int, str] = {}
        groups = _by_author(items)
        for _ in groups:
            view.coalescer.enter()
        await asyncio.gather(*(self._handle_group(view, group, errors) for group in groups))
        await self.inbox.complete([item.id for item in items if item.id not in errors])
        for item_id, error in errors.items():
            await self.inbox.fail(item_id, error)
        return BatchOutcome(len(items), len(items) - len(errors), len(errors), view.coalescer.waves)

    async def _handle_group(
        self, view: BatchView, group: Sequence[InboxItem], errors: dict[int, str]
    ) -> None:
        """One author's comments in order, so each sees the strikes of the one before."""
        service = ModerationService(
            view.repos, self._gateway, self._notifier, self._clock, view.analyze, self.max_attempts
        )
        try:
            for item in group:
                try:
                    await service.handle(item.comment)
                except Exception as exc:  # one bad comment must not sink its batch
                    log.warning("inbox row %s (%s) failed: %s", item.id, item.comment.key, exc)
                    errors[item.id] = f"{exc.__class__.__name__}: {exc}"
        finally:
            view.coalescer.leave()


async def _first_of(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


def _by_author(items: Sequence[InboxItem]) -> list[list[InboxItem]]:
    groups: dict[tuple[str, str, str], list[InboxItem]] = {}
    for item in items:
        comment = item.comment
        key = (str(comment.platform), comment.community_id, comment.author.id)
        groups.setdefault(key, []).append(item)
    return list(groups.values())
