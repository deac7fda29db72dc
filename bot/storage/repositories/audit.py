"""The audit log of admin changes: append, and read the newest entries back."""

from __future__ import annotations

from sqlalchemy import insert, select

from bot.storage.engine import Database
from bot.storage.models import AuditRow
from moderation.records import AuditEntry


class SqlAuditLog:
    """`moderation.ports.AuditLog` on SQLAlchemy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, entry: AuditEntry) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                insert(AuditRow).values(
                    community_id=entry.community_id,
                    actor=entry.actor[:128],
                    action=entry.action[:64],
                    detail=entry.detail,
                    params=dict(entry.params),
                    at=entry.at,
                )
            )

    async def recent(self, community_id: str, limit: int) -> tuple[AuditEntry, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(AuditRow)
                .where(AuditRow.community_id == community_id)
                .order_by(AuditRow.at.desc(), AuditRow.id.desc())
                .limit(limit)
            )
            return tuple(
                AuditEntry(
                    community_id=row.community_id,
                    actor=row.actor,
                    action=row.action,
                    detail=row.detail,
                    at=row.at,
                    params=dict(row.params),
                )
                for row in rows
            )
