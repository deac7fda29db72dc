"""The worker outlives real database faults: PostgreSQL connections killed by the server
mid-batch, SQLite locked by another process, a server that refuses connections. It logs one
line per fault, backs off, and in the end every comment has one decision and each action
was performed once."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.pipeline.faults import Backoff, describe_fault, is_database_fault, is_transient
from bot.pipeline.worker import Worker
from bot.storage.engine import Database
from bot.storage.repositories import InboxCounts, InboxRepository, SqlActionRepository
from moderation.comment import Comment
from moderation.decision import ActionKind
from moderation.records import ActionStatus
from tests.bot.pipeline.conftest import (
    Clock,
    Gateway,
    Notifier,
    comment,
    prepared_database,
    scripted_analyzer,
)
from tests.conftest import PG_HOST, PG_PORT, PG_USER

RAW = {"update_id": 1}
COUNT, BATCH = 40, 8
TOXIC = {n for n in range(COUNT) if n % 4 == 1}  # 10 hides, spread over every batch


def faults_counted() -> float:
    total = 0.0
    for metric in REGISTRY.collect():
        if metric.name == "kuzet_worker_database_faults":
            total += sum(s.value for s in metric.samples if s.name.endswith("_total"))
    return total


@dataclass
class FaultyGateway(Gateway):
    """Performs the hide, then breaks the database (`fault`) right after hides number
    `fault_after`: the outcome of that very hide is the next thing the worker writes."""

    fault_after: set[int] = field(default_factory=set)
    fault: Any = None

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        await super().hide(comment)
        if self.count("hide") in self.fault_after:
            await self.fault()


def fault_worker(db: Database, gateway: Gateway, clock: Clock) -> Worker:
    return Worker(
        db,
        gateway,
        Notifier(),
        clock,
        analyzer=scripted_analyzer,
        worker_id="w-faults",
        batch_size=BATCH,
        poll_interval=0.05,
        retry_delay=0.05,
        max_retry_delay=0.2,
    )


async def run_until_done(
    worker: Worker, inbox: InboxRepository, count: int, busy: Any = lambda: False
) -> None:
    """Run the worker until every row is done. `busy()`: a fault is being staged, the
    test's own queries would get in its way."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        for _ in range(6000):  # at most a minute on a very busy machine
            if task.done():
                break  # the worker died: the assertions below say how
            if busy():
                await asyncio.sleep(0.01)
                continue
            try:
                if (await inbox.counts()).done == count:
                    break
            except Exception:  # the database may be locked for us too, for a moment
                pass
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)  # re-raises if the worker died of the fault


async def assert_everything_once(db: Database, gateway: Gateway) -> None:
    assert await InboxRepository(db).counts() == InboxCounts(done=COUNT)
    hides = Counter(target for name, target in gateway.calls if name == "hide")
    # None lost. A hide is idempotent: one whose outcome a fault cut off is made again
    # ("already deleted" = done), so a call may repeat; its stored outcome is one.
    assert set(hides) == {str(n) for n in TOXIC}
    async with db.snapshot() as session:
        per_comment = (
            await session.execute(
                text("SELECT comment_id, count(*) FROM decisions GROUP BY comment_id")
            )
        ).all()
    assert sorted(int(c) for c, _ in per_comment) == list(range(COUNT))
    assert {n for _, n in per_comment} == {1}  # one decision per comment
    actions = SqlActionRepository(db)
    for n in TOXIC:
        kinds = [r.action.kind for r in await actions.for_comment(comment(n).key)]
        assert kinds.count(ActionKind.HIDE) == 1, (n, kinds)


def store_comments() -> list[tuple[Comment, dict[str, int]]]:
    return [(comment(n, "TOXIC" if n in TOXIC else "Рахмет!"), RAW) for n in range(COUNT)]


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["inbox", "actions"])
async def test_worker_outlives_killed_postgresql_connections(
    postgres_url: str, caplog: pytest.LogCaptureFixture, table: str
) -> None:
    """`inbox`: a statement marking rows done (or claiming) is cut off: the worker backs
    off and handles the rows again. `actions`: the write of a hide's outcome is cut off:
    its wave is written again, so the hide is recorded as done, not 'outcome unknown'."""
    name = make_url(postgres_url).database
    kills: list[asyncio.Task[int]] = []

    async def kill_mid_statement(other: asyncpg.Connection, lock: Any) -> int:
        """Wait until one of the worker's statements is stuck on the lock, then have the
        server terminate every connection of the worker's (so a statement is surely cut
        off mid-way, not just an idle connection closed); then let the lock go."""
        admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
        try:
            for _ in range(3000):
                waiting = await admin.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
                    "AND wait_event_type = 'Lock'",
                    name,
                )
                if waiting:
                    break
                await asyncio.sleep(0.01)
            killed: int = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> $2",
                name,
                other.get_server_pid(),
            )
            return killed
        finally:
            await lock.rollback()
            await other.close()
            await admin.close()

    async def fault() -> None:
        # Locked before the hide returns: the worker's next statement on `table` waits.
        other = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=name)
        lock = other.transaction()
        await lock.start()
        await other.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        kills.append(asyncio.create_task(kill_mid_statement(other, lock)))

    clock = Clock()
    gateway = FaultyGateway(fault_after={2, 6}, fault=fault)
    db = await prepared_database(postgres_url)
    try:
        inbox = InboxRepository(db, clock=clock.now)
        await inbox.store_many(store_comments())
        before = faults_counted()
        with caplog.at_level(logging.WARNING, logger="bot.pipeline.worker"):
            await run_until_done(
                fault_worker(db, gateway, clock),
                inbox,
                COUNT,
                busy=lambda: any(not kill.done() for kill in kills),
            )
        assert all(await asyncio.gather(*kills))  # each time, connections were killed
        await assert_everything_once(db, gateway)
        statuses = {
            record.status
            for n in TOXIC
            for record in await SqlActionRepository(db).for_comment(comment(n).key)
        }
    finally:
        await db.dispose()
    faults = [r.getMessage() for r in caplog.records if "database fault" in r.getMessage()]
    assert all("\n" not in line for line in faults)
    assert len(faults) <= max(1, faults_counted() - before)  # logged once per outage
    if table == "inbox":  # a claim or a "done" mark was cut off: the worker backed off
        assert faults or set(statuses) == {ActionStatus.DONE}
    else:
        assert statuses == {ActionStatus.DONE}


