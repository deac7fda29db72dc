"""One claimed batch, handled: each author's comments in order, then the inbox updated.

The `Worker` claims batches and survives faults; this is what it does with one batch once
claimed. Rows are marked done only after `ModerationService.handle` returned for them (the
decision is recorded and the actions attempted); a comment that fails on its own is marked
failed with one redacted log line; a database fault stops its author's group and is raised
after the rest of the batch is settled, so the worker backs off and the row is handled again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.pipeline.batch import BatchView
from bot.pipeline.faults import FaultTracker, is_transient
from bot.storage.repositories import InboxItem, InboxRepository
from moderation.ports import Clock, ModeratorNotifier, PlatformGateway
from moderation.service import ModerationService

log = logging.getLogger("bot.pipeline.worker")


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    claimed: int
    done: int
    failed: int
    waves: int  # write waves: a handful per batch, however large the batch
    seconds: float = 0.0  # from its claim to its rows being marked done


class BatchHandler:
    """Handles claimed batches for one worker."""

    def __init__(
        self,
        inbox: InboxRepository,
        gateway: PlatformGateway,
        notifier: ModeratorNotifier,
        clock: Clock,
        faults: FaultTracker,
        max_attempts: int,
        on_batch: Callable[[BatchOutcome], None] | None = None,
    ) -> None:
        self.inbox = inbox
        self._gateway = gateway
        self._notifier = notifier
        self._clock = clock
        self._faults = faults
        self.max_attempts = max_attempts
        self._on_batch = on_batch  # e.g. metrics, the bench's latency figures

    async def finish(self, items: list[InboxItem], view: BatchView, started: float) -> BatchOutcome:
        """Handle a claimed batch (`started`: its claim's perf_counter) and settle its rows."""
        if not items:
            return BatchOutcome(0, 0, 0, 0)
        await view.load_people([item.comment for item in items], self._clock.now())
        handled: list[int] = []
        errors: dict[int, str] = {}
        faults: list[BaseException] = []
        groups = _by_author(items)
        for _ in groups:
            view.coalescer.enter()
        await asyncio.gather(
            *(self._handle_group(view, group, handled, errors, faults) for group in groups)
        )
        await self.inbox.complete(handled)
        for item_id, error in errors.items():
            await self.inbox.fail(item_id, error)
        if faults:
            # The rest stay leased to this worker; `run` hands them back after its back-off
            # and they are handled again (without an attempt counted against them).
            raise faults[0]
        outcome = BatchOutcome(
            len(items),
            len(handled),
            len(errors),
            view.coalescer.waves,
            time.perf_counter() - started,
        )
        self._faults.succeeded()
        if self._on_batch is not None:
            self._on_batch(outcome)
        return outcome

    async def _handle_group(
        self,
        view: BatchView,
        group: Sequence[InboxItem],
        handled: list[int],
        errors: dict[int, str],
        faults: list[BaseException],
    ) -> None:
        """One author's comments in order, so each sees the strikes of the one before. A
        database fault ends the group: the comments after it must wait for its strike."""
        service = ModerationService(
            view.repos, self._gateway, self._notifier, self._clock, view.analyze, self.max_attempts
        )
        try:
            for item in group:
                try:
                    await service.handle(item.comment)
                except Exception as exc:  # one bad comment must not sink its batch
                    if is_transient(exc):
                        faults.append(exc)
                        return
                    # One line, without SQL parameters (other comments' texts) or secrets.
                    error = self._faults.describe(exc)
                    log.warning("inbox row %s (%s) failed: %s", item.id, item.comment.key, error)
                    errors[item.id] = error
                else:
                    handled.append(item.id)
        finally:
            view.coalescer.leave()


def _by_author(items: Sequence[InboxItem]) -> list[list[InboxItem]]:
    groups: dict[tuple[str, str, str], list[InboxItem]] = {}
    for item in items:
        comment = item.comment
        key = (str(comment.platform), comment.community_id, comment.author.id)
        groups.setdefault(key, []).append(item)
    return list(groups.values())
