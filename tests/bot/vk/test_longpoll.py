"""Bots Long Poll against the fake VK: failed 1/2/3, and restarts with nothing lost or doubled."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.vk.client import RetryPolicy, VKClient
from bot.vk.longpoll import LongPoller, LongPollPolicy, MemoryTsStore
from tests.fakes.vk import FakeVK
from tests.fakes.vk import fixtures as vkf


class Inbox:
    """An idempotent store keyed by event_id, like the real inbox; can fail on demand."""

    def __init__(self) -> None:
        self.events: dict[str, dict[str, Any]] = {}
        self.writes = 0
        self.fail_on: set[str] = set()
        self.changed = asyncio.Condition()

    async def store(self, event: dict[str, Any]) -> None:
        if event["event_id"] in self.fail_on:
            self.fail_on.discard(event["event_id"])
            raise RuntimeError("database is down")
        self.writes += 1
        async with self.changed:
            self.events.setdefault(event["event_id"], event)
            self.changed.notify_all()

    async def wait_for(self, n: int) -> None:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: len(self.events) >= n), 5)

    def texts(self) -> list[str]:
        return [e["object"]["text"] for e in self.events.values()]


def poller(fake: FakeVK, inbox: Inbox, ts: MemoryTsStore, wait: int = 0) -> LongPoller:
    vk = VKClient(
        vkf.COMMUNITY_TOKEN, api_base=fake.api_base, rate=1000.0, retry=RetryPolicy(base_delay=0.01)
    )
    return LongPoller(
        vk,
        vkf.GROUP_ID,
        inbox.store,
        ts,
        LongPollPolicy(wait=wait, min_backoff=0.01, max_backoff=0.02),
    )


async def close(p: LongPoller) -> None:
    await p.close()
    await p._client.close()


async def test_events_stored_then_ts_saved(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    p = poller(fake_vk, inbox, ts)
    try:
        assert await p.poll_once() == 0
        start = int(ts.ts or 0)
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "one")
        await fake_vk.comment(vkf.BOB, fake_vk.post, "two")
        assert await p.poll_once() == 2
        assert inbox.texts() == ["one", "two"] and int(ts.ts or 0) == start + 2
    finally:
        await close(p)


async def test_failed_1_continues_at_given_ts(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    p = poller(fake_vk, inbox, ts)
    try:
        await p.poll_once()
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "lost in VK's history")
        fake_vk.longpoll_fail_next(1)
        assert await p.poll_once() == 0
        assert ts.ts == str(fake_vk.log(vkf.GROUP_ID).ts)
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "after")
        await p.poll_once()
        assert inbox.texts() == ["after"]
        assert len(fake_vk.journal.find("groups.getLongPollServer")) == 1  # same key
    finally:
        await close(p)


async def test_failed_2_new_key_same_ts(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    p = poller(fake_vk, inbox, ts)
    try:
        await p.poll_once()
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "kept")
        fake_vk.longpoll_fail_next(2)
        await p.poll_once()
        await p.poll_once()
        assert inbox.texts() == ["kept"]
        assert len(fake_vk.journal.find("groups.getLongPollServer")) == 2
        polls = fake_vk.journal.find("longpoll", ok=None)
        assert polls[-1].params["key"] != polls[0].params["key"]
        assert polls[-1].params["ts"] == polls[-2].params["ts"]
    finally:
        await close(p)


async def test_failed_3_new_key_and_ts(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    p = poller(fake_vk, inbox, ts)
    try:
        await p.poll_once()
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "gone with the old ts")
        fake_vk.longpoll_fail_next(3)
        await p.poll_once()
        await p.poll_once()
        assert inbox.texts() == []
        assert ts.ts == str(fake_vk.log(vkf.GROUP_ID).ts)
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "new")
        await p.poll_once()
        assert inbox.texts() == ["new"]
    finally:
        await close(p)


async def test_restart_resumes_from_saved_ts(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    first = poller(fake_vk, inbox, ts)
    await first.poll_once()
    await fake_vk.comment(vkf.ALICE, fake_vk.post, "a")
    await first.poll_once()
    await close(first)
    for text in ("b while down", "c while down"):
        await fake_vk.comment(vkf.BOB, fake_vk.post, text)
    second = poller(fake_vk, inbox, ts)
    try:
        assert await second.poll_once() == 2
        assert inbox.texts() == ["a", "b while down", "c while down"]
        assert inbox.writes == 3
    finally:
        await close(second)


async def test_crash_mid_batch_rereads_batch_and_stores_once(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    p = poller(fake_vk, inbox, ts)
    await p.poll_once()
    saved = ts.ts
    for text in ("x", "y", "z"):
        await fake_vk.comment(vkf.ALICE, fake_vk.post, text)
    inbox.fail_on.add(fake_vk.log(vkf.GROUP_ID).events[-2]["event_id"])
    try:
        await p.poll_once()
    except RuntimeError:
        pass
    else:
        raise AssertionError("the store failure must surface")
    assert ts.ts == saved and inbox.texts() == ["x"]
    await close(p)
    restarted = poller(fake_vk, inbox, ts)
    try:
        await restarted.poll_once()
        assert inbox.texts() == ["x", "y", "z"]
        assert sorted(inbox.events) == sorted(
            e["event_id"] for e in fake_vk.log(vkf.GROUP_ID).events
        )
    finally:
        await close(restarted)


async def test_run_loop_survives_failures_and_stops(fake_vk: FakeVK) -> None:
    inbox, ts = Inbox(), MemoryTsStore()
    p = poller(fake_vk, inbox, ts, wait=25)  # 25 VK-seconds = 0.25 s at the fake's scale
    task = asyncio.create_task(p.run())
    try:
        await fake_vk.journal.wait_for_call("longpoll")
        fake_vk.longpoll_fail_next(2)
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "1")
        inbox.fail_on.add(fake_vk.log(vkf.GROUP_ID).events[-1]["event_id"])
        await inbox.wait_for(1)  # stored on a later round, after the failure and failed 2
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "2")
        await inbox.wait_for(2)
        assert inbox.texts() == ["1", "2"] and inbox.writes == 2
        assert len(fake_vk.journal.find("groups.getLongPollServer")) == 2
    finally:
        p.stop()
        await asyncio.wait_for(task, 5)
        await close(p)


async def test_stop_while_storing_lets_the_batch_finish(fake_vk: FakeVK) -> None:
    """stop() cuts the long wait short, never a batch being stored: a database call
    cancelled half-way is what must not happen."""
    inbox, ts = Inbox(), MemoryTsStore()
    entered, release = asyncio.Event(), asyncio.Event()
    plain_store = inbox.store

    async def slow_store(event: dict[str, Any]) -> None:
        entered.set()
        await release.wait()  # a slow database write
        await plain_store(event)

    inbox.store = slow_store  # type: ignore[method-assign]
    p = poller(fake_vk, inbox, ts, wait=25)
    task = asyncio.create_task(p.run())
    try:
        await fake_vk.journal.wait_for_call("longpoll")
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "stored whole")
        await asyncio.wait_for(entered.wait(), 5)
        saved = ts.ts
        p.stop()
        await asyncio.sleep(0.05)
        assert not task.done()  # still storing: not cancelled
        release.set()
        await asyncio.wait_for(task, 5)
        assert inbox.texts() == ["stored whole"] and ts.ts != saved
    finally:
        p.stop()
        release.set()
        await asyncio.wait_for(task, 5)
        await close(p)