async def test_worker_outlives_a_locked_sqlite_database(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = make_url(sqlite_url).database
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None, timeout=10)  # another process
    loop = asyncio.get_running_loop()

    async def release_after_the_worker_met_it(before: float) -> None:
        # Held until the worker has hit the lock (a slow machine may take longer than any
        # fixed moment to get there), then a little longer, then let go.
        for _ in range(1000):
            if faults_counted() > before:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        other.execute("ROLLBACK")

    async def lock_for_a_moment() -> None:
        other.execute("BEGIN EXCLUSIVE")
        releases.append(loop.create_task(release_after_the_worker_met_it(faults_counted())))

    releases: list[asyncio.Task[None]] = []

    clock = Clock()
    gateway = FaultyGateway(fault_after={3}, fault=lock_for_a_moment)
    # Writes wait 50 ms for a lock, not 30 s: "database is locked" reaches the worker.
    db = await prepared_database(sqlite_url, sqlite_busy_timeout_ms=50)
    try:
        inbox = InboxRepository(db, clock=clock.now)
        await inbox.store_many(store_comments())
        with caplog.at_level(logging.WARNING, logger="bot.pipeline.worker"):
            await run_until_done(fault_worker(db, gateway, clock), inbox, COUNT)
        await asyncio.gather(*releases)
        await assert_everything_once(db, gateway)
    finally:
        await db.dispose()
        other.close()
    faults = [r.getMessage() for r in caplog.records if "database fault" in r.getMessage()]
    assert faults and all("locked" in line for line in faults), faults


async def test_unreachable_database_backs_off_quietly_and_stops_promptly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 1: nothing listens, every connection is refused. The password must not be logged.
    db = Database("postgresql+asyncpg://kuzet:s3cret-pw@127.0.0.1:1/kuzet")
    worker = Worker(
        db,
        Gateway(),
        Notifier(),
        Clock(),
        analyzer=lambda texts, overlay: [],
        worker_id="w-away",
        retry_delay=0.01,
        max_retry_delay=60.0,
    )
    stop = asyncio.Event()
    before = faults_counted()
    with caplog.at_level(logging.INFO, logger="bot.pipeline.worker"):
        task = asyncio.create_task(worker.run(stop))
        for _ in range(3000):  # 0.01, 0.02, 0.04, 0.08 s …: the 8th wait is 1.28 s
            if faults_counted() - before >= 8:
                break
            await asyncio.sleep(0.01)
        stop.set()  # mid back-off (the 8th fault waits 1.28 s, the next 2.56 s) …
        await asyncio.wait_for(task, 5)  # … and the worker still ends at once
    await db.dispose()
    assert faults_counted() - before >= 8  # every retry counted in /metrics …
    faults = [r.getMessage() for r in caplog.records if "database fault" in r.getMessage()]
    assert len(faults) == 1  # … and logged once per outage
    assert "s3cret" not in caplog.text
    assert not task.cancelled() and task.exception() is None


def test_backoff_doubles_up_to_its_cap_and_resets_after_success() -> None:
    backoff = Backoff(first=0.5, cap=30.0)
    assert [backoff.next_delay() for _ in range(9)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
    assert backoff.reset() == 9
    assert backoff.next_delay() == 0.5


async def test_only_the_databases_network_errors_are_database_faults() -> None:
    with pytest.raises(OSError) as refused:  # nothing listens on port 1
        await asyncpg.connect(host="127.0.0.1", port=1, user="kuzet", database="x", timeout=5)
    assert is_database_fault(refused.value) and is_transient(refused.value)
    try:  # raised in our code, e.g. by the moderators' chat client: not the database
        raise ConnectionResetError("chat API went away")
    except OSError as exc:
        assert not is_database_fault(exc) and not is_transient(exc)


def test_fault_descriptions_are_one_line_without_passwords() -> None:
    error = OSError("could not connect to postgresql://kuzet:hunter2@db:5432/kuzet\nmore")
    expected = "OSError: could not connect to postgresql://kuzet:***@db:5432/kuzet"
    assert describe_fault(error) == expected
    assert "hunter2" not in describe_fault(OSError("auth failed for hunter2"), secret="hunter2")
