"""The batch inserts (`UnnestInsert` on PostgreSQL, multi-row VALUES on SQLite) keep the
semantics of a plain INSERT: a key twice in one call is new once, and on PostgreSQL a value
too long for its column fails instead of being cut short by the array cast."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from bot.storage.engine import Database
from bot.storage.repositories import SqlStrikeRepository
from moderation.comment import Platform, UserRef
from moderation.records import Strike
from tests.bot.storage.conftest import make_comment

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALI = UserRef(Platform.VK, "shop-vk", "100", chat_id="-229", is_channel=False)


async def test_a_batch_with_repeats_and_old_keys_is_new_once(db: Database) -> None:
    strikes = SqlStrikeRepository(db)
    first = Strike(ALI, make_comment("1").key, T0, "obscene")
    assert await strikes.add_many([first]) == [True]
    again = [first, Strike(ALI, make_comment("2").key, T0, "спам «ё»"), first]
    assert await strikes.add_many([*again, Strike(ALI, make_comment("2").key, T0)]) == [
        False,
        True,
        False,
        False,
    ]
    stored = await strikes.active(ALI, T0)
    assert [(s.comment, s.reason) for s in stored] == [
        (make_comment("1").key, "obscene"),
        (make_comment("2").key, "спам «ё»"),
    ]
    assert all(s.at == T0 for s in stored)


@pytest.mark.postgres
async def test_too_long_a_value_fails_rather_than_being_cut(postgres_url: str) -> None:
    from bot.storage import migrate

    await migrate.upgrade(postgres_url)
    async with Database(postgres_url) as db:
        long_id = UserRef(Platform.VK, "shop-vk", "9" * 65)  # user_id is VARCHAR(64)
        with pytest.raises(DBAPIError):
            await SqlStrikeRepository(db).add_many([Strike(long_id, make_comment("1").key, T0)])
        assert await SqlStrikeRepository(db).active(long_id, T0) == ()
