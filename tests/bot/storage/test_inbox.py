"""The inbox: stored once, leased to one worker at a time, recovered after a crash."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.storage.engine import Database
from bot.storage.models import InboxStatus
from bot.storage.repositories.inbox import InboxCounts, InboxRepository
from bot.storage.repositories.state import StateRepository
from tests.bot.storage.conftest import FakeClock, make_comment

RAW = {"update_id": 1, "message": {"text": "Сәлем!"}}


async def test_same_key_twice_is_stored_once(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    assert await inbox.store(make_comment("1"), RAW) is True
    assert await inbox.store(make_comment("1", text="re-delivered"), RAW) is False
    assert await inbox.counts() == InboxCounts(received=1)
    [item] = await inbox.claim(10, "w1")
    assert item.comment.text == "Сәлем!"  # the first delivery wins


async def test_a_new_revision_is_a_new_row(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    assert await inbox.store(make_comment("1"), RAW)
    assert await inbox.store(make_comment("1", revision=1, text="edited"), RAW)
    assert await inbox.counts() == InboxCounts(received=2)


async def test_store_many_reports_new_per_event(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    await inbox.store(make_comment("1"), RAW)
    batch = [(make_comment(cid), RAW) for cid in ("1", "2", "3", "2")]
    assert await inbox.store_many(batch) == [False, True, True, False]
    assert await inbox.counts() == InboxCounts(received=3)
    assert await inbox.store_many([]) == []


async def test_store_many_sets_a_state_key_with_the_page(db: Database, clock: FakeClock) -> None:
    """A poller's page and its next offset are written together (one statement on
    PostgreSQL); a page of repeats still moves the offset on."""
    inbox, state = InboxRepository(db, clock=clock), StateRepository(db, clock)
    await inbox.store(make_comment("1"), RAW)
    batch = [(make_comment(cid), RAW) for cid in ("1", "2", "3", "2")]
    assert await inbox.store_many(batch, state=("offset:bot", "701")) == [False, True, True, False]
    assert await state.get("offset:bot") == "701"
    assert await inbox.store_many(batch[:2], state=("offset:bot", "703")) == [False, False]
    assert await state.get("offset:bot") == "703"
    assert await inbox.counts() == InboxCounts(received=3)


async def test_claim_returns_the_stored_comment_unchanged(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    comment = make_comment("1")
    await inbox.store(comment, RAW)
    [item] = await inbox.claim(5, "w1")
    assert item.comment == comment
    assert item.attempts == 1
    assert item.received_at == clock.now
    assert await inbox.claim(5, "w2") == []  # leased: nobody else gets it
    assert await inbox.counts() == InboxCounts(processing=1)


async def test_claim_takes_the_oldest_first_in_batches(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    await inbox.store_many([(make_comment(str(n)), RAW) for n in range(7)])
    first = await inbox.claim(3, "w1")
    second = await inbox.claim(10, "w1")
    assert [i.comment.comment_id for i in first] == ["0", "1", "2"]
    assert [i.comment.comment_id for i in second] == ["3", "4", "5", "6"]


async def test_complete_marks_done(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    await inbox.store_many([(make_comment(str(n)), RAW) for n in range(3)])
    items = await inbox.claim(10, "w1")
    await inbox.complete([items[0].id, items[1].id])
    await inbox.complete([])
    assert await inbox.counts() == InboxCounts(processing=1, done=2)


async def test_fail_retries_until_max_attempts(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock, max_attempts=2)
    await inbox.store(make_comment("1"), RAW)
    [item] = await inbox.claim(1, "w1")
    assert await inbox.fail(item.id, "gateway down") is InboxStatus.RECEIVED
    [again] = await inbox.claim(1, "w1")
    assert again.attempts == 2
    assert await inbox.fail(again.id, "gateway down") is InboxStatus.FAILED
    assert await inbox.claim(1, "w1") == []
    assert await inbox.counts() == InboxCounts(failed=1)


async def test_fail_without_retry_is_final(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    await inbox.store(make_comment("1"), RAW)
    [item] = await inbox.claim(1, "w1")
    assert await inbox.fail(item.id, "malformed", retry=False) is InboxStatus.FAILED
    assert await inbox.counts() == InboxCounts(failed=1)


async def test_expired_lease_is_reclaimed_after_a_crash(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock, lease=timedelta(minutes=5))
    await inbox.store_many([(make_comment(str(n)), RAW) for n in range(2)])
    crashed = await inbox.claim(10, "crashed-worker")
    assert len(crashed) == 2
    clock.advance(minutes=4)
    assert await inbox.reclaim_expired() == 0  # still leased
    assert await inbox.claim(10, "w2") == []
    clock.advance(minutes=2)
    assert await inbox.reclaim_expired() == 2
    taken = await inbox.claim(10, "w2")
    assert [i.comment.comment_id for i in taken] == ["0", "1"]
    assert all(i.attempts == 2 for i in taken)


async def test_a_row_that_kills_every_worker_ends_failed(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock, max_attempts=2)
    await inbox.store(make_comment("1"), RAW)
    for _ in range(2):
        assert len(await inbox.claim(1, "w")) == 1
        clock.advance(hours=1)
        await inbox.reclaim_expired()
    assert await inbox.claim(1, "w") == []
    assert await inbox.counts() == InboxCounts(failed=1)


@pytest.mark.parametrize("workers", [2])
async def test_concurrent_claims_never_share_a_row(
    database_url: str, db: Database, workers: int
) -> None:
    await InboxRepository(db).store_many([(make_comment(str(n)), RAW) for n in range(300)])
    # Separate engines: separate connection pools, as separate worker processes would have.
    databases = [Database(database_url) for _ in range(workers)]
    try:
        inboxes = [InboxRepository(d) for d in databases]

        async def drain(inbox: InboxRepository, worker_id: str) -> list[int]:
            taken: list[int] = []
            while batch := await inbox.claim(7, worker_id):
                taken += [item.id for item in batch]
                await asyncio.sleep(0)
            return taken

        results = await asyncio.gather(*(drain(inbox, f"w{n}") for n, inbox in enumerate(inboxes)))
    finally:
        for d in databases:
            await d.dispose()
    every = [row_id for taken in results for row_id in taken]
    assert len(every) == len(set(every)) == 300
    assert all(results)  # both workers really took part


async def test_the_claim_says_which_comments_were_decided_before(
    db: Database, clock: FakeClock
) -> None:
    from bot.storage.repositories import SqlDecisionRepository
    from tests.bot.storage.conftest import make_decision

    inbox = InboxRepository(db, clock=clock)
    comments = [make_comment(str(n)) for n in range(3)]
    await inbox.store_many([(c, {"n": i}) for i, c in enumerate(comments)])
    await SqlDecisionRepository(db).record(make_decision(comments[1]))
    claimed = await inbox.claim(10, "w1")
    expected = [False, True, False] if db.dialect == "postgresql" else [None] * 3
    assert [item.decided for item in claimed] == expected
