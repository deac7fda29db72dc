"""Communities and their settings, stored as the `moderation.codec` JSON document."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.clock import Clock, utcnow
from bot.storage.engine import Database
from bot.storage.models import CommunityRow
from bot.storage.upsert import insert_for
from moderation.codec import settings_from_dict, settings_to_dict
from moderation.settings import CommunitySettings


class SqlCommunityRepository:
    """`moderation.ports.CommunityRepository` on SQLAlchemy."""

    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def get(self, community_id: str) -> CommunitySettings | None:
        async with self._db.snapshot() as session:
            document = await session.scalar(
                select(CommunityRow.settings).where(CommunityRow.id == community_id)
            )
        return settings_from_dict(document) if document is not None else None

    async def save(self, settings: CommunitySettings) -> None:
        now = self._clock()
        values = {
            "id": settings.community_id,
            "platform": str(settings.platform),
            "name": settings.name[:256],
            "settings": settings_to_dict(settings),
            "created_at": now,
            "updated_at": now,
        }
        statement = insert_for(self._db.dialect, CommunityRow).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["id"],
            set_={
                name: statement.excluded[name]
                for name in ("platform", "name", "settings", "updated_at")
            },
        )
        async with self._db.transaction() as session:
            await session.execute(statement)

    async def all(self) -> tuple[CommunitySettings, ...]:
        async with self._db.snapshot() as session:
            documents = await session.scalars(
                select(CommunityRow.settings).order_by(CommunityRow.id)
            )
            return tuple(settings_from_dict(document) for document in documents)
