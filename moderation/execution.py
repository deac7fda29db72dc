"""Carrying out actions through the platform gateway, exactly once, with the outcome stored.

Effects come in two kinds, each with its own rule:

* *idempotent* calls (hide, ban, unban, mute) are simply made again until the platform
  confirms: a crash between the call and storing its outcome leaves the action PENDING,
  and the next attempt finds "already deleted / not found", which the adapters count as
  done. No in-flight mark is needed, so protective actions never wait for a write.
* *sends* (replies, warnings, restores that re-post) are claimed (`begin_attempt`) just
  before the call and recorded as soon as it returns; a claim held by another live
  instance means "busy", a dead instance's claim is given back, so a crash doubles at most
  the one send in flight per sender.

DONE and SKIPPED actions are never repeated. A public warning goes out only after the
hide it follows is confirmed. A failure is stored (status FAILED, attempts, last error)
and retried later with exponential backoff by `retry_due`, which the scheduler calls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from moderation.comment import Comment
from moderation.decision import Action, ActionKind
from moderation.ports import ActionRepository, Clock, DecisionRepository, PlatformGateway
from moderation.records import ActionRecord, ActionStatus, AttemptStart

log = logging.getLogger(__name__)

T = TypeVar("T")
STORE_PAUSES = (0.1, 0.3, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
FINAL = frozenset({ActionStatus.DONE, ActionStatus.SKIPPED})
# Protective actions go first and never wait behind sends; with UNBAN they are idempotent.
PROTECTIVE = frozenset({ActionKind.HIDE, ActionKind.BAN, ActionKind.MUTE})
IDEMPOTENT = PROTECTIVE | {ActionKind.UNBAN}
SENDS = frozenset({ActionKind.REPLY, ActionKind.WARN, ActionKind.HOLDING_REPLY, ActionKind.RESTORE})


def is_protective(record: ActionRecord) -> bool:
    return record.action.kind in PROTECTIVE


def hide_confirmed(records: Sequence[ActionRecord]) -> bool:
    """Whether every hide among `records` is done (a warning may follow it)."""
    return all(r.status in FINAL for r in records if r.action.kind is ActionKind.HIDE)


def waits_for_hide(record: ActionRecord, siblings: Sequence[ActionRecord]) -> bool:
    """A public warning under a comment that is not hidden yet would point at it."""
    return record.action.kind is ActionKind.WARN and not hide_confirmed(siblings)


PENDING_GRACE = timedelta(minutes=2)


def backoff(attempts: int, base: timedelta = timedelta(seconds=30)) -> timedelta:
    """How long to wait after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h."""
    return min(base * (1 << min(max(attempts - 1, 0), 16)), timedelta(hours=1))


class ActionRunner:
    """Performs actions once each and stores what happened."""

    def __init__(
        self,
        gateway: PlatformGateway,
        actions: ActionRepository,
        decisions: DecisionRepository,
        clock: Clock,
        max_attempts: int = 5,
    ) -> None:
        self._gateway = gateway
        self._actions = actions
        self._decisions = decisions
        self._clock = clock
        self.max_attempts = max_attempts

    async def perform(self, action: Action, comment: Comment) -> str | None:
        """The gateway call for one action; raises whatever the adapter raises."""
        kind, gateway = action.kind, self._gateway
        if kind is ActionKind.HIDE:
            await gateway.hide(comment, reposted=action.origin != "auto")
            return None
        if kind is ActionKind.RESTORE:
            return await gateway.restore(comment)
        if kind in (ActionKind.REPLY, ActionKind.WARN, ActionKind.HOLDING_REPLY):
            return await gateway.reply(comment, action.params["text"])
        user = action.user or comment.user
        if kind is ActionKind.BAN:
            until = action.params.get("until")
            await gateway.ban(user, datetime.fromisoformat(until) if until else None)
        elif kind is ActionKind.UNBAN:
            await gateway.unban(user)
        elif kind is ActionKind.MUTE:
            await gateway.mute(user, datetime.fromisoformat(action.params["until"]))
        return None

    async def run(self, record: ActionRecord, comment: Comment) -> ActionRecord:
        """Attempt one stored action unless it is final; store the outcome."""
        if record.status in FINAL:
            return record
        key = record.idempotency_key
        if not record.action.execute:
            return await self._actions.update(key, ActionStatus.SKIPPED, at=self._clock.now())
        if record.action.kind not in IDEMPOTENT:
            started = await self._actions.begin_attempt(key, self._clock.now())
            if started is AttemptStart.FINAL:
                return await self._actions.get(key) or record
            if started is not AttemptStart.STARTED:  # another instance is sending it
                return record
        outcome = await self.attempt(record, comment)

        async def store() -> ActionRecord:
            return await self._actions.update(
                key, outcome.status, at=self._clock.now(), error=outcome.error,
                result=outcome.result,
            )  # fmt: skip

        if record.action.kind in IDEMPOTENT:
            return await store()  # a lost outcome only means the call is made again
        return await stored_soon(store)

    async def attempt(self, record: ActionRecord, comment: Comment) -> Outcome:
        """The platform call for a claimed (or idempotent) action, not yet stored."""
        try:
            result = await self.perform(record.action, comment)
        except Exception as exc:  # any adapter failure is stored, reported, and retried
            log.warning("action %s failed: %s", record.idempotency_key, exc)
            return Outcome(ActionStatus.FAILED, error=f"{exc.__class__.__name__}: {exc}")
        return Outcome(ActionStatus.DONE, result=result)

    async def run_all(
        self, records: Sequence[ActionRecord], comment: Comment
    ) -> tuple[ActionRecord, ...]:
        """Protective actions first, then sends, each in order; a warning waits until its
        hide is confirmed (it stays PENDING for the outbox or `retry_due`)."""
        done: list[ActionRecord] = []
        for record in sorted(records, key=lambda r: not is_protective(r)):
            if waits_for_hide(record, done):
                done.append(record)
                continue
            done.append(await self.run(record, comment))
        order = {r.idempotency_key: i for i, r in enumerate(records)}
        return tuple(sorted(done, key=lambda r: order[r.idempotency_key]))

    async def add_and_run(
        self, actions: Sequence[Action], comment: Comment
    ) -> tuple[ActionRecord, ...]:
        """Store new (moderator) actions, then run each; known keys are not repeated."""
        now = self._clock.now()
        records = [await self._actions.add(action, now) for action in actions]
        return await self.run_all(records, comment)

    async def retry_due(self, limit: int = 100) -> tuple[ActionRecord, ...]:
        """Retry failed/pending actions whose backoff has passed; returns the new outcomes."""
        now = self._clock.now()
        done: list[ActionRecord] = []
        for record in await self._actions.retryable(self.max_attempts, limit):
            # A PENDING action may be in a worker's hands right now: only one left alone
            # for a while (its worker died before acting) is picked up here.
            wait = (
                backoff(record.attempts) if record.status is ActionStatus.FAILED else PENDING_GRACE
            )
            if now < record.updated_at + wait:
                continue
            stored = await self._decisions.get(record.action.comment)
            if stored is None:  # the action outlived its decision; nothing to act on
                continue
            if record.action.kind is ActionKind.WARN:
                siblings = await self._actions.for_comment(record.action.comment)
                if waits_for_hide(record, siblings):
                    continue
            done.append(await self.run(record, stored.comment))
        return tuple(done)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one platform call did, before it is stored."""

    status: ActionStatus
    error: str | None = None
    result: str | None = None


async def stored_soon(write: Callable[[], Awaitable[T]]) -> T:
    """`write()`, tried again after each of `STORE_PAUSES` when storage fails: a send that
    went out is recorded through a short storage outage (its claim is this instance's,
    so nobody sends it again meanwhile)."""
    for pause in (*STORE_PAUSES, None):
        try:
            return await write()
        except Exception as exc:
            if pause is None:
                raise
            if pause == STORE_PAUSES[0]:  # once per outage, not once per retry
                log.warning("storing a sent message's outcome failed, retrying: %s", exc)
            await asyncio.sleep(pause)
    raise AssertionError("unreachable")


def failures(records: Sequence[ActionRecord]) -> tuple[str, ...]:
    """Card lines for failed actions: kind and the last error."""
    return tuple(
        f"{r.action.kind}: {r.last_error}" for r in records if r.status is ActionStatus.FAILED
    )
