"""The outbox: every send (cards, replies, warnings) goes out here, one lane per sender.

The worker records sends and makes only the protective calls; what it leaves for humans
and authors waits in storage — cards not posted yet, send actions still PENDING — and this
loop puts it out. Each sender (a moderators' chat for cards, a community for replies) has
one lane that sends one message at a time: the transport's pacing wait for that chat comes
first, then the claim (card `claim` / action `begin_attempt`), the call, and the record as
soon as it returns. So a crash can double at most the one send in flight per lane, never a
batch, and a slow lane (20 cards a minute per group) holds back nothing but itself.

A card goes out once its comment's protective actions have an outcome (the card then says
what really happened: `publishing.truthful`); a warning once its hide is confirmed. Only
ingest-role processes (one per Telegram token) run an outbox, so per-chat pacing holds
however many workers share the inbox; the claims keep a second outbox (or the scheduler)
from posting the same card twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.pipeline.faults import is_database_fault
from bot.storage.repositories import SqlActionRepository, SqlCardRepository, SqlDecisionRepository
from moderation.comment import Comment
from moderation.execution import SENDS, ActionRunner, is_protective, waits_for_hide
from moderation.ports import Clock
from moderation.publishing import CardPublisher
from moderation.records import ActionRecord, ActionStatus, Card

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]
# A card waits for its comment's protective outcome at most this long (a worker that died
# before acting is recovered well within it).
PROTECTIVE_WAIT = timedelta(seconds=30)
_SEND_KINDS = tuple(str(kind) for kind in SENDS)


class Outbox:
    def __init__(
        self,
        actions: SqlActionRepository,
        cards: SqlCardRepository,
        decisions: SqlDecisionRepository,
        publisher: CardPublisher,
        runner: ActionRunner,
        clock: Clock,
        *,
        poll_interval: float = 0.5,
        batch: int = 200,
    ) -> None:
        self._actions = actions
        self._cards = cards
        self._decisions = decisions
        self._publisher = publisher
        self._runner = runner
        self._clock = clock
        self.poll_interval = poll_interval
        self.batch = batch
        self._wake = asyncio.Event()
        # What the wake-ups since the last pass said is waiting; a pass on the timer reads
        # everything (retries, cards released later, what another process recorded).
        self._waiting = {"card": False, "send": False}
        self._lanes: dict[tuple[str, str], asyncio.Task[None]] = {}
        self.sent = 0  # sends made (cards posted or re-rendered, actions attempted)

    @property
    def busy(self) -> bool:
        """Whether a lane is still sending."""
        return any(not lane.done() for lane in self._lanes.values())

    def _busy(self, kind: str) -> bool:
        """Whether a lane of this kind ("card" or "send") is still sending."""
        return any(
            not task.done()
            for lane, task in self._lanes.items()
            if (lane[0] == "card") == (kind == "card")
        )

    def notify(self, *, cards: bool = True, sends: bool = True) -> None:
        """The worker has recorded new cards and/or sends: pass now, reading those only (a
        batch with cards but no send saves the query for sends, once per batch)."""
        self._waiting["card"] |= cards
        self._waiting["send"] |= sends
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Pass after pass until `stop`; database faults are the worker's to report: here
        they only delay the next pass."""
        try:
            while not stop.is_set():
                woken = self._wake.is_set()
                self._wake.clear()
                kinds = dict(self._waiting) if woken else {"card": True, "send": True}
                self._waiting = {"card": False, "send": False}
                try:
                    await self.pass_once(read_cards=kinds["card"], read_sends=kinds["send"])
                except Exception as exc:
                    if not is_database_fault(exc):
                        log.exception("outbox pass failed; trying again")
                waiters = [asyncio.ensure_future(e.wait()) for e in (stop, self._wake)]
                await asyncio.wait(
                    waiters, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
                )
                for waiter in waiters:
                    waiter.cancel()
        finally:
            for lane in list(self._lanes.values()):
                lane.cancel()
            for lane in list(self._lanes.values()):
                with contextlib.suppress(BaseException):
                    await lane

    async def drain(self) -> int:
        """Passes until nothing is left to send (tests, `kuzet` one-shot commands)."""
        total = 0
        while queued := await self.pass_once():
            total += queued
            await asyncio.gather(*self._lanes.values(), return_exceptions=True)
        return total

    async def pass_once(self, *, read_cards: bool = True, read_sends: bool = True) -> int:
        """Find what is due (cards, sends, or both) and hand it to idle lanes; returns how
        many jobs were queued."""
        now = self._clock.now()
        # A lane still busy would skip what is read for it: read nothing for it.
        cards: tuple[Card, ...] = ()
        if read_cards and not self._busy("card"):
            cards = await self._cards.due(now, self.batch)
        sends: tuple[ActionRecord, ...] = ()
        if read_sends and not self._busy("send"):
            sends = await self._actions.due_sends(_SEND_KINDS, self.batch)
        if not cards and not sends:
            return 0
        keys = list({c.comment.key for c in cards} | {a.action.comment for a in sends})
        outcomes = await self._actions.for_comments(keys)
        decided = await self._decisions.get_many([a.action.comment for a in sends])
        jobs: dict[tuple[str, str], list[Job]] = {}
        for card in cards:
            done = outcomes.get(card.comment.key, [])
            waiting = any(is_protective(r) and r.status is ActionStatus.PENDING for r in done)
            if (waiting and now - card.created_at < PROTECTIVE_WAIT) or card.chat_id is None:
                continue
            jobs.setdefault(("card", card.chat_id), []).append(self._card_job(card, done))
        for send in sends:
            siblings = outcomes.get(send.action.comment, [])
            record = decided.get(send.action.comment)
            if record is None or waits_for_hide(send, siblings):
                continue
            comment = record.comment
            lane = (str(comment.platform), comment.community_id)
            jobs.setdefault(lane, []).append(self._send_job(send, comment))
        queued = 0
        for lane, lane_jobs in jobs.items():
            running = self._lanes.get(lane)
            if running is not None and not running.done():
                continue  # its jobs come round again on the next pass
            self._lanes[lane] = asyncio.create_task(self._lane(lane, lane_jobs))
            queued += len(lane_jobs)
        return queued

    def _card_job(self, card: Card, outcomes: list[ActionRecord]) -> Job:
        async def post() -> None:
            await self._publisher.post(await self._publisher.note_failures(card, outcomes))

        return post

    def _send_job(self, record: ActionRecord, comment: Comment) -> Job:
        async def send() -> None:
            await self._runner.run(record, comment)

        return send

    async def _lane(self, lane: tuple[str, str], jobs: list[Job]) -> None:
        """One sender's jobs, one at a time."""
        for job in jobs:
            try:
                await job()
                self.sent += 1
            except Exception as exc:  # the next pass tries again
                log.warning("outbox %s: %s", lane[0], exc)
                return
