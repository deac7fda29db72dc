"""The scheduler's "marks" chore: old "already handled" marks of the Telegram adapter go,
recent ones (a re-delivery may still come) and other state stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import build_kernel
from bot.config.model import Config, DatabaseConfig
from bot.scheduler import DONE_MARK_PREFIX, Scheduler


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at


async def test_a_tick_prunes_old_done_marks_only(sqlite_url: str) -> None:
    clock = _Clock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    kernel = await build_kernel(Config(database=DatabaseConfig(sqlite_url)), clock=clock)
    try:
        await kernel.state.set(f"{DONE_MARK_PREFIX}cb:old", "1")
        await kernel.state.set("telegram:offset:1", "41")
        clock.at += timedelta(days=3)
        await kernel.state.set(f"{DONE_MARK_PREFIX}msg:-100:7", "1")
        scheduler = Scheduler(kernel.service, kernel.repos.communities, kernel.state, kernel.clock)
        await scheduler.tick()
        assert await kernel.state.get(f"{DONE_MARK_PREFIX}cb:old") is None
        assert await kernel.state.get(f"{DONE_MARK_PREFIX}msg:-100:7") == "1"
        assert await kernel.state.get("telegram:offset:1") == "41"
    finally:
        await kernel.db.dispose()
