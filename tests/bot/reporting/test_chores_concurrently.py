"""Monitoring's chores run next to `/stats`, `/unanswered` and the dashboard, on one
`Monitoring`: they must not trip over each other, and on PostgreSQL a connection killed
under them (a restart) is an outage they outlive, never a stuck pool.

The "another operation is in progress" seen in the digest during a PostgreSQL restart is
asyncpg's wording for a connection the server terminated mid-query (`InternalClientError:
cannot switch to state N; another operation (M) is in progress`), not two tasks sharing a
session: every repository call here opens its own session.
"""

from __future__ import annotations

import asyncio
import collections
import time
from datetime import timedelta

import asyncpg
import pytest
from prometheus_client import REGISTRY
from sqlalchemy.engine import make_url

from bot.pipeline.faults import is_database_fault, is_transient
from bot.reporting.chores import MonitoringChores
from bot.reporting.monitor import Monitoring
from bot.storage.engine import Database
from moderation.decision import Verdict
from moderation.ports import Repositories
from tests.bot.reporting.conftest import Clock, member_comment, recorded


def _comments() -> float:
    labels = {"community": "news", "platform": "telegram"}
    return REGISTRY.get_sample_value("kuzet_community_comments_total", labels) or 0.0


async def _record(repos: Repositories, clock: Clock, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        comment = member_comment(str(n), clock.at - timedelta(minutes=n))
        await repos.decisions.record(recorded(comment, Verdict.REPLY, "question"))


async def test_concurrent_sweeps_read_each_decision_once(
    monitoring: Monitoring, repos: Repositories, clock: Clock
) -> None:
    await _record(repos, clock, 40)
    before = _comments()
    await asyncio.gather(*(monitoring.sweep() for _ in range(4)))
    assert _comments() == before + 40
    assert await monitoring.threads.count_open("news") == 40


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_chores_outlive_connections_killed_under_them(
    db: Database, monitoring: Monitoring, repos: Repositories, clock: Clock
) -> None:
    await _record(repos, clock, 200)
    chores = MonitoringChores(monitoring, aggregate_every=0)
    url = make_url(db.url)
    killer = await asyncpg.connect(host=url.host, port=url.port, user=url.username,
                                   database="postgres")  # fmt: skip
    faults: collections.Counter[str] = collections.Counter()
    done: collections.Counter[str] = collections.Counter()
    storm_ends = time.monotonic() + 4.0

    async def keep_running(name: str, chore: object) -> None:
        while time.monotonic() < storm_ends:
            try:
                await chore()  # type: ignore[operator]
                done[name] += 1
            except Exception as exc:
                # An outage the worker and the chores back off from, whatever its wording.
                assert is_database_fault(exc) and is_transient(exc), repr(exc)
                faults[type(exc).__name__] += 1
            await asyncio.sleep(0)

    async def kill_connections() -> None:
        while time.monotonic() < storm_ends - 0.5:
            await asyncio.sleep(0.2)
            await killer.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                url.database,
            )

    try:
        await asyncio.gather(
            keep_running("tick", chores.tick),
            keep_running("sweep", monitoring.sweep),
            keep_running("stats", lambda: monitoring.days("news", 30)),
            keep_running("unanswered", lambda: monitoring.unanswered("news")),
            keep_running("log", lambda: monitoring.recent_log("news")),
            kill_connections(),
        )
    finally:
        await killer.close()
    assert sum(faults.values()) > 0, "no connection was killed: the test proved nothing"
    # After the storm every chore works at once: no broken connection is left in the pool.
    for _ in range(12):
        await chores.tick()
        assert len(await monitoring.days("news", 30)) == 30
        await monitoring.recent_log("news")
    assert await monitoring.threads.count_open("news") == 200
