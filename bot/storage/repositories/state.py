"""Durable cursors of the platform adapters (Telegram update offset, VK Long Poll ts) and
their "already handled" marks, which `prune` drops once no re-delivery can come."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.storage.clock import Clock, utcnow
from bot.storage.engine import Database
from bot.storage.models import KeyValueRow
from bot.storage.upsert import upsert


class StateRepository:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def get(self, key: str) -> str | None:
        async with self._db.snapshot() as session:
            return await session.scalar(select(KeyValueRow.value).where(KeyValueRow.key == key))

    async def set(self, key: str, value: str) -> None:
        async with self._db.transaction() as session:
            await session.execute(
                upsert(
                    self._db.dialect,
                    KeyValueRow,
                    {"key": key, "value": value, "updated_at": self._clock()},
                    keys=("key",),
                )
            )

    async def prune(self, prefix: str, before: datetime) -> int:
        """Delete the keys starting with `prefix` last set before `before`; how many went."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(KeyValueRow).where(
                    KeyValueRow.key.like(pattern, escape="\\"), KeyValueRow.updated_at < before
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)
