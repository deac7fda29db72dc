"""The ports through which the moderation core reaches the world (typing.Protocol).

The shell implements them: `bot.telegram`/`bot.vk` the gateway (a router picks the
platform from `comment.platform`/`user.platform`), `bot.telegram` the notifier, and
`bot.storage` the repositories. Repositories return the frozen values of
`moderation.records`, run one transaction per method, and identify users by
`(platform, community_id, user_id)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from moderation.comment import Comment, CommentKey, UserRef
from moderation.decision import Action, Decision, Verdict
from moderation.records import (
    ActionRecord,
    ActionStatus,
    AttemptStart,
    AuditEntry,
    BlacklistEntry,
    Card,
    DecisionRecord,
    FaqEntry,
    Strike,
    TrainingSample,
    TrustedUser,
    WordOverlayEntry,
)
from moderation.settings import CommunitySettings

# ---------------------------------------------------------------- platform and chat


class PlatformGateway(Protocol):
    """Side effects on Telegram/VK. Every method raises on failure (the adapter maps
    platform errors to its own exceptions); the service records the outcome."""

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        """Hide (Telegram: delete) the comment; with `reposted` also a re-post the bot made
        when a moderator restored it. An automatic hide passes False: a comment can be
        restored only after its automatic hide is confirmed, so there is no re-post yet
        (and nothing needs reading)."""
        ...

    async def restore(self, comment: Comment) -> str | None:
        """Undo a hide; returns the new message id when the platform re-posts (Telegram)."""
        ...

    async def ban(self, user: UserRef, until: datetime | None) -> None: ...

    async def unban(self, user: UserRef) -> None: ...

    async def mute(self, user: UserRef, until: datetime) -> None: ...

    async def reply(self, comment: Comment, text: str) -> str:
        """Post `text` as a reply to `comment`; returns the new message/comment id."""
        ...


@dataclass(frozen=True, slots=True)
class Digest:
    """The morning summary for one community's moderators' chat."""

    community_id: str
    chat_id: str
    since: datetime
    until: datetime
    counts: Mapping[Verdict, int]
    queued: tuple[Card, ...] = ()  # cards that waited for the morning
    failures: int = 0
    ui_lang: str = "ru"
    extra: Mapping[str, int] = field(default_factory=dict)


class ModeratorNotifier(Protocol):
    """The moderators' Telegram chat: cards with buttons and digests."""

    async def post_card(self, card: Card) -> str:
        """Post a card to `card.chat_id`; returns the message id."""
        ...

    async def edit_card(self, card: Card) -> None:
        """Re-render a posted card (state, who handled it, failures)."""
        ...

    async def send_digest(self, digest: Digest) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


# ---------------------------------------------------------------- repositories


@dataclass(frozen=True, slots=True)
class NewDecision:
    """Everything recorded in one transaction after `decide`."""

    comment: Comment
    decision: Decision
    analysis: Mapping[str, object]
    versions: Mapping[str, str]
    card: Card | None  # with id 0; storage assigns it
    at: datetime


@dataclass(frozen=True, slots=True)
class Recorded:
    decision: DecisionRecord
    actions: tuple[ActionRecord, ...]
    card: Card | None
    created: bool  # False: this comment revision was recorded before (a re-delivery)


class CommunityRepository(Protocol):
    async def get(self, community_id: str) -> CommunitySettings | None: ...

    async def save(self, settings: CommunitySettings) -> None:
        """Insert or replace by community_id."""
        ...

    async def all(self) -> tuple[CommunitySettings, ...]: ...


class DecisionRepository(Protocol):
    async def record(self, new: NewDecision) -> Recorded:
        """One transaction: the decision, its actions (PENDING, or SKIPPED when
        `action.execute` is False) and the card. If a decision for `new.comment.key`
        exists, nothing is written and the stored one comes back with created=False."""
        ...

    async def get(self, key: CommentKey) -> DecisionRecord | None: ...

    async def since(self, community_id: str, since: datetime) -> tuple[DecisionRecord, ...]:
        """Decisions recorded at or after `since`, oldest first (digests, reports)."""
        ...


