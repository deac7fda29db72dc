"""Repository ports served from a `BatchView`'s caches; writes go through to storage and
keep the caches true. Anything not cached is asked of the real repository. (Ports whose
writes are batched in waves live in `wave_writes`.)"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from moderation.comment import CommentKey, UserRef
from moderation.ports import (
    BlacklistRepository,
    CommunityRepository,
    DecisionRepository,
    FaqRepository,
    NewDecision,
    Recorded,
    StrikeRepository,
    TrustedUserRepository,
    WordOverlayRepository,
)
from moderation.records import (
    BlacklistEntry,
    DecisionRecord,
    FaqEntry,
    Strike,
    TrustedUser,
    WordOverlayEntry,
)
from moderation.settings import CommunitySettings

if TYPE_CHECKING:
    from bot.pipeline.batch import BatchView


def _identity(user: UserRef) -> tuple[str, str, str]:
    return (str(user.platform), user.community_id, user.user_id)


class CachedCommunities:
    def __init__(self, base: CommunityRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def get(self, community_id: str) -> CommunitySettings | None:
        if community_id in self._view.settings:
            return self._view.settings[community_id]
        return await self._base.get(community_id)

    async def save(self, settings: CommunitySettings) -> None:
        await self._base.save(settings)
        self._view.settings[settings.community_id] = settings

    async def all(self) -> tuple[CommunitySettings, ...]:
        return await self._base.all()


class CachedWords:
    def __init__(self, base: WordOverlayRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def put(self, entry: WordOverlayEntry) -> None:
        await self._base.put(entry)
        self._view.words.pop(entry.community_id, None)

    async def delete(self, community_id: str, term: str) -> bool:
        self._view.words.pop(community_id, None)
        return await self._base.delete(community_id, term)

    async def all(self, community_id: str) -> tuple[WordOverlayEntry, ...]:
        if community_id not in self._view.words:
            self._view.words[community_id] = await self._base.all(community_id)
        return self._view.words[community_id]


class CachedDecisions:
    def __init__(self, base: DecisionRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def record(self, new: NewDecision) -> Recorded:
        return await self._view.record(new)

    async def get(self, key: CommentKey) -> DecisionRecord | None:
        if key in self._view.decided:
            return self._view.decided[key]
        return await self._base.get(key)

    async def since(self, community_id: str, since: datetime) -> tuple[DecisionRecord, ...]:
        return await self._base.since(community_id, since)


class CachedBlacklist:
    def __init__(self, base: BlacklistRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def put(self, entry: BlacklistEntry) -> None:
        await self._base.put(entry)
        self._view.blacklisted[_identity(entry.user)] = entry

    async def delete(self, user: UserRef) -> bool:
        self._view.blacklisted[_identity(user)] = None
        return await self._base.delete(user)

    async def get(self, user: UserRef) -> BlacklistEntry | None:
        key = _identity(user)
        if key in self._view.blacklisted:
            return self._view.blacklisted[key]
        return await self._base.get(user)


class CachedTrusted:
    def __init__(self, base: TrustedUserRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def put(self, entry: TrustedUser) -> None:
        await self._base.put(entry)
        self._view.trusted[_identity(entry.user)] = entry

    async def delete(self, user: UserRef) -> bool:
        self._view.trusted[_identity(user)] = None
        return await self._base.delete(user)

    async def get(self, user: UserRef) -> TrustedUser | None:
        key = _identity(user)
        if key in self._view.trusted:
            return self._view.trusted[key]
        return await self._base.get(user)

    async def all(self, community_id: str) -> tuple[TrustedUser, ...]:
        return await self._base.all(community_id)


class CachedStrikes:
    def __init__(self, base: StrikeRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def add(self, strike: Strike) -> bool:
        added: bool = await self._view.coalescer.write_grouped(
            "strike.add", strike, self._view.stores.strikes.add_many
        )
        cached = self._view.strikes.get(_identity(strike.user))
        if added and cached is not None:
            cached.append(strike)
        return added

    async def active(self, user: UserRef, since: datetime) -> tuple[Strike, ...]:
        cached = self._view.strikes.get(_identity(user))
        if cached is None or since < self._view.strikes_since:
            return await self._base.active(user, since)
        return tuple(sorted((s for s in cached if s.at >= since), key=lambda s: s.at))

    async def remove(self, user: UserRef, comment: CommentKey) -> bool:
        cached = self._view.strikes.get(_identity(user))
        if cached is not None:
            cached[:] = [s for s in cached if s.comment != comment]
        return await self._base.remove(user, comment)

    async def clear(self, user: UserRef) -> int:
        self._view.strikes.pop(_identity(user), None)
        return await self._base.clear(user)


class CachedFaq:
    """A community's FAQ is read once per batch (every question would read it otherwise)."""

    def __init__(self, base: FaqRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def add(self, entry: FaqEntry) -> FaqEntry:
        self._view.faq.pop(entry.community_id, None)
        return await self._base.add(entry)

    async def delete(self, community_id: str, faq_id: int) -> bool:
        self._view.faq.pop(community_id, None)
        return await self._base.delete(community_id, faq_id)

    async def all(self, community_id: str) -> tuple[FaqEntry, ...]:
        if community_id not in self._view.faq:
            self._view.faq[community_id] = await self._base.all(community_id)
        return self._view.faq[community_id]
