"""What the repositories store and return: frozen values, never ORM rows.

Storage (`bot.storage`) maps these to tables; `moderation.codec` turns the nested values
(Comment, Decision, Draft, Action) into JSON-safe dicts for the columns that hold them.
Users are identified by `(platform, community_id, user_id)`; `UserRef.chat_id` and
`is_channel` ride along but are not part of the identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from classifiers.vocabulary import Category
from moderation.comment import Comment, CommentKey, UserRef
from moderation.decision import Action, Decision, Draft, Reason, Verdict


class ActionStatus(StrEnum):
    PENDING = "pending"  # recorded, not yet attempted (or to be retried)
    DONE = "done"
    FAILED = "failed"  # last attempt failed; `last_error` says why
    SKIPPED = "skipped"  # dry-run: recorded and reported, never sent


class AttemptStart(StrEnum):
    """What `ActionRepository.begin_attempt` found: may the platform be called now?"""

    STARTED = "started"  # go ahead: call the platform, then store the outcome
    FINAL = "final"  # done or skipped already: do nothing
    BUSY = "busy"  # another live instance is sending it right now
    OUTCOME_UNKNOWN = "outcome_unknown"  # flagged by earlier versions; a human checks


@dataclass(frozen=True, slots=True)
class ActionRecord:
    action: Action
    status: ActionStatus
    attempts: int
    last_error: str | None
    updated_at: datetime
    result: str | None = None  # e.g. the message id of a posted reply or a re-posted comment

    @property
    def idempotency_key(self) -> str:
        return self.action.idempotency_key


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    id: int
    comment: Comment
    decision: Decision
    analysis: Mapping[str, object]  # Analysis.to_json()
    versions: Mapping[str, str]  # lexicon/model versions that produced it
    created_at: datetime


class CardKind(StrEnum):
    MODERATION = "moderation"  # a held or hidden comment: Restore / Hide / Ban author
    DRAFT = "draft"  # a reply draft: Send / Edit / Reject


class CardState(StrEnum):
    # draft cards
    PENDING = "pending"
    APPROVED = "approved"
    EDITED = "edited"  # sent with a moderator's text
    REJECTED = "rejected"
    EXPIRED = "expired"
    # moderation cards
    HELD = "held"  # waiting for a human, comment visible
    HIDDEN = "hidden"  # comment hidden (by the bot or a moderator)
    CONFIRMED = "confirmed"  # a moderator agreed it stays hidden
    RESTORED = "restored"
    ALLOWED = "allowed"
    BANNED = "banned"


@dataclass(frozen=True, slots=True)
class Quote:
    """A lexicon hit a card quotes as its evidence: the category, the term, and where in
    the comment it was written. Carried on the card so posting it needs no other read."""

    category: str
    term: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Card:
    """One approval card in a moderators' chat, with the comment snapshot it is about.

    `version` grows by one on every stored change; storage saves a card only when the
    stored version still equals the one the change was computed from (compare-and-set),
    which is how the first moderator wins.
    """

    id: int  # 0 until storage assigns one
    community_id: str
    kind: CardKind
    state: CardState
    comment: Comment
    verdict: Verdict
    reasons: tuple[Reason, ...]
    created_at: datetime
    version: int = 0
    draft: Draft | None = None
    chat_id: str | None = None  # the moderators' chat
    message_id: str | None = None  # None until posted
    handled_by: str | None = None
    handled_at: datetime | None = None
    deliver_after: datetime | None = None  # night: post in the morning
    night: bool = False
    dry_run: bool = False
    failures: tuple[str, ...] = ()  # failed actions, shown on the card
    ui_lang: str = "ru"
    score: float = 0.0
    # The analysis's lexicon hits; None on a card stored before cards carried them (its
    # notifier then reads the stored analysis).
    quotes: tuple[Quote, ...] | None = None


class OverlayMode(StrEnum):
    ADD = "add"  # /addword: flag this word in this community
    REMOVE = "remove"  # /delword on a shipped word: switch it off here
    ALLOW = "allow"  # /allowword: never flag it here


@dataclass(frozen=True, slots=True)
class WordOverlayEntry:
    """One admin edit of a community's word lists; one entry per (community, term)."""

    community_id: str
    term: str
    mode: OverlayMode
    by: str
    at: datetime
    category: Category = Category.INSULT
    severity: int = 2


@dataclass(frozen=True, slots=True)
class BlacklistEntry:
    user: UserRef
    reason: str
    by: str
    at: datetime
    until: datetime | None = None  # None: for good

    def active(self, now: datetime) -> bool:
        return self.until is None or now < self.until


@dataclass(frozen=True, slots=True)
class TrustedUser:
    user: UserRef
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Strike:
    """One offence; unique per (user, comment) so a re-delivery never counts twice."""

    user: UserRef
    comment: CommentKey
    at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FaqEntry:
    id: int  # 0 until storage assigns one
    community_id: str
    lang: str  # kk or ru
    question: str
    answer: str
    by: str
    at: datetime


class SampleLabel(StrEnum):
    TOXIC = "toxic"  # a moderator hid/confirmed/banned
    CLEAN = "clean"  # a moderator restored/allowed: a false positive
    REPLY_APPROVED = "reply_approved"
    REPLY_EDITED = "reply_edited"
    REPLY_REJECTED = "reply_rejected"


@dataclass(frozen=True, slots=True)
class TrainingSample:
    text: str
    label: SampleLabel
    lang: str
    community_id: str
    by: str
    at: datetime
    comment: CommentKey | None = None
    reply: str | None = None  # for reply labels: the text that was (or would have been) sent
    source: str = "moderator"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    community_id: str
    actor: str
    action: str  # e.g. "addword", "ban", "threshold", "card.restore", "undo"
    detail: str
    at: datetime
    params: Mapping[str, str] = field(default_factory=dict)
