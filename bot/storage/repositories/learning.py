"""Strikes, FAQ entries and training samples: what the community teaches the bot."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.engine import Database
from bot.storage.models import FaqRow, StrikeRow, TrainingSampleRow
from bot.storage.repositories.bulk import UnnestInsert, among, insert_rows_ignoring, table_of
from moderation.comment import CommentKey, Platform, UserRef
from moderation.records import FaqEntry, SampleLabel, Strike, TrainingSample


def _of_user(user: UserRef) -> ColumnElement[bool]:
    return and_(
        StrikeRow.platform == str(user.platform),
        StrikeRow.community_id == user.community_id,
        StrikeRow.user_id == user.user_id,
    )


STRIKE_KEY = ("platform", "community_id", "user_id", "comment_key")
STRIKE_COLUMNS = (  # the keys of `strike_values`
    "platform", "community_id", "user_id", "chat_id", "is_channel", "comment_key", "reason", "at",
)  # fmt: skip
_PG_STRIKES = UnnestInsert(
    StrikeRow, STRIKE_COLUMNS, ignore_conflicts_on=STRIKE_KEY, returning=STRIKE_KEY
)


def strike_values(strike: Strike) -> dict[str, Any]:
    return {
        "platform": str(strike.user.platform),
        "community_id": strike.user.community_id,
        "user_id": strike.user.user_id,
        "chat_id": strike.user.chat_id,
        "is_channel": strike.user.is_channel,
        "comment_key": str(strike.comment),
        "reason": strike.reason,
        "at": strike.at,
    }


async def insert_strikes(session: AsyncSession, strikes: Sequence[Strike]) -> list[bool]:
    """Insert the new ones inside the caller's transaction; per strike, whether it was new."""
    rows = [strike_values(s) for s in strikes]
    if not rows:
        return []
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        result = await _PG_STRIKES.execute(connection, rows)
    else:
        statement = insert_rows_ignoring("sqlite", StrikeRow, STRIKE_KEY).returning(
            *(table_of(StrikeRow).c[name] for name in STRIKE_KEY)
        )
        result = await connection.execute(statement, rows)
    inserted = {tuple(row) for row in result}
    new: list[bool] = []
    for row in rows:
        key = tuple(row[name] for name in STRIKE_KEY)
        new.append(key in inserted)
        inserted.discard(key)  # the same strike twice in one call is new once
    return new


def _strike(row: StrikeRow) -> Strike:
    return Strike(
        user=UserRef(
            Platform(row.platform),
            row.community_id,
            row.user_id,
            chat_id=row.chat_id,
            is_channel=row.is_channel,
        ),
        comment=CommentKey.parse(row.comment_key),
        at=row.at,
        reason=row.reason,
    )


class SqlStrikeRepository:
    """`moderation.ports.StrikeRepository` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, strike: Strike) -> bool:
        return (await self.add_many([strike]))[0]

    async def add_many(self, strikes: Sequence[Strike]) -> list[bool]:
        """`add` for many strikes in one statement; per strike, whether it was new."""
        if not strikes:
            return []
        async with self._db.transaction() as session:
            return await insert_strikes(session, strikes)

    async def active(self, user: UserRef, since: datetime) -> tuple[Strike, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(StrikeRow)
                .where(_of_user(user), StrikeRow.at >= since)
                .order_by(StrikeRow.at, StrikeRow.id)
            )
            return tuple(_strike(row) for row in rows)

    async def active_many(
        self, users: Sequence[UserRef], since: datetime
    ) -> dict[tuple[str, str, str], tuple[Strike, ...]]:
        """`active` for many users in one query, by (platform, community_id, user_id)."""
        wanted = {(str(u.platform), u.community_id, u.user_id) for u in users}
        found: dict[tuple[str, str, str], list[Strike]] = {key: [] for key in wanted}
        if not users:
            return {}
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(StrikeRow)
                .where(
                    among(self._db.dialect, StrikeRow.user_id, (u.user_id for u in users)),
                    StrikeRow.at >= since,
                )
                .order_by(StrikeRow.at, StrikeRow.id)
            )
            for row in rows:
                key = (row.platform, row.community_id, row.user_id)
                if key in found:
                    found[key].append(_strike(row))
        return {key: tuple(strikes) for key, strikes in found.items()}

    async def remove(self, user: UserRef, comment: CommentKey) -> bool:
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(StrikeRow).where(_of_user(user), StrikeRow.comment_key == str(comment))
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def clear(self, user: UserRef) -> int:
        async with self._db.transaction() as session:
            result = await session.execute(delete(StrikeRow).where(_of_user(user)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class SqlFaqRepository:
    """`moderation.ports.FaqRepository` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, entry: FaqEntry) -> FaqEntry:
        async with self._db.transaction() as session:
            new_id = await session.scalar(
                insert(FaqRow)
                .values(
                    community_id=entry.community_id,
                    lang=entry.lang,
                    question=entry.question,
                    answer=entry.answer,
                    by=entry.by,
                    at=entry.at,
                )
                .returning(FaqRow.id)
            )
        assert new_id is not None
        return FaqEntry(
            id=new_id,
            community_id=entry.community_id,
            lang=entry.lang,
            question=entry.question,
            answer=entry.answer,
            by=entry.by,
            at=entry.at,
        )

    async def delete(self, community_id: str, faq_id: int) -> bool:
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(FaqRow).where(FaqRow.community_id == community_id, FaqRow.id == faq_id)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def all(self, community_id: str) -> tuple[FaqEntry, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(FaqRow).where(FaqRow.community_id == community_id).order_by(FaqRow.id)
            )
            return tuple(
                FaqEntry(
                    id=row.id,
                    community_id=row.community_id,
                    lang=row.lang,
                    question=row.question,
                    answer=row.answer,
                    by=row.by,
                    at=row.at,
                )
                for row in rows
            )


class SqlTrainingSampleRepository:
    """`moderation.ports.TrainingSampleRepository` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, sample: TrainingSample) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                insert(TrainingSampleRow).values(
                    community_id=sample.community_id,
                    text=sample.text,
                    label=str(sample.label),
                    lang=sample.lang,
                    by=sample.by,
                    at=sample.at,
                    comment_key=str(sample.comment) if sample.comment else None,
                    reply=sample.reply,
                    source=sample.source,
                )
            )

    async def all(self, community_id: str | None = None) -> tuple[TrainingSample, ...]:
        statement = select(TrainingSampleRow).order_by(TrainingSampleRow.id)
        if community_id is not None:
            statement = statement.where(TrainingSampleRow.community_id == community_id)
        async with self._db.snapshot() as session:
            rows = await session.scalars(statement)
            return tuple(
                TrainingSample(
                    text=row.text,
                    label=SampleLabel(row.label),
                    lang=row.lang,
                    community_id=row.community_id,
                    by=row.by,
                    at=row.at,
                    comment=CommentKey.parse(row.comment_key) if row.comment_key else None,
                    reply=row.reply,
                    source=row.source,
                )
                for row in rows
            )
