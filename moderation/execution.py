"""Carrying out actions through the platform gateway, exactly once, with the outcome stored.

Every action is looked up by its idempotency key first: DONE and SKIPPED ones are never
repeated, so a re-delivered comment does nothing twice; an attempt is marked in flight
before the platform call, so a worker that crashed between "act" and "record" leaves an
outcome-unknown action that is reported, never blindly repeated. A failure is stored
(status FAILED, attempts, last error) and retried later with exponential backoff by
`retry_due`, which the scheduler calls.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from moderation.comment import Comment
from moderation.decision import Action, ActionKind
from moderation.ports import ActionRepository, Clock, DecisionRepository, PlatformGateway
from moderation.records import ActionRecord, ActionStatus, AttemptStart

log = logging.getLogger(__name__)

FINAL = frozenset({ActionStatus.DONE, ActionStatus.SKIPPED})
PENDING_GRACE = timedelta(minutes=2)
OUTCOME_UNKNOWN = "outcome unknown: interrupted mid-call, not repeated; please check"


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
            await gateway.hide(comment)
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
        started = await self._actions.begin_attempt(key, self._clock.now())
        if started is AttemptStart.FINAL:
            return await self._actions.get(key) or record
        if started is AttemptStart.OUTCOME_UNKNOWN:
            # A crash hit mid-call: the platform may have done it. Repeating could post a
            # reply twice, so a human checks instead (the card shows this line).
            current = await self._actions.get(key)
            if current is not None and current.status in FINAL:
                return current  # it was still running elsewhere and has finished since
            return await self._actions.update(
                key, ActionStatus.FAILED, at=self._clock.now(), error=OUTCOME_UNKNOWN
            )
        try:
            result = await self.perform(record.action, comment)
        except Exception as exc:  # any adapter failure is stored, reported, and retried
            log.warning("action %s failed: %s", key, exc)
            error = f"{exc.__class__.__name__}: {exc}"
            return await self._actions.update(
                key, ActionStatus.FAILED, at=self._clock.now(), error=error
            )
        return await self._actions.update(
            key, ActionStatus.DONE, at=self._clock.now(), result=result
        )

    async def run_all(
        self, records: Sequence[ActionRecord], comment: Comment
    ) -> tuple[ActionRecord, ...]:
        """Run in order: a reply after a hide, a ban after the hide it follows."""
        return tuple([await self.run(record, comment) for record in records])

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
            done.append(await self.run(record, stored.comment))
        return tuple(done)


def failures(records: Sequence[ActionRecord]) -> tuple[str, ...]:
    """Card lines for failed actions: kind and the last error."""
    return tuple(
        f"{r.action.kind}: {r.last_error}" for r in records if r.status is ActionStatus.FAILED
    )
