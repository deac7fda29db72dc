"""The worker loop end to end on a real database: inbox → analyze → decide → record → act.

Crashes are simulated the way processes die: an exception nothing catches (the worker's
task is gone, its rows stay leased), or the worker task being cancelled. A new worker on
the same database then finishes the job; no action is ever performed twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest

from bot.pipeline.worker import BatchOutcome, Worker
from bot.storage.engine import Database
from bot.storage.repositories import (
    InboxCounts,
    InboxRepository,
    SqlActionRepository,
    SqlDecisionRepository,
    SqlStrikeRepository,
)
from moderation.comment import Comment
from moderation.decision import ActionKind, Verdict
from moderation.records import ActionStatus
from tests.bot.pipeline.conftest import (
    Clock,
    Gateway,
    Notifier,
    SimulatedCrash,
    comment,
    scripted_analyzer,
)

RAW = {"update_id": 1}


def worker(
    db: Database, gateway: Gateway, clock: Clock, worker_id: str = "w1", **options: Any
) -> Worker:
    return Worker(
        db, gateway, Notifier(), clock, analyzer=scripted_analyzer, worker_id=worker_id, **options
    )


async def test_drain_handles_every_row_once(db: Database) -> None:
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    texts = ["Сәлем!", "ты TOXIC", "Привет", "TOXIC again", "Жақсы"]
    await inbox.store_many([(comment(n, text), RAW) for n, text in enumerate(texts)])
    w = worker(db, gateway, clock)
    outcome = await w.run_once()
    assert (outcome.claimed, outcome.done, outcome.failed) == (5, 5, 0)
    assert outcome.waves <= 6  # decisions, strikes, attempts, outcomes, cards: in waves
    assert await inbox.counts() == InboxCounts(done=5)
    assert sorted(c for c in gateway.calls if c[0] == "hide") == [("hide", "1"), ("hide", "3")]
    decisions = SqlDecisionRepository(db)
    found = [await decisions.get(comment(n).key) for n in range(5)]
    verdicts = [record.decision.verdict for record in found if record is not None]
    assert verdicts.count(Verdict.ALLOW) == 3 and len(verdicts) == 5
    assert await w.drain() == 0


async def test_redelivery_is_stored_once_and_acted_on_once(db: Database) -> None:
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    toxic = comment(1, "TOXIC")
    assert await inbox.store(toxic, RAW)
    assert not await inbox.store(toxic, RAW)
    assert await worker(db, gateway, clock).drain() == 1
    assert not await inbox.store(toxic, RAW)  # after handling, still a duplicate
    assert await worker(db, gateway, clock).drain() == 0
    assert gateway.count("hide") == 1
    kinds = [r.action.kind for r in await SqlActionRepository(db).for_comment(toxic.key)]
    assert len(kinds) == len(set(kinds)) and ActionKind.HIDE in kinds


async def test_same_author_in_one_batch_escalates(db: Database) -> None:
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store_many([(comment(n, f"TOXIC {n}", author="troll"), RAW) for n in range(2)])
    await worker(db, gateway, clock).drain()
    user = comment(0, author="troll").user
    assert len(await SqlStrikeRepository(db).active(user, clock.now().replace(year=2000))) == 2
    second = await SqlDecisionRepository(db).get(comment(1, author="troll").key)
    assert second is not None
    assert ActionKind.MUTE in [a.kind for a in second.decision.actions]
    assert gateway.count("mute") == 1


@pytest.mark.parametrize("claim_ahead", [False, True])
async def test_next_batch_sees_the_strikes_of_the_batch_before(
    db: Database, claim_ahead: bool
) -> None:
    # One comment a batch (with `claim_ahead`, each claimed and analyzed while the one
    # before is handled): the author's strikes still carry from batch to batch.
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store_many([(comment(n, f"TOXIC {n}", author="troll"), RAW) for n in range(3)])
    outcomes: list[BatchOutcome] = []
    w = worker(db, gateway, clock, batch_size=1, on_batch=outcomes.append, claim_ahead=claim_ahead)
    assert await w.drain() == 3
    assert [o.claimed for o in outcomes] == [1, 1, 1]
    second = await SqlDecisionRepository(db).get(comment(1, author="troll").key)
    assert second is not None
    assert ActionKind.MUTE in [a.kind for a in second.decision.actions]
    user = comment(0, author="troll").user
    assert len(await SqlStrikeRepository(db).active(user, clock.now().replace(year=2000))) == 3
    assert await inbox.counts() == InboxCounts(done=3)


@pytest.mark.parametrize("claim_ahead", [False, True])
async def test_drain_reports_every_batch(db: Database, claim_ahead: bool) -> None:
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store_many([(comment(n), RAW) for n in range(5)])
    outcomes: list[BatchOutcome] = []
    w = worker(db, gateway, clock, batch_size=2, on_batch=outcomes.append, claim_ahead=claim_ahead)
    assert await w.drain() == 5
    assert [(o.claimed, o.done) for o in outcomes] == [(2, 2), (2, 2), (1, 1)]
    assert all(o.seconds > 0 for o in outcomes)
    assert await inbox.counts() == InboxCounts(done=5)


async def test_crash_between_decide_and_act(db: Database, database_url: str) -> None:
    """The decision is recorded, then the process dies before touching the platform."""

    class DiesBeforeActing(Gateway):
        async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
            raise SimulatedCrash("died after recording the decision")

    clock, dying = Clock(), DiesBeforeActing()
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store_many([(comment(1, "TOXIC"), RAW), (comment(2, "fine"), RAW)])
    with pytest.raises(SimulatedCrash):
        await worker(db, dying, clock).run_once()
    assert await SqlDecisionRepository(db).get(comment(1).key) is not None
    assert dying.calls == []
    gateway = Gateway()
    assert (await inbox.counts()).processing == 2  # nothing acknowledged as done

    restarted = Database(database_url)  # a new process: new engine, same database
    try:
        assert await worker(restarted, gateway, clock, worker_id="w2").drain() == 0  # leased
        clock.advance(minutes=6)  # the dead worker's lease runs out
        assert await worker(restarted, gateway, clock, worker_id="w2").drain() == 2
    finally:
        await restarted.dispose()
    assert gateway.calls == [("hide", "1")]
    [hide] = await SqlActionRepository(db).for_comment(comment(1).key)
    assert (hide.status, hide.attempts) == (ActionStatus.DONE, 1)
    assert await inbox.counts() == InboxCounts(done=2)


async def test_crash_between_act_and_record(db: Database, database_url: str) -> None:
    """The platform hid the comment, then the process died before storing that: a hide is
    idempotent, so it is made again until confirmed, never reported as 'unknown'."""
    clock, gateway = Clock(), Gateway(crash_after={"hide"})
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store(comment(1, "TOXIC"), RAW)
    with pytest.raises(SimulatedCrash):
        await worker(db, gateway, clock).run_once()
    restarted = Database(database_url)
    try:  # the dead worker's rows handed back (as `Liveness` does for a dead instance)
        assert await InboxRepository(restarted).release_many(["w1"]) == 1
        assert await worker(restarted, gateway, clock, worker_id="w2").drain() == 1
    finally:
        await restarted.dispose()
    assert gateway.calls == [("hide", "1"), ("hide", "1")]
    [hide] = await SqlActionRepository(db).for_comment(comment(1).key)
    assert (hide.status, hide.last_error) == (ActionStatus.DONE, None)
    assert await inbox.counts() == InboxCounts(done=1)


async def test_stopping_the_worker_task_hands_rows_back(db: Database) -> None:
    clock, gateway = Clock(), Gateway(block=asyncio.Event())
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store_many([(comment(1, "TOXIC"), RAW), (comment(2, "fine"), RAW)])
    task = asyncio.create_task(worker(db, gateway, clock).run())
    while not gateway.calls:  # the worker is now inside the platform call
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await inbox.counts()).received == 2  # handed back, not left leased
    gateway.block = None
    assert await worker(db, gateway, clock, worker_id="w2").drain() == 2
    # A hide is idempotent: the interrupted one is made again ("already deleted" = done).
    assert gateway.calls == [("hide", "1"), ("hide", "1")]
    [hide] = await SqlActionRepository(db).for_comment(comment(1).key)
    assert hide.status is ActionStatus.DONE
    assert await inbox.counts() == InboxCounts(done=2)


async def test_stopping_hands_back_the_batch_claimed_ahead_too(db: Database) -> None:
    clock, gateway = Clock(), Gateway(block=asyncio.Event())
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store_many([(comment(1, "TOXIC"), RAW), (comment(2, "fine"), RAW)])
    w = worker(db, gateway, clock, batch_size=1, claim_ahead=True)
    task = asyncio.create_task(w.run())
    for _ in range(2000):  # row 1 is in the platform call, row 2 claimed ahead
        if gateway.calls and (await inbox.counts()).processing == 2:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await inbox.counts()).received == 2
    gateway.block = None
    assert await worker(db, gateway, clock, worker_id="w2").drain() == 2
    assert gateway.calls == [("hide", "1"), ("hide", "1")]  # idempotent: made again
    assert await inbox.counts() == InboxCounts(done=2)


async def test_a_failing_comment_is_retried_then_parked(db: Database) -> None:
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store(replace(comment(1), community_id="unknown"), RAW)
    await inbox.store(comment(2), RAW)
    w = worker(db, gateway, clock, max_attempts=2)
    first = await w.run_once()
    assert (first.done, first.failed) == (1, 1)
    assert await inbox.counts() == InboxCounts(received=1, done=1)
    await w.run_once()
    assert await inbox.counts() == InboxCounts(done=1, failed=1)


async def test_run_wakes_on_notify_and_stops_cleanly(db: Database) -> None:
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    w = worker(db, gateway, clock, poll_interval=30)
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop))
    await asyncio.sleep(0.05)
    await inbox.store(comment(1, "TOXIC"), RAW)
    w.notify()
    for _ in range(2000):  # at most 20 s on a very busy machine; usually a few ms
        if (await inbox.counts()).done == 1:
            break
        await asyncio.sleep(0.01)
    stop.set()
    w.notify()
    await asyncio.wait_for(task, 10)
    assert gateway.calls == [("hide", "1")]


async def test_the_outbox_reads_only_what_it_was_told_is_waiting(db: Database) -> None:
    """A wake-up for new cards does not read the sends (and the other way round); a pass on
    the timer reads both."""
    clock, gateway = Clock(), Gateway()
    inbox = InboxRepository(db, clock=clock.now)
    await inbox.store(comment(1, "ты TOXIC"), RAW)
    w = worker(db, gateway, clock)
    await w.run_once()
    assert await w.outbox.pass_once(read_cards=False) == 0  # its card is not looked at
    assert await w.outbox.pass_once(read_sends=False) == 1  # the card goes out
