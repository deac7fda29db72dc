"""What a worker batch needs to know about its authors: blacklist entries, trust and
active strikes.

On PostgreSQL it is one query (the three tables' rows in one `UNION ALL`, typed columns,
no ORM) instead of one per table: below the peak a batch holds a handful of comments, so
what a batch costs whatever its size decides the CPU per comment and how long the next
comment waits behind it. SQLite reads the three repositories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.storage.engine import Database
from bot.storage.repositories.learning import SqlStrikeRepository
from bot.storage.repositories.lists import SqlBlacklistRepository, SqlTrustedUserRepository
from moderation.comment import CommentKey, Platform, UserRef
from moderation.records import BlacklistEntry, Strike, TrustedUser

Identity = tuple[str, str, str]  # platform, community id, user id

_AUTHORS = """
SELECT 'blacklist'::TEXT AS kind, platform, community_id, user_id, chat_id, is_channel,
       reason, "by", at, until, NULL::VARCHAR AS comment_key, id
FROM user_blacklist WHERE user_id = ANY($1::VARCHAR[])
UNION ALL
SELECT 'trusted', platform, community_id, user_id, chat_id, is_channel,
       NULL, "by", at, NULL, NULL, id
FROM trusted_users WHERE user_id = ANY($1::VARCHAR[])
UNION ALL
SELECT 'strike', platform, community_id, user_id, chat_id, is_channel,
       reason, NULL, at, NULL, comment_key, id
FROM strikes WHERE user_id = ANY($1::VARCHAR[]) AND at >= $2
"""


@dataclass(frozen=True, slots=True)
class AuthorRecords:
    blacklisted: dict[Identity, BlacklistEntry]
    trusted: dict[Identity, TrustedUser]
    strikes: dict[Identity, tuple[Strike, ...]]  # every author asked for; oldest first


async def authors_of(db: Database, users: Sequence[UserRef], since: datetime) -> AuthorRecords:
    """The records of these authors (strikes from `since` on)."""
    if not users:
        return AuthorRecords({}, {}, {})
    if db.dialect != "postgresql":
        return AuthorRecords(
            await SqlBlacklistRepository(db).get_many(users),
            await SqlTrustedUserRepository(db).get_many(users),
            await SqlStrikeRepository(db).active_many(users, since),
        )
    wanted = {(str(u.platform), u.community_id, u.user_id) for u in users}
    async with db.single_statements(), db.snapshot() as session:
        connection = await session.connection()
        ids = list(dict.fromkeys(u.user_id for u in users))
        rows: list[Any] = list((await connection.exec_driver_sql(_AUTHORS, (ids, since))).all())
    blacklisted: dict[Identity, BlacklistEntry] = {}
    trusted: dict[Identity, TrustedUser] = {}
    struck: dict[Identity, list[tuple[datetime, int, Strike]]] = {key: [] for key in wanted}
    for row in rows:
        kind, platform, community, user_id, chat_id, channel = row[:6]
        reason, by, at, until, comment, row_id = row[6:]
        key = (platform, community, user_id)
        if key not in wanted:
            continue
        user = UserRef(Platform(platform), community, user_id, chat_id=chat_id, is_channel=channel)
        at = at.astimezone(UTC)
        if kind == "blacklist":
            until = until.astimezone(UTC) if until is not None else None
            blacklisted[key] = BlacklistEntry(user=user, reason=reason, by=by, at=at, until=until)
        elif kind == "trusted":
            trusted[key] = TrustedUser(user=user, by=by, at=at)
        else:
            strike = Strike(user=user, comment=CommentKey.parse(comment), at=at, reason=reason)
            struck[key].append((at, row_id, strike))
    strikes = {key: tuple(s for *_, s in sorted(found)) for key, found in struck.items()}
    return AuthorRecords(blacklisted, trusted, strikes)
