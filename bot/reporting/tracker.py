"""Keeps the threads to answer in step with what the pipeline recorded.

A sweep reads the decisions recorded since its watermark (open a thread for each question
or complaint, close the thread a staff reply answers) and the reply actions that reached
the platform since the last sweep (an approved draft closes its thread). Reading the
stored records, rather than hooking the pipeline, keeps the worker's hot path untouched,
and replays safely: opening is idempotent per comment and closing is compare-and-set.

Staff are the config's admins, authors the adapter marked as admins or channels, and the
people a platform names as the chat's managers (`StaffSource`: Telegram's group
administrators, VK's community managers), asked only for replies and questions — the
comments whose author's rank decides something.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select

from bot.metrics import COMMUNITY_ACTIONS, COMMUNITY_COMMENTS
from bot.storage.engine import Database
from bot.storage.models import ActionRow, AnalysisRow, CardRow, DecisionRow
from bot.storage.repositories import StateRepository
from bot.storage.repositories.threads import SqlThreadRepository
from moderation.codec import comment_from_dict
from moderation.comment import Comment, CommentKey, Platform
from moderation.decision import Verdict
from moderation.ports import CommunityRepository
from moderation.threads import (
    THREAD_INTENTS,
    Answer,
    AnswerKind,
    Thread,
    answer_of,
    open_thread,
    opens_thread,
)

log = logging.getLogger(__name__)

DECISIONS_MARK = "threads:decision_id"
REPLIES_MARK = "threads:reply_at"
BATCH = 2000


class StaffSource(Protocol):
    """The ids of the people who run the chat a comment was posted in (cached by the
    implementation; a platform that cannot tell answers an empty set and logs it once)."""

    async def staff_ids(self, comment: Comment) -> frozenset[str]: ...


def _count(community: str, platform: str, decided: dict[str, Any] | None) -> None:
    COMMUNITY_COMMENTS.labels(community, platform).inc()
    for action in (decided or {}).get("actions") or ():
        if action.get("execute", True):
            COMMUNITY_ACTIONS.labels(community, str(action.get("kind", "?"))).inc()


class ThreadTracker:
    def __init__(
        self,
        db: Database,
        threads: SqlThreadRepository,
        state: StateRepository,
        communities: CommunityRepository,
        extra_staff: frozenset[str] = frozenset(),
    ) -> None:
        self.db, self.threads, self.state, self.communities = db, threads, state, communities
        self.extra_staff = extra_staff  # e.g. the config's Telegram admins
        self.staff_sources: dict[Platform, StaffSource] = {}  # filled in by the sides
        self.closed: list[Thread] = []  # closed by the last sweep (their reminders need edits)

    async def sweep(self) -> int:
        """Open and close threads from new records; returns how many records were read."""
        self.closed = []
        read = 0
        while True:
            batch = await self._decisions()
            read += batch
            if batch < BATCH:
                break
        read += await self._sent_drafts()
        return read

    async def _decisions(self) -> int:
        mark = int(await self.state.get(DECISIONS_MARK) or 0)
        query = (
            select(
                DecisionRow.id,
                DecisionRow.verdict,
                DecisionRow.comment,
                AnalysisRow.intent,
                DecisionRow.decision,
            )
            .outerjoin(AnalysisRow, AnalysisRow.decision_id == DecisionRow.id)
            .where(DecisionRow.id > mark)
            .order_by(DecisionRow.id)
            .limit(BATCH)
        )
        async with self.db.snapshot() as session:
            rows = (await session.execute(query)).all()
        if not rows:
            return 0
        staff_of = {
            s.community_id: s.admins | self.extra_staff for s in await self.communities.all()
        }
        opened: list[Thread] = []
        answers: list[Answer] = []
        for _id, verdict, raw, intent, decided in rows:
            try:
                comment = comment_from_dict(raw)
            except (KeyError, ValueError) as exc:
                log.warning("threads: decision %s has an unreadable comment: %s", _id, exc)
                continue
            _count(comment.community_id, str(comment.platform), decided)
            staff = staff_of.get(comment.community_id, self.extra_staff)
            if comment.reply_to is not None or (intent or "") in THREAD_INTENTS:
                staff = staff | await self._platform_staff(comment)
            if opens_thread(comment, intent or "", Verdict(verdict), staff):
                opened.append(open_thread(comment, intent or ""))
            answer = answer_of(comment, staff)
            if answer is not None:
                answers.append(answer)
        await self.threads.open_many(opened)
        for answer in answers:
            await self._close(answer)
        await self.state.set(DECISIONS_MARK, str(rows[-1][0]))
        return len(rows)

    async def _platform_staff(self, comment: Comment) -> frozenset[str]:
        source = self.staff_sources.get(comment.platform)
        return await source.staff_ids(comment) if source is not None else frozenset()

    async def _sent_drafts(self) -> int:
        since = await self.state.get(REPLIES_MARK)
        query = select(ActionRow.comment_key, ActionRow.origin, ActionRow.updated_at).where(
            ActionRow.kind == "reply", ActionRow.status == "done"
        )
        if since:
            query = query.where(ActionRow.updated_at >= datetime.fromisoformat(since))
        async with self.db.snapshot() as session:
            rows = (await session.execute(query.order_by(ActionRow.updated_at))).all()
            cards = {}
            for _key, origin, _at in rows:
                if origin.startswith("card:"):
                    card_id = int(origin.split(":")[1])
                    card = await session.get(CardRow, card_id)
                    cards[origin] = (card.handled_by if card else None) or "moderator"
        for key, origin, at in rows:
            comment = CommentKey.parse(key)
            by = cards.get(origin, "moderator")
            answered = at if at.tzinfo else at.replace(tzinfo=UTC)
            await self._close(
                Answer(comment.platform, comment.chat_id, comment.comment_id, answered, by,
                       AnswerKind.DRAFT)
            )  # fmt: skip
        if rows:
            await self.state.set(REPLIES_MARK, rows[-1][2].isoformat())
        return len(rows)

    async def _close(self, answer: Answer) -> Thread | None:
        closed = await self.threads.close(answer)
        if closed is not None:
            self.closed.append(closed)
        return closed
