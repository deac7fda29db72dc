"""`Monitoring`: the one object the shell wires for dialog and monitoring.

It owns the thread and daily-stats repositories, the tracker and the aggregation job, and
talks to the moderators' chat through `MonitoringChat` (the Telegram side fills it in, as
it does the service's notifier). The scheduler chores, `/stats`, `/unanswered`, the
dashboard and `kuzet report` all go through it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select

from bot.config.monitoring import MonitoringConfig
from bot.metrics import TIME_TO_ANSWER
from bot.reporting.aggregation import Aggregator, local_today
from bot.reporting.digest import DigestMessage
from bot.reporting.tracker import StaffSource, ThreadTracker
from bot.storage.engine import Database
from bot.storage.models import CardRow
from bot.storage.repositories import StateRepository
from bot.storage.repositories.card import card_from_row
from bot.storage.repositories.daily_stats import SqlDailyStatsRepository
from bot.storage.repositories.threads import SqlThreadRepository
from moderation.comment import Platform
from moderation.errors import UnknownCommunity
from moderation.ports import Clock, Repositories
from moderation.records import Card
from moderation.settings import CommunitySettings
from moderation.stats import DayStats
from moderation.threads import Answer, AnswerKind, Thread, reminder_due, time_to_answer

log = logging.getLogger(__name__)

MONITORING_KEY = "monitoring"  # where the composition root puts it in `Kernel.extras`


class MonitoringChat(Protocol):
    """The moderators' chat as monitoring needs it (implemented by the Telegram side)."""

    async def post_reminder(self, thread: Thread, settings: CommunitySettings) -> str:
        """Post the reminder of an unanswered thread; returns its message id."""
        ...

    async def edit_reminder(self, thread: Thread, settings: CommunitySettings) -> None:
        """Show on the posted reminder that the thread is answered (and by whom)."""
        ...

    async def note_on_card(self, thread: Thread, card: Card, settings: CommunitySettings) -> bool:
        """Show the thread's state (waiting since…, or answered by…) on the card of its
        comment, the card's buttons kept; False when that card cannot be edited."""
        ...

    async def send_digest(self, digest: DigestMessage, settings: CommunitySettings) -> None:
        """Post the daily digest (with an undo button per overnight hide)."""
        ...


