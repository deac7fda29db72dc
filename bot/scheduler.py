"""Timed chores of a running instance: morning release of night cards, retries of failed
actions, draft expiry and the morning digest.

Each chore is idempotent (the service's own guarantees), so a tick that runs twice — two
instances, or a restart mid-tick — does no harm. The digest is sent once per community per
night: the night it covers is remembered in the key-value state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from bot.pipeline.faults import Chore, run_chores
from bot.storage.repositories import StateRepository
from moderation.night import last_night
from moderation.ports import Clock, CommunityRepository
from moderation.service import ModerationService

log = logging.getLogger(__name__)

DRAFT_LIFETIME = timedelta(days=3)
# Telegram re-delivers an unconfirmed update for at most 24 hours; a "handled" mark older
# than this can never be needed again.
DONE_MARK_LIFETIME = timedelta(days=2)
DONE_MARK_PREFIX = "tg:done:"


class Scheduler:
    def __init__(
        self,
        service: ModerationService,
        communities: CommunityRepository,
        state: StateRepository,
        clock: Clock,
        interval: float = 30.0,
        release: Callable[[], Awaitable[object]] | None = None,
        extra_chores: Sequence[Chore] = (),
    ) -> None:
        self.service = service
        self.communities = communities
        self.state = state
        self.clock = clock
        self.interval = interval
        # Posting due cards: the outbox's pass when the app has one (it claims each card
        # and waits for the hide's outcome), else the service's own.
        self.release = release or service.release_due
        self.extra_chores = tuple(extra_chores)  # e.g. the optional weekly learning

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.tick()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)

    async def tick(self) -> None:
        """One round of every chore; a failing chore is logged and the others still run."""
        chores: list[Chore] = [
            ("release", self.release),
            ("retry", self.service.retry_due),
            ("digests", self.digests),
            ("expiry", self.expire),
            ("marks", self.prune_marks),
            *self.extra_chores,
        ]
        await run_chores("scheduled", chores, log)

    async def digests(self) -> int:
        sent = 0
        now = self.clock.now()
        for settings in await self.communities.all():
            if not settings.night.enabled or not settings.moderators_chat_id:
                continue
            _since, until = last_night(settings.night, now)
            if now < until:
                continue
            key = f"digest:{settings.community_id}"
            if await self.state.get(key) == until.isoformat():
                continue
            await self.service.send_digest(settings.community_id)
            await self.state.set(key, until.isoformat())
            sent += 1
        return sent

    async def prune_marks(self) -> int:
        """Drop the platform adapters' old "already handled" marks (bounded state table)."""
        return await self.state.prune(DONE_MARK_PREFIX, self.clock.now() - DONE_MARK_LIFETIME)

    async def expire(self) -> int:
        expired = 0
        for settings in await self.communities.all():
            expired += len(await self.service.expire_drafts(settings.community_id, DRAFT_LIFETIME))
        return expired
