"""In-memory fakes of the moderation ports (cosmicpython style) for the domain's tests.

Each method yields to the event loop once, so concurrent tasks really interleave (that is
what the approval-race test needs). Storage's real repositories are tested in tests/bot.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from moderation.comment import Comment, CommentKey, UserRef
from moderation.decision import Action
from moderation.ports import Digest, NewDecision, Recorded, Repositories
from moderation.records import (
    ActionRecord,
    ActionStatus,
    AttemptStart,
    AuditEntry,
    BlacklistEntry,
    Card,
    CardState,
    DecisionRecord,
    FaqEntry,
    Strike,
    TrainingSample,
    TrustedUser,
    WordOverlayEntry,
)
from moderation.settings import CommunitySettings


def _user_key(user: UserRef) -> tuple[str, str, str]:
    return (str(user.platform), user.community_id, user.user_id)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class MemoryCommunities:
    def __init__(self) -> None:
        self.items: dict[str, CommunitySettings] = {}

    async def get(self, community_id: str) -> CommunitySettings | None:
        await asyncio.sleep(0)
        return self.items.get(community_id)

    async def save(self, settings: CommunitySettings) -> None:
        await asyncio.sleep(0)
        self.items[settings.community_id] = settings

    async def all(self) -> tuple[CommunitySettings, ...]:
        return tuple(self.items.values())


class MemoryActions:
    def __init__(self) -> None:
        self.items: dict[str, ActionRecord] = {}
        self.in_flight: set[str] = set()

    async def begin_attempt(self, idempotency_key: str, at: datetime) -> AttemptStart:
        await asyncio.sleep(0)
        record = self.items[idempotency_key]
        if record.status in (ActionStatus.DONE, ActionStatus.SKIPPED):
            return AttemptStart.FINAL
        if idempotency_key in self.in_flight:
            return AttemptStart.BUSY
        self.in_flight.add(idempotency_key)
        return AttemptStart.STARTED

    async def add(self, action: Action, at: datetime) -> ActionRecord:
        await asyncio.sleep(0)
        key = action.idempotency_key
        if key not in self.items:
            status = ActionStatus.PENDING if action.execute else ActionStatus.SKIPPED
            self.items[key] = ActionRecord(action, status, 0, None, at)
        return self.items[key]

    async def get(self, idempotency_key: str) -> ActionRecord | None:
        return self.items.get(idempotency_key)

    async def update(
        self,
        idempotency_key: str,
        status: ActionStatus,
        *,
        at: datetime,
        error: str | None = None,
        result: str | None = None,
    ) -> ActionRecord:
        await asyncio.sleep(0)
        self.in_flight.discard(idempotency_key)
        old = self.items[idempotency_key]
        attempts = old.attempts + (1 if status in (ActionStatus.DONE, ActionStatus.FAILED) else 0)
        new = replace(
            old, status=status, attempts=attempts, last_error=error, updated_at=at, result=result
        )
        self.items[idempotency_key] = new
        return new

    async def for_comment(self, key: CommentKey) -> tuple[ActionRecord, ...]:
        return tuple(r for r in self.items.values() if r.action.comment == key)

    async def retryable(self, max_attempts: int, limit: int) -> tuple[ActionRecord, ...]:
        found = [
            r
            for r in self.items.values()
            if r.status in (ActionStatus.PENDING, ActionStatus.FAILED) and r.attempts < max_attempts
        ]
        return tuple(sorted(found, key=lambda r: r.updated_at)[:limit])


class MemoryCards:
    def __init__(self) -> None:
        self.items: dict[int, Card] = {}
        self._ids = itertools.count(1)
        self.claimed: set[int] = set()

    async def claim(self, card_id: int, at: datetime) -> bool:
        await asyncio.sleep(0)
        card = self.items.get(card_id)
        if card is None or card.message_id is not None or card_id in self.claimed:
            return False
        self.claimed.add(card_id)
        return True

    async def posted(self, card_id: int, message_id: str | None) -> int | None:
        await asyncio.sleep(0)
        self.claimed.discard(card_id)
        if message_id is not None:
            self.items[card_id] = replace(self.items[card_id], message_id=message_id)
        return self.items[card_id].version

    async def add(self, card: Card) -> Card:
        await asyncio.sleep(0)
        stored = replace(card, id=next(self._ids), version=0)
        self.items[stored.id] = stored
        return stored

    async def get(self, card_id: int) -> Card | None:
        await asyncio.sleep(0)
        return self.items.get(card_id)

    async def by_message(self, chat_id: str, message_id: str) -> Card | None:
        for card in self.items.values():
            if card.chat_id == chat_id and card.message_id == message_id:
                return card
        return None

    async def save(self, card: Card) -> Card | None:
        await asyncio.sleep(0)
        current = self.items.get(card.id)
        if current is None or current.version != card.version:
            return None
        stored = replace(card, version=card.version + 1)
        self.items[card.id] = stored
        return stored

    async def due(self, now: datetime, limit: int) -> tuple[Card, ...]:
        found = [
            c
            for c in self.items.values()
            if c.message_id is None
            and c.id not in self.claimed
            and c.chat_id is not None
            and (c.deliver_after is None or c.deliver_after <= now)
        ]
        return tuple(sorted(found, key=lambda c: c.created_at)[:limit])

    async def open(self, community_id: str, before: datetime) -> tuple[Card, ...]:
        return tuple(
            c
            for c in self.items.values()
            if c.community_id == community_id
            and c.state in (CardState.PENDING, CardState.HELD)
            and c.created_at < before
        )


class MemoryDecisions:
    def __init__(self, actions: MemoryActions, cards: MemoryCards) -> None:
        self.items: dict[CommentKey, DecisionRecord] = {}
        self._actions = actions
        self._cards = cards
        self._ids = itertools.count(1)
        self.card_of: dict[CommentKey, Card] = {}

    async def record(self, new: NewDecision) -> Recorded:
        await asyncio.sleep(0)
        key = new.comment.key
        if key in self.items:
            stored = self.items[key]
            actions = await self._actions.for_comment(key)
            card = self.card_of.get(key)
            card = self._cards.items.get(card.id) if card else None
            return Recorded(stored, actions, card, created=False)
        record = DecisionRecord(
            next(self._ids), new.comment, new.decision, new.analysis, new.versions, new.at
        )
        self.items[key] = record
        actions = tuple([await self._actions.add(a, new.at) for a in new.decision.actions])
        card = await self._cards.add(new.card) if new.card else None
        if card is not None:
            self.card_of[key] = card
        return Recorded(record, actions, card, created=True)

    async def get(self, key: CommentKey) -> DecisionRecord | None:
        await asyncio.sleep(0)
        return self.items.get(key)

    async def since(self, community_id: str, since: datetime) -> tuple[DecisionRecord, ...]:
        return tuple(
            r
            for r in self.items.values()
            if r.comment.community_id == community_id and r.created_at >= since
        )


class MemoryWords:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], WordOverlayEntry] = {}

    async def put(self, entry: WordOverlayEntry) -> None:
        self.items[(entry.community_id, entry.term)] = entry

    async def delete(self, community_id: str, term: str) -> bool:
        return self.items.pop((community_id, term), None) is not None

    async def all(self, community_id: str) -> tuple[WordOverlayEntry, ...]:
        return tuple(e for (c, _), e in self.items.items() if c == community_id)


class MemoryBlacklist:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], BlacklistEntry] = {}

    async def put(self, entry: BlacklistEntry) -> None:
        self.items[_user_key(entry.user)] = entry

    async def delete(self, user: UserRef) -> bool:
        return self.items.pop(_user_key(user), None) is not None

    async def get(self, user: UserRef) -> BlacklistEntry | None:
        return self.items.get(_user_key(user))


class MemoryTrusted:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], TrustedUser] = {}

    async def put(self, entry: TrustedUser) -> None:
        self.items[_user_key(entry.user)] = entry

    async def delete(self, user: UserRef) -> bool:
        return self.items.pop(_user_key(user), None) is not None

    async def get(self, user: UserRef) -> TrustedUser | None:
        return self.items.get(_user_key(user))

    async def all(self, community_id: str) -> tuple[TrustedUser, ...]:
        return tuple(t for t in self.items.values() if t.user.community_id == community_id)


class MemoryStrikes:
    def __init__(self) -> None:
        self.items: dict[tuple[tuple[str, str, str], CommentKey], Strike] = {}

    async def add(self, strike: Strike) -> bool:
        key = (_user_key(strike.user), strike.comment)
        if key in self.items:
            return False
        self.items[key] = strike
        return True

    async def active(self, user: UserRef, since: datetime) -> tuple[Strike, ...]:
        found = [s for (u, _), s in self.items.items() if u == _user_key(user) and s.at >= since]
        return tuple(sorted(found, key=lambda s: s.at))

    async def remove(self, user: UserRef, comment: CommentKey) -> bool:
        return self.items.pop((_user_key(user), comment), None) is not None

    async def clear(self, user: UserRef) -> int:
        keys = [k for k in self.items if k[0] == _user_key(user)]
        for k in keys:
            del self.items[k]
        return len(keys)


class MemoryFaq:
    def __init__(self) -> None:
        self.items: dict[int, FaqEntry] = {}
        self._ids = itertools.count(1)

    async def add(self, entry: FaqEntry) -> FaqEntry:
        stored = replace(entry, id=next(self._ids))
        self.items[stored.id] = stored
        return stored

    async def delete(self, community_id: str, faq_id: int) -> bool:
        entry = self.items.get(faq_id)
        if entry is None or entry.community_id != community_id:
            return False
        del self.items[faq_id]
        return True

    async def all(self, community_id: str) -> tuple[FaqEntry, ...]:
        return tuple(e for e in self.items.values() if e.community_id == community_id)


class MemorySamples:
    def __init__(self) -> None:
        self.items: list[TrainingSample] = []

    async def add(self, sample: TrainingSample) -> None:
        self.items.append(sample)

    async def all(self, community_id: str | None = None) -> tuple[TrainingSample, ...]:
        return tuple(s for s in self.items if community_id in (None, s.community_id))


class MemoryAudit:
    def __init__(self) -> None:
        self.items: list[AuditEntry] = []

    async def add(self, entry: AuditEntry) -> None:
        self.items.append(entry)

    async def recent(self, community_id: str, limit: int) -> tuple[AuditEntry, ...]:
        mine = [e for e in self.items if e.community_id == community_id]
        return tuple(reversed(mine))[:limit]


def memory_repositories() -> Repositories:
    actions, cards = MemoryActions(), MemoryCards()
    return Repositories(
        communities=MemoryCommunities(),
        decisions=MemoryDecisions(actions, cards),
        actions=actions,
        cards=cards,
        words=MemoryWords(),
        blacklist=MemoryBlacklist(),
        trusted=MemoryTrusted(),
        strikes=MemoryStrikes(),
        faq=MemoryFaq(),
        samples=MemorySamples(),
        audit=MemoryAudit(),
    )


@dataclass
class RecordingGateway:
    """Records every call; `fail` makes the named operations raise (a platform outage)."""

    calls: list[tuple[str, str]] = field(default_factory=list)
    fail: set[str] = field(default_factory=set)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def _call(self, name: str, target: str) -> None:
        if name in self.fail:
            raise ConnectionError(f"{name} is down")
        self.calls.append((name, target))

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        await asyncio.sleep(0)
        self._call("hide", comment.comment_id)

    async def restore(self, comment: Comment) -> str | None:
        self._call("restore", comment.comment_id)
        return None

    async def ban(self, user: UserRef, until: datetime | None) -> None:
        self._call("ban", user.user_id)

    async def unban(self, user: UserRef) -> None:
        self._call("unban", user.user_id)

    async def mute(self, user: UserRef, until: datetime) -> None:
        self._call("mute", user.user_id)

    async def reply(self, comment: Comment, text: str) -> str:
        self._call("reply", text)
        return str(next(self._ids))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@dataclass
class RecordingNotifier:
    posted: list[Card] = field(default_factory=list)
    edited: list[Card] = field(default_factory=list)
    digests: list[Digest] = field(default_factory=list)
    down: bool = False

    async def post_card(self, card: Card) -> str:
        if self.down:
            raise ConnectionError("telegram is down")
        self.posted.append(card)
        return f"m{len(self.posted)}"

    async def edit_card(self, card: Card) -> None:
        self.edited.append(card)

    async def send_digest(self, digest: Digest) -> None:
        self.digests.append(digest)


UTC_NOON = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # 12:00 in Almaty (UTC+5)