class Monitoring:
    def __init__(
        self,
        db: Database,
        repos: Repositories,
        clock: Clock,
        config: MonitoringConfig,
        *,
        extra_staff: frozenset[str] = frozenset(),
    ) -> None:
        self.db, self.repos, self.clock, self.config = db, repos, clock, config
        self.state = StateRepository(db, clock.now)
        self.threads = SqlThreadRepository(db)
        self.stats = SqlDailyStatsRepository(db)
        self.tracker = ThreadTracker(db, self.threads, self.state, repos.communities, extra_staff)
        self.aggregator = Aggregator(self.stats, self.threads, repos.communities, clock, config)
        self.chat: MonitoringChat | None = None
        self._sweeping = asyncio.Lock()

    async def settings(self, community_id: str) -> CommunitySettings:
        found = await self.repos.communities.get(community_id)
        if found is None:
            raise UnknownCommunity(f"no community {community_id!r}")
        return found

    def add_staff_source(self, platform: Platform, source: StaffSource) -> None:
        """Who else is staff on `platform` (its side calls this: chat admins, managers)."""
        self.tracker.staff_sources[platform] = source

    # ------------------------------------------------------------ threads

    async def sweep(self) -> int:
        """Bring threads up to date with the records; edit reminders of closed threads.
        One sweep at a time: `/unanswered`, the dashboard and the chores all sweep, and two
        sweeps from one watermark would count the same decisions twice."""
        async with self._sweeping:
            read = await self.tracker.sweep()
            closed = list(self.tracker.closed)
        for thread in closed:
            await self._observe(thread)
            await self._edit_reminder(thread)
        return read

    async def remind(self) -> int:
        """One reminder per thread that has waited `reminder_minutes` of working time."""
        now = self.clock.now()
        after = timedelta(minutes=self.config.reminder_minutes)
        sent = 0
        if self.chat is None:
            return 0
        for thread in await self.threads.unreminded(now - after, limit=1000):
            settings = await self.repos.communities.get(thread.community_id)
            if settings is None or not settings.moderators_chat_id:
                # Nobody to remind: settle it, so it never crowds out threads that have.
                await self.threads.claim_reminder(thread.id, now)
                continue
            if not reminder_due(thread, now, self.aggregator.hours(settings), after):
                continue
            if not await self.threads.claim_reminder(thread.id, now):
                continue
            # The question already has a card (a draft waiting, a held comment): the
            # reminder goes on that card rather than into a second message.
            card = await self.card_of(thread, settings.moderators_chat_id)
            if card is not None and await self._note_on_card(thread, card, settings):
                message_id = str(card.message_id)
            else:
                message_id = await self.chat.post_reminder(thread, settings)
            await self.threads.note_reminder(thread.id, settings.moderators_chat_id, message_id)
            sent += 1
        return sent

    async def card_of(self, thread: Thread, chat_id: str) -> Card | None:
        """The newest card of the thread's comment (any revision) posted in `chat_id`."""
        key = f"{thread.platform}:{thread.chat_id}:{thread.comment_id}:"
        async with self.db.snapshot() as session:
            row = await session.scalar(
                select(CardRow)
                .where(
                    CardRow.community_id == thread.community_id,
                    CardRow.comment_key.startswith(key, autoescape=True),
                    CardRow.chat_id == chat_id,
                    CardRow.message_id.is_not(None),
                )
                .order_by(CardRow.id.desc())
                .limit(1)
            )
            return card_from_row(row) if row is not None else None

    async def _note_on_card(self, thread: Thread, card: Card, settings: CommunitySettings) -> bool:
        assert self.chat is not None
        try:
            return await self.chat.note_on_card(thread, card, settings)
        except Exception:  # the card stays as it was; a reminder message says it instead
            log.exception("putting thread %s on card %s failed", thread.id, card.id)
            return False

    async def close(self, answer: Answer) -> Thread | None:
        """Close the thread `answer` answers (None: no open thread there)."""
        closed = await self.threads.close(answer)
        if closed is not None:
            await self._observe(closed)
            await self._edit_reminder(closed)
        return closed

    async def dismiss(self, thread_id: int, by: str) -> Thread | None:
        """ "No answer needed": close the thread; None when it was closed already."""
        thread = await self.threads.get(thread_id)
        if thread is None or not thread.is_open:
            return None
        answer = Answer(
            thread.platform, thread.chat_id, thread.comment_id, self.clock.now(), by,
            AnswerKind.DISMISSED,
        )  # fmt: skip
        closed = await self.threads.close(answer)
        if closed is not None:
            await self._edit_reminder(closed)
        return closed

    async def _observe(self, thread: Thread) -> None:
        """The answer time of a closed thread, for `/metrics` (dismissed ones have none)."""
        settings = await self.repos.communities.get(thread.community_id)
        if settings is None:
            return
        waited = time_to_answer(thread, self.aggregator.hours(settings))
        if waited is not None:
            TIME_TO_ANSWER.labels(thread.community_id).observe(waited)

    async def _edit_reminder(self, thread: Thread) -> None:
        if thread.reminder_message_id is None or self.chat is None:
            return
        settings = await self.repos.communities.get(thread.community_id)
        if settings is None:
            return
        chat_id, message_id = str(thread.reminder_chat_id), thread.reminder_message_id
        card = await self.repos.cards.by_message(chat_id, message_id)
        if card is not None:  # the reminder went on the comment's card
            await self._note_on_card(thread, card, settings)
            return
        try:
            await self.chat.edit_reminder(thread, settings)
        except Exception:  # the thread is closed either way; the old reminder just stays
            log.exception("editing the reminder of thread %s failed", thread.id)

    async def unanswered(self, community_id: str, limit: int = 30) -> tuple[Thread, ...]:
        await self.sweep()
        return await self.threads.open_threads(community_id, limit)

    # ------------------------------------------------------------ daily aggregates

    async def days(self, community_id: str, count: int) -> tuple[DayStats, ...]:
        """The last `count` local days, today included."""
        settings = await self.settings(community_id)
        today = local_today(self.clock.now(), settings.timezone)
        return await self.span(settings, today - timedelta(days=count - 1), today)

    async def span(
        self, settings: CommunitySettings, first: date, last: date
    ) -> tuple[DayStats, ...]:
        """Every day in [first, last], oldest first. Days never aggregated (the instance
        was off, or they predate the upgrade) are computed once now and stored."""
        community_id = settings.community_id
        count = (last - first).days + 1
        stored = await self.stats.between(community_id, first, last)
        if len(stored) == count:
            return stored
        have = {day.day for day in stored}
        missing = [first + timedelta(days=n) for n in range(count)]
        await self.aggregator.save(settings, [day for day in missing if day not in have])
        return await self.stats.between(community_id, first, last)

    async def refresh(self, community_id: str) -> None:
        """Bring one community's today and yesterday up to date (before a chart is drawn)."""
        await self.sweep()
        settings = await self.settings(community_id)
        today = local_today(self.clock.now(), settings.timezone)
        await self.aggregator.save(settings, [today - timedelta(days=1), today])

    async def aggregate(self, days_back: int = 1) -> int:
        return await self.aggregator.run(days_back)

    async def backfill(self, community_id: str | None = None) -> int:
        await self.sweep()
        return await self.aggregator.backfill(community_id)

    async def recent_log(self, community_id: str, limit: int = 20) -> tuple[LogLine, ...]:
        """What moderation did lately (newest first): the cards' latest states."""
        async with self.db.snapshot() as session:
            rows = (
                await session.execute(
                    select(CardRow.updated_at, CardRow.state, CardRow.handled_by, CardRow.comment)
                    .where(CardRow.community_id == community_id)
                    .order_by(CardRow.updated_at.desc(), CardRow.id.desc())
                    .limit(limit)
                )
            ).all()
        return tuple(
            LogLine(at, state, by or "Kuzet", _author(comment), str(comment.get("text", ""))[:140])
            for at, state, by, comment in rows
        )


@dataclass(frozen=True, slots=True)
class LogLine:
    at: datetime
    state: str
    by: str
    author: str
    text: str


def _author(comment: dict[str, Any]) -> str:
    author = comment.get("author") or {}
    return str(author.get("name") or author.get("username") or author.get("id") or "?")
