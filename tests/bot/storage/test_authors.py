"""A batch's authors read at once (one query on PostgreSQL) are what the blacklist, trust
and strike repositories say of each, and nothing of a namesake in another community."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.engine import Database
from bot.storage.repositories import (
    SqlBlacklistRepository,
    SqlStrikeRepository,
    SqlTrustedUserRepository,
)
from bot.storage.repositories.authors import authors_of
from moderation.comment import Platform, UserRef
from moderation.records import BlacklistEntry, Strike, TrustedUser
from tests.bot.storage.conftest import make_comment

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALI = UserRef(Platform.VK, "shop-vk", "100", chat_id="-229", is_channel=False)
BEK = UserRef(Platform.TELEGRAM, "shop-tg", "200", chat_id="-100", is_channel=True)
NAMESAKE = UserRef(Platform.VK, "other-vk", "100", chat_id="-300", is_channel=False)


async def test_authors_are_read_as_the_repositories_read_them(db: Database) -> None:
    blacklist, trusted = SqlBlacklistRepository(db), SqlTrustedUserRepository(db)
    strikes = SqlStrikeRepository(db)
    await blacklist.put(BlacklistEntry(ALI, "спам", "Mira", T0, T0 + timedelta(days=1)))
    await blacklist.put(BlacklistEntry(NAMESAKE, "other", "Mira", T0))
    await trusted.put(TrustedUser(BEK, "Aigul", T0))
    await strikes.add_many(
        [
            Strike(ALI, make_comment("2").key, T0 + timedelta(hours=2), "insult"),
            Strike(ALI, make_comment("1").key, T0 + timedelta(hours=1), "obscene"),
            Strike(ALI, make_comment("0").key, T0 - timedelta(days=9), "old"),
            Strike(NAMESAKE, make_comment("3").key, T0, "namesake"),
        ]
    )
    users = [ALI, BEK]
    found = await authors_of(db, users, T0)
    assert found.blacklisted == await blacklist.get_many(users)
    assert found.trusted == await trusted.get_many(users)
    assert found.strikes == await strikes.active_many(users, T0)
    ali, bek = (str(ALI.platform), "shop-vk", "100"), (str(BEK.platform), "shop-tg", "200")
    assert set(found.blacklisted) == {ali} and set(found.trusted) == {bek}
    assert [s.reason for s in found.strikes[ali]] == ["obscene", "insult"]
    assert found.strikes[bek] == ()
    assert (await authors_of(db, [], T0)).strikes == {}
