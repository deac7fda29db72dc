"""Admins' per-community lists: word overlays, blacklisted users and trusted users.

Each `put` replaces the entry with the same identity (the newest edit wins); history lives
in the audit log, written by the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select

from bot.storage.engine import Database
from bot.storage.models import BlacklistRow, TrustedUserRow, WordOverlayRow
from bot.storage.repositories.bulk import among
from bot.storage.upsert import upsert
from classifiers.vocabulary import Category
from moderation.comment import Platform, UserRef
from moderation.records import BlacklistEntry, OverlayMode, TrustedUser, WordOverlayEntry

USER_KEY = ("platform", "community_id", "user_id")


def user_columns(user: UserRef) -> dict[str, Any]:
    return {
        "platform": str(user.platform),
        "community_id": user.community_id,
        "user_id": user.user_id,
        "chat_id": user.chat_id,
        "is_channel": user.is_channel,
    }


def user_from_row(row: BlacklistRow | TrustedUserRow) -> UserRef:
    return UserRef(
        Platform(row.platform),
        row.community_id,
        row.user_id,
        chat_id=row.chat_id,
        is_channel=row.is_channel,
    )


def _is_user(model: type[BlacklistRow] | type[TrustedUserRow], user: UserRef) -> Any:
    return (
        (model.platform == str(user.platform))
        & (model.community_id == user.community_id)
        & (model.user_id == user.user_id)
    )


def _identity(user: UserRef) -> tuple[str, str, str]:
    return (str(user.platform), user.community_id, user.user_id)


async def _rows_of_users(
    db: Database, model: type[BlacklistRow | TrustedUserRow], users: Sequence[UserRef]
) -> list[Any]:
    """Rows of these users in one query (user ids are few per batch; identity checked after)."""
    wanted = {_identity(user) for user in users}
    async with db.snapshot() as session:
        rows: Any = await session.scalars(
            select(model).where(among(db.dialect, model.user_id, (u.user_id for u in users)))
        )
        return [row for row in rows if (row.platform, row.community_id, row.user_id) in wanted]


class SqlWordOverlayRepository:
    """`moderation.ports.WordOverlayRepository` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def put(self, entry: WordOverlayEntry) -> None:
        values = {
            "community_id": entry.community_id,
            "term": entry.term,
            "mode": str(entry.mode),
            "category": str(entry.category),
            "severity": entry.severity,
            "by": entry.by,
            "at": entry.at,
        }
        async with self._db.transaction() as session:
            await session.execute(
                upsert(self._db.dialect, WordOverlayRow, values, keys=("community_id", "term"))
            )

    async def delete(self, community_id: str, term: str) -> bool:
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(WordOverlayRow).where(
                    WordOverlayRow.community_id == community_id, WordOverlayRow.term == term
                )
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def all(self, community_id: str) -> tuple[WordOverlayEntry, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(WordOverlayRow)
                .where(WordOverlayRow.community_id == community_id)
                .order_by(WordOverlayRow.term)
            )
            return tuple(
                WordOverlayEntry(
                    community_id=row.community_id,
                    term=row.term,
                    mode=OverlayMode(row.mode),
                    by=row.by,
                    at=row.at,
                    category=Category(row.category),
                    severity=row.severity,
                )
                for row in rows
            )


class SqlBlacklistRepository:
    """`moderation.ports.BlacklistRepository` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def put(self, entry: BlacklistEntry) -> None:
        values = {
            **user_columns(entry.user),
            "reason": entry.reason,
            "by": entry.by,
            "at": entry.at,
            "until": entry.until,
        }
        async with self._db.transaction() as session:
            await session.execute(upsert(self._db.dialect, BlacklistRow, values, keys=USER_KEY))

    async def delete(self, user: UserRef) -> bool:
        async with self._db.transaction() as session:
            result = await session.execute(delete(BlacklistRow).where(_is_user(BlacklistRow, user)))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def get(self, user: UserRef) -> BlacklistEntry | None:
        async with self._db.snapshot() as session:
            row = await session.scalar(select(BlacklistRow).where(_is_user(BlacklistRow, user)))
            if row is None:
                return None
            return _blacklisted(row)

    async def get_many(
        self, users: Sequence[UserRef]
    ) -> dict[tuple[str, str, str], BlacklistEntry]:
        """Entries of these users by (platform, community_id, user_id), in one query."""
        rows = await _rows_of_users(self._db, BlacklistRow, users) if users else []
        return {(r.platform, r.community_id, r.user_id): _blacklisted(r) for r in rows}


def _blacklisted(row: BlacklistRow) -> BlacklistEntry:
    return BlacklistEntry(
        user=user_from_row(row), reason=row.reason, by=row.by, at=row.at, until=row.until
    )


class SqlTrustedUserRepository:
    """`moderation.ports.TrustedUserRepository` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def put(self, entry: TrustedUser) -> None:
        values = {**user_columns(entry.user), "by": entry.by, "at": entry.at}
        async with self._db.transaction() as session:
            await session.execute(upsert(self._db.dialect, TrustedUserRow, values, keys=USER_KEY))

    async def delete(self, user: UserRef) -> bool:
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(TrustedUserRow).where(_is_user(TrustedUserRow, user))
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def get(self, user: UserRef) -> TrustedUser | None:
        async with self._db.snapshot() as session:
            row = await session.scalar(select(TrustedUserRow).where(_is_user(TrustedUserRow, user)))
            return _trusted(row) if row is not None else None

    async def get_many(self, users: Sequence[UserRef]) -> dict[tuple[str, str, str], TrustedUser]:
        """Entries of these users by (platform, community_id, user_id), in one query."""
        rows = await _rows_of_users(self._db, TrustedUserRow, users) if users else []
        return {(r.platform, r.community_id, r.user_id): _trusted(r) for r in rows}

    async def all(self, community_id: str) -> tuple[TrustedUser, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(TrustedUserRow)
                .where(TrustedUserRow.community_id == community_id)
                .order_by(TrustedUserRow.id)
            )
            return tuple(_trusted(row) for row in rows)


def _trusted(row: TrustedUserRow) -> TrustedUser:
    return TrustedUser(user=user_from_row(row), by=row.by, at=row.at)
