"""One claimed batch in one pass: decide → record → act (protective first) → settle.

1. *Decide* every comment from the batch's `BatchView` (no database round trip per
   comment); an author's comments are decided in arrival order, each seeing the strikes of
   the ones before.
2. *Record* every decision, its actions, its card and its strike in one transaction.
3. *Act*: the protective actions (hide, ban, mute) of all comments go out at once, each
   comment's in order. They are idempotent, so nothing is written before the calls: a
   crash here leaves them PENDING and the next try finds "already deleted" = done.
4. *Settle*: the outcomes and the inbox rows in one transaction.

Sends — cards, replies, warnings — are not made here: they wait in storage for the
`Outbox`, which paces them per sender, so a hide never waits behind a card. A comment that
fails on its own is marked failed with one redacted log line; a database fault is raised
(the worker backs off, and the batch is handled again: nothing is repeated twice).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.pipeline.batch import BatchStores, BatchView, identity
from bot.pipeline.faults import FaultTracker, is_transient
from bot.storage.repositories import InboxItem, InboxRepository
from bot.storage.repositories.action import ActionUpdate
from bot.storage.repositories.settlement import settle_batch
from moderation.errors import UnknownCommunity
from moderation.execution import FINAL, SENDS, ActionRunner, is_protective
from moderation.planning import author_history, author_name, plan, strike_of
from moderation.ports import Clock, NewDecision, Recorded
from moderation.records import ActionRecord

log = logging.getLogger("bot.pipeline.worker")

_RETRY_PAUSES = (0.05, 0.25)


class SendsWaiting(Protocol):
    """Tells the outbox what a batch left for it: new cards, new sends (or both)."""

    def __call__(self, *, cards: bool, sends: bool) -> None: ...


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    claimed: int
    done: int
    failed: int
    waves: int  # write transactions: two per batch (record, settle), however large
    seconds: float = 0.0  # from its claim to its rows being marked done
    protective: int = 0  # protective platform calls made


class BatchHandler:
    """Handles claimed batches for one worker."""

    def __init__(
        self,
        inbox: InboxRepository,
        stores: BatchStores,
        runner: ActionRunner,
        clock: Clock,
        faults: FaultTracker,
        on_batch: Callable[[BatchOutcome], None] | None = None,
        on_sends: SendsWaiting | None = None,
    ) -> None:
        self.inbox = inbox
        self._stores = stores
        self._runner = runner
        self._clock = clock
        self._faults = faults
        self._on_batch = on_batch  # e.g. metrics, the bench's latency figures
        self._on_sends = on_sends  # wakes the outbox: cards and replies are waiting

    async def finish(self, items: list[InboxItem], view: BatchView, started: float) -> BatchOutcome:
        """Handle a claimed batch (`started`: its claim's perf_counter) and settle its rows."""
        if not items:
            return BatchOutcome(0, 0, 0, 0)
        now = self._clock.now()
        planned, errors = await self._decide(items, view, now)
        recorded = await self._record([new for _, new in planned])
        outcomes = await asyncio.gather(*(self._protect(r) for r in recorded))
        updates = [update for per_comment in outcomes for update in per_comment]
        await self._settle(updates, [item.id for item, _ in planned], errors)
        if self._on_sends is not None:
            cards = any(r.card is not None and r.card.message_id is None for r in recorded)
            sends = any(_due_send(a) for r in recorded for a in r.actions)
            if cards or sends:
                self._on_sends(cards=cards, sends=sends)
        outcome = BatchOutcome(
            len(items), len(planned), len(errors), 2, time.perf_counter() - started, len(updates)
        )
        self._faults.succeeded()
        if self._on_batch is not None:
            self._on_batch(outcome)
        return outcome

    async def _decide(
        self, items: list[InboxItem], view: BatchView, now: datetime
    ) -> tuple[list[tuple[InboxItem, NewDecision]], dict[int, str]]:
        """Each comment's decision to record, in one pass over the batch's view: its authors
        are read first, then each comment goes to `plan` with all it needs. A re-delivery
        gets its stored decision (recording it again writes nothing and hands back its
        actions and card). A comment that fails on its own is left out with its error."""
        await view.load_people([item.comment for item in items], now)
        planned: list[tuple[InboxItem, NewDecision]] = []
        errors: dict[int, str] = {}
        for item in items:
            comment, community = item.comment, item.comment.community_id
            stored = view.decided.get(comment.key)
            if stored is not None:
                redelivered = (stored.comment, stored.decision, stored.analysis, stored.versions)
                planned.append((item, NewDecision(*redelivered, None, now)))
                continue
            try:
                settings = view.settings.get(community)
                if settings is None:
                    raise UnknownCommunity(f"no community {community!r}")
                name = author_name(comment)
                texts = [comment.text, name] if name else [comment.text]
                found = await view.analyses_of(texts, view.words[community])
                # A nickname is no sentence: only a lexicon hit makes it unfit to address.
                name_ok = not name or not found[-1].matches
                key = identity(comment.user)
                # All the author's strikes: those past their decay are not counted (`active_count`).
                strikes = view.strikes.get(key, ())
                history = author_history(
                    view.blacklisted.get(key), view.trusted.get(key), strikes, now
                )
                new = plan(comment, found[0], settings, history, now, view.faq[community], name_ok)
                strike = strike_of(new)
                if strike is not None:  # the author's next comment in this batch sees it
                    view.strikes.setdefault(key, []).append(strike)
                planned.append((item, new))
            except Exception as exc:  # one bad comment must not sink its batch
                if is_transient(exc):
                    raise
                error = self._faults.describe(exc)  # no SQL parameters, no secrets
                log.warning("inbox row %s (%s) failed: %s", item.id, comment.key, error)
                errors[item.id] = error
        return planned, errors

    async def _record(self, batch: Sequence[NewDecision]) -> list[Recorded]:
        """Decisions, actions, cards and strikes: one transaction (one statement on
        PostgreSQL)."""
        strikes = [s for s in (strike_of(new) for new in batch) if s is not None]
        return await self._stores.decisions.record_many(batch, strikes)

    async def _protect(self, recorded: Recorded) -> list[ActionUpdate]:
        """This comment's unfinished protective actions, in order; outcomes not stored."""
        comment = recorded.decision.comment
        updates: list[ActionUpdate] = []
        for record in recorded.actions:
            if not _due_protective(record):
                continue
            outcome = await self._runner.attempt(record, comment)
            updates.append(
                ActionUpdate(
                    record.idempotency_key,
                    outcome.status,
                    self._clock.now(),
                    outcome.error,
                    outcome.result,
                )
            )
        return updates

    async def _settle(
        self, updates: Sequence[ActionUpdate], done: Sequence[int], errors: dict[int, str]
    ) -> None:
        """Outcomes and inbox rows: one transaction, written again on a fresh connection
        after a dropped one (twice at most), so a platform call that succeeded is not
        made a second time just because its outcome met a restarting database."""
        for pause in (*_RETRY_PAUSES, None):
            try:
                await self._settle_once(updates, done, errors)
                return
            except Exception as exc:
                if pause is None or not is_transient(exc):
                    raise
                await asyncio.sleep(pause)

    async def _settle_once(
        self, updates: Sequence[ActionUpdate], done: Sequence[int], errors: dict[int, str]
    ) -> None:
        db = self._stores.db
        if db.dialect == "postgresql" and not errors:  # the usual batch: one statement
            await settle_batch(db, updates, done, self._clock.now())
            return
        async with db.shared():
            if updates:
                await self._stores.actions.update_many(updates)
            await self.inbox.complete(done)
            for item_id, error in errors.items():
                await self.inbox.fail(item_id, error)


def _due_send(record: ActionRecord) -> bool:
    return record.action.kind in SENDS and record.status not in FINAL


def _due_protective(record: ActionRecord) -> bool:
    return (
        is_protective(record)
        and record.action.origin == "auto"
        and record.action.execute
        and record.status not in FINAL
    )