class ActionRepository(Protocol):
    async def add(self, action: Action, at: datetime) -> ActionRecord:
        """Insert if the idempotency key is new; otherwise return the stored record."""
        ...

    async def get(self, idempotency_key: str) -> ActionRecord | None: ...

    async def update(
        self,
        idempotency_key: str,
        status: ActionStatus,
        *,
        at: datetime,
        error: str | None = None,
        result: str | None = None,
    ) -> ActionRecord:
        """Store an attempt's outcome; `attempts` grows by one for DONE and FAILED; the
        attempt is no longer in flight."""
        ...

    async def begin_attempt(self, idempotency_key: str, at: datetime) -> AttemptStart:
        """Claim a send just before its platform call, atomically (of two instances only
        one starts): STARTED, FINAL (done already) or BUSY (another live instance holds
        it; a dead instance's claim is given back by the shell)."""
        ...

    async def for_comment(self, key: CommentKey) -> tuple[ActionRecord, ...]: ...

    async def retryable(self, max_attempts: int, limit: int) -> tuple[ActionRecord, ...]:
        """PENDING or FAILED actions with attempts < max_attempts, oldest first."""
        ...


class CardRepository(Protocol):
    async def add(self, card: Card) -> Card:
        """Insert; returns the card with its id (and version 0)."""
        ...

    async def get(self, card_id: int) -> Card | None: ...

    async def by_message(self, chat_id: str, message_id: str) -> Card | None: ...

    async def save(self, card: Card) -> Card | None:
        """Compare-and-set: store every field of `card` with version + 1 only if the stored
        version still equals `card.version`; None when another change came first."""
        ...

    async def claim(self, card_id: int, at: datetime) -> bool:
        """Take the right to post an unposted card, just before posting it; False when it
        is posted already or another live instance is posting it."""
        ...

    async def posted(self, card_id: int, message_id: str | None) -> int | None:
        """Store a posted card's message id and drop the claim (None: the post failed,
        the claim is given back). Does not change the card's version; returns it."""
        ...

    async def due(self, now: datetime, limit: int) -> tuple[Card, ...]:
        """Cards not yet posted (nor claimed) whose `deliver_after` is None or ≤ now,
        oldest first."""
        ...

    async def open(self, community_id: str, before: datetime) -> tuple[Card, ...]:
        """PENDING and HELD cards created before `before` (for expiry and digests)."""
        ...


class WordOverlayRepository(Protocol):
    async def put(self, entry: WordOverlayEntry) -> None:
        """Insert or replace by (community_id, term)."""
        ...

    async def delete(self, community_id: str, term: str) -> bool: ...

    async def all(self, community_id: str) -> tuple[WordOverlayEntry, ...]: ...


class BlacklistRepository(Protocol):
    async def put(self, entry: BlacklistEntry) -> None:
        """Insert or replace by user."""
        ...

    async def delete(self, user: UserRef) -> bool: ...

    async def get(self, user: UserRef) -> BlacklistEntry | None: ...


class TrustedUserRepository(Protocol):
    async def put(self, entry: TrustedUser) -> None: ...

    async def delete(self, user: UserRef) -> bool: ...

    async def get(self, user: UserRef) -> TrustedUser | None: ...

    async def all(self, community_id: str) -> tuple[TrustedUser, ...]: ...


class StrikeRepository(Protocol):
    async def add(self, strike: Strike) -> bool:
        """Insert unless (user, comment) is already there; True when inserted."""
        ...

    async def active(self, user: UserRef, since: datetime) -> tuple[Strike, ...]:
        """The user's strikes at or after `since`, oldest first."""
        ...

    async def remove(self, user: UserRef, comment: CommentKey) -> bool:
        """Forgive the strike of one comment (a moderator restored or allowed it)."""
        ...

    async def clear(self, user: UserRef) -> int: ...


class FaqRepository(Protocol):
    async def add(self, entry: FaqEntry) -> FaqEntry:
        """Insert; returns the entry with its id."""
        ...

    async def delete(self, community_id: str, faq_id: int) -> bool: ...

    async def all(self, community_id: str) -> tuple[FaqEntry, ...]: ...


class TrainingSampleRepository(Protocol):
    async def add(self, sample: TrainingSample) -> None: ...

    async def all(self, community_id: str | None = None) -> tuple[TrainingSample, ...]: ...


class AuditLog(Protocol):
    async def add(self, entry: AuditEntry) -> None: ...

    async def recent(self, community_id: str, limit: int) -> tuple[AuditEntry, ...]:
        """Newest first."""
        ...


@dataclass(frozen=True, slots=True)
class Repositories:
    """The storage ports the service needs, built once by the composition root."""

    communities: CommunityRepository
    decisions: DecisionRepository
    actions: ActionRepository
    cards: CardRepository
    words: WordOverlayRepository
    blacklist: BlacklistRepository
    trusted: TrustedUserRepository
    strikes: StrikeRepository
    faq: FaqRepository
    samples: TrainingSampleRepository
    audit: AuditLog
