"""Threads to answer: open (idempotent per comment), close once, list, remind once.

Closing is compare-and-set on `answered_at IS NULL`: of a sent draft and a staff reply
arriving together, the first one is the answer and the second changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from bot.storage.engine import Database
from bot.storage.models import ThreadRow
from bot.storage.repositories.bulk import insert_rows_ignoring
from moderation.comment import Platform
from moderation.threads import Answer, AnswerKind, Thread

_KEY = ("platform", "chat_id", "comment_id")


def _thread(row: ThreadRow) -> Thread:
    return Thread(
        id=row.id,
        community_id=row.community_id,
        platform=Platform(row.platform),
        chat_id=row.chat_id,
        comment_id=row.comment_id,
        post_id=row.post_id,
        author=row.author,
        text=row.text,
        intent=row.intent,
        link=row.link,
        opened_at=row.opened_at,
        answered_at=row.answered_at,
        answered_by=row.answered_by,
        answer_kind=AnswerKind(row.answer_kind) if row.answer_kind else None,
        reminded_at=row.reminded_at,
        reminder_chat_id=row.reminder_chat_id,
        reminder_message_id=row.reminder_message_id,
    )


def _values(thread: Thread) -> dict[str, Any]:
    return {
        "community_id": thread.community_id,
        "platform": str(thread.platform),
        "chat_id": thread.chat_id,
        "comment_id": thread.comment_id,
        "post_id": thread.post_id,
        "author": thread.author[:255],
        "text": thread.text,
        "intent": thread.intent,
        "link": thread.link[:512],
        "opened_at": thread.opened_at,
    }


class SqlThreadRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def open_many(self, threads: Sequence[Thread]) -> None:
        """Insert new threads; a comment that already has one keeps it."""
        if not threads:
            return
        statement = insert_rows_ignoring(self._db.dialect, ThreadRow, _KEY)
        async with self._db.transaction() as session:
            await session.execute(statement, [_values(t) for t in threads])

    async def close(self, answer: Answer) -> Thread | None:
        """Mark the thread of the answered comment answered; None if none or closed before."""
        where = (
            ThreadRow.platform == str(answer.platform),
            ThreadRow.chat_id == answer.chat_id,
            ThreadRow.comment_id == answer.comment_id,
            ThreadRow.answered_at.is_(None),
        )
        async with self._db.transaction() as session:
            row = await session.scalar(select(ThreadRow).where(*where))
            if row is None:
                return None
            # An answer cannot come before its question (clock skew between platforms).
            at = max(answer.at, row.opened_at)
            done = await session.execute(
                update(ThreadRow)
                .where(ThreadRow.id == row.id, ThreadRow.answered_at.is_(None))
                .values(answered_at=at, answered_by=answer.by[:255], answer_kind=str(answer.kind))
            )
            if getattr(done, "rowcount", 0) != 1:
                return None
            await session.refresh(row)
            return _thread(row)

    async def get(self, thread_id: int) -> Thread | None:
        async with self._db.snapshot() as session:
            row = await session.get(ThreadRow, thread_id)
            return _thread(row) if row is not None else None

    async def open_threads(self, community_id: str, limit: int = 50) -> tuple[Thread, ...]:
        """Open threads, oldest first."""
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ThreadRow)
                .where(ThreadRow.community_id == community_id, ThreadRow.answered_at.is_(None))
                .order_by(ThreadRow.opened_at, ThreadRow.id)
                .limit(limit)
            )
            return tuple(_thread(row) for row in rows)

    async def count_open(self, community_id: str) -> int:
        async with self._db.snapshot() as session:
            found = await session.scalar(
                select(func.count())
                .select_from(ThreadRow)
                .where(ThreadRow.community_id == community_id, ThreadRow.answered_at.is_(None))
            )
            return int(found or 0)

    async def unreminded(self, opened_before: datetime, limit: int = 200) -> tuple[Thread, ...]:
        """Open threads never reminded of, opened before the given moment (any community)."""
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ThreadRow)
                .where(
                    ThreadRow.answered_at.is_(None),
                    ThreadRow.reminded_at.is_(None),
                    ThreadRow.opened_at <= opened_before,
                )
                .order_by(ThreadRow.opened_at, ThreadRow.id)
                .limit(limit)
            )
            return tuple(_thread(row) for row in rows)

    async def claim_reminder(self, thread_id: int, at: datetime) -> bool:
        """Claim the one reminder of a thread before posting it; False when another
        instance (or an earlier tick) claimed it first — a crash then loses one reminder
        rather than sending two."""
        async with self._db.transaction() as session:
            done = await session.execute(
                update(ThreadRow)
                .where(ThreadRow.id == thread_id, ThreadRow.reminded_at.is_(None))
                .values(reminded_at=at)
            )
            return getattr(done, "rowcount", 0) == 1

    async def note_reminder(self, thread_id: int, chat_id: str, message_id: str) -> None:
        """Where the reminder was posted, so closing the thread can edit it."""
        async with self._db.transaction() as session:
            await session.execute(
                update(ThreadRow)
                .where(ThreadRow.id == thread_id)
                .values(reminder_chat_id=chat_id, reminder_message_id=message_id)
            )

    async def opened_between(
        self, community_id: str, start: datetime, end: datetime
    ) -> tuple[Thread, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ThreadRow)
                .where(
                    ThreadRow.community_id == community_id,
                    ThreadRow.opened_at >= start,
                    ThreadRow.opened_at < end,
                )
                .order_by(ThreadRow.opened_at, ThreadRow.id)
            )
            return tuple(_thread(row) for row in rows)
