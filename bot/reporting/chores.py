"""The monitoring chores of a running instance, on their own timer next to the scheduler.

Each tick: bring threads up to date, send due reminders, recompute today's and yesterday's
aggregates (at most every `aggregate_every` seconds), and send the daily digest (plus the
weekly one on Mondays) once per community per day. Every chore is idempotent, and a
failing chore is logged while the others still run. After the second tick matplotlib is
loaded in a thread, so the first chart after a restart is as quick as the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta

from bot.pipeline.faults import run_chores
from bot.reporting import charts
from bot.reporting.aggregation import local_today
from bot.reporting.digest import (
    DigestMessage,
    daily_text,
    digest_due,
    overnight_and_expired,
    weekly_text,
)
from bot.reporting.monitor import Monitoring

log = logging.getLogger(__name__)


class MonitoringChores:
    def __init__(
        self, monitoring: Monitoring, interval: float = 30.0, aggregate_every: float = 600.0
    ) -> None:
        self.monitoring = monitoring
        self.interval, self.aggregate_every = interval, aggregate_every
        self._aggregated_at: float | None = None
        self.ticks = 0  # finished by `run` (tests wait for the first, which runs at start)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.tick()
            self.ticks += 1
            if self.ticks == 2:  # the instance is up and caught up: now the chart's imports
                try:
                    await asyncio.to_thread(charts.prepare)
                except Exception:  # the first /stats will try (and say why) again
                    log.exception("preparing the chart failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)

    async def tick(self) -> None:
        chores = (
            ("threads", self.monitoring.sweep),
            ("reminders", self.monitoring.remind),
            ("aggregates", self.aggregate),
            ("digest", self.digests),
        )
        await run_chores("monitoring", chores, log)

    async def aggregate(self) -> int:
        now = time.monotonic()
        if self._aggregated_at is not None and now - self._aggregated_at < self.aggregate_every:
            return 0
        self._aggregated_at = now
        return await self.monitoring.aggregate(days_back=1)

    async def digests(self) -> int:
        monitoring = self.monitoring
        if not monitoring.config.digest or monitoring.chat is None:
            return 0
        sent = 0
        now = monitoring.clock.now()
        for settings in await monitoring.repos.communities.all():
            if not settings.moderators_chat_id:
                continue
            key = f"digest:daily:{settings.community_id}"
            today = digest_due(settings, monitoring.config.digest_time, now,
                               await monitoring.state.get(key))  # fmt: skip
            if today is None:
                continue
            # Late answers and restores still change the last week: recompute it once a day,
            # before reporting on it.
            yesterday = today - timedelta(days=1)
            week = [yesterday - timedelta(days=n) for n in range(6, -1, -1)]
            await monitoring.aggregator.save(settings, [*week, today])
            days = await monitoring.span(settings, yesterday - timedelta(days=13), yesterday)
            if not any(day.comments for day in days):
                # Nothing happened yet: no digest rather than a page of zeros (until tomorrow).
                await monitoring.state.set(key, today.isoformat())
                continue
            undo, overnight, expired = await overnight_and_expired(
                monitoring.db, settings, yesterday, now
            )
            unanswered = await monitoring.threads.count_open(settings.community_id)
            text = daily_text(settings, yesterday, days, unanswered, overnight, expired)
            if today.weekday() == 0:  # Monday: the week in review as well
                text += "\n\n" + weekly_text(settings, today, days)
            await monitoring.state.set(key, today.isoformat())  # at most once, even on failure
            await monitoring.chat.send_digest(
                DigestMessage(settings.moderators_chat_id, text, undo), settings
            )
            sent += 1
        return sent


__all__ = ["MonitoringChores", "local_today"]
