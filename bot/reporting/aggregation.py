"""The daily aggregation job: turns one local day of records into a stored `DayStats`.

Days are local to each community's time zone. The scheduler recomputes today and
yesterday (late answers and restores still change yesterday); `kuzet stats backfill`
recomputes every day since a community's first decision. Recomputing a day replaces its
row, so the job can run any number of times.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config.monitoring import MonitoringConfig
from bot.storage.repositories.daily_stats import SqlDailyStatsRepository
from bot.storage.repositories.threads import SqlThreadRepository
from moderation.ports import Clock, CommunityRepository
from moderation.settings import CommunitySettings
from moderation.stats import DayStats, aggregate_day
from moderation.threads import WorkingHours


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """[local midnight, next local midnight) of `day`, in UTC."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tz).astimezone(UTC)
    return start, end


def local_today(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


class Aggregator:
    def __init__(
        self,
        stats: SqlDailyStatsRepository,
        threads: SqlThreadRepository,
        communities: CommunityRepository,
        clock: Clock,
        config: MonitoringConfig,
    ) -> None:
        self.stats, self.threads, self.communities = stats, threads, communities
        self.clock, self.config = clock, config

    def hours(self, settings: CommunitySettings) -> WorkingHours:
        return WorkingHours(self.config.work_start, self.config.work_end, settings.timezone)

    async def compute(self, settings: CommunitySettings, day: date) -> DayStats:
        community = settings.community_id
        start, end = day_bounds(day, settings.timezone)
        facts = await self.stats.facts(community, start, end)
        threads = await self.threads.opened_between(community, start, end)
        return aggregate_day(
            community,
            day,
            facts,
            threads,
            restored=await self.stats.restored(community, start, end),
            new_authors=await self.stats.new_authors(community, start, end) if facts else 0,
            hours=self.hours(settings),
        )

    async def run(self, days_back: int = 1) -> int:
        """Recompute today and the `days_back` days before it for every community."""
        saved = 0
        now = self.clock.now()
        for settings in await self.communities.all():
            today = local_today(now, settings.timezone)
            days = [today - timedelta(days=n) for n in range(days_back, -1, -1)]
            saved += await self.save(settings, days)
        return saved

    async def backfill(self, community_id: str | None = None) -> int:
        """Every day from a community's first decision to today; returns days stored."""
        saved = 0
        now = self.clock.now()
        for settings in await self.communities.all():
            if community_id is not None and settings.community_id != community_id:
                continue
            first = await self.stats.first_day(settings.community_id)
            if first is None:
                continue
            day = local_today(first, settings.timezone)
            today = local_today(now, settings.timezone)
            days = [day + timedelta(days=n) for n in range((today - day).days + 1)]
            for start in range(0, len(days), 31):  # a month per transaction
                saved += await self.save(settings, days[start : start + 31])
        return saved

    async def save(self, settings: CommunitySettings, days: Iterable[date]) -> int:
        computed = [await self.compute(settings, day) for day in days]
        await self.stats.save_many(computed, self.clock.now())
        return len(computed)
