"""What the policy concluded about one comment: a verdict, the reasons, the actions, a draft.

A `Decision` is a value: the policy computes it without side effects, storage records it,
and the service executes its `actions` through the platform gateway. Every action carries
an idempotency key derived from the comment key, so a re-delivered comment or a restarted
worker never hides, bans or replies twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from classifiers.vocabulary import Intent, Lang
from moderation.comment import CommentKey, UserRef


class Verdict(StrEnum):
    """The outcome for the comment itself (mute and warnings are strike actions)."""

    ALLOW = "allow"
    REPLY = "reply"  # a reply draft waits for a moderator's approval
    REVIEW = "review"  # held for a human; the comment stays visible
    HIDE = "hide"
    BAN = "ban"  # hide the comment and ban its author


class ReasonCode(StrEnum):
    """Why a verdict is what it is: a stable code a card can translate (`reason.<code>`)."""

    CLEAN = "clean"
    TOXIC = "toxic"  # hard evidence: strong lexicon hit or score ≥ hide threshold
    SUSPECT = "suspect"  # soft evidence: below the hide threshold, above review
    SPAM = "spam"
    ANALYSIS_ERROR = "analysis_error"
    BLACKLISTED = "blacklisted"
    ALLOWLISTED = "allowlisted"
    ADMIN = "admin"
    STRIKE = "strike"  # this offence counts towards the author's strikes
    WARN = "warn"
    MUTE = "mute"
    ESCALATED_BAN = "escalated_ban"
    INTENT = "intent"  # a question/complaint/praise to answer
    NIGHT = "night"  # the night window changed the outcome
    DRY_RUN = "dry_run"


@dataclass(frozen=True, slots=True)
class Reason:
    """One explainable step: a stable code plus a human-readable detail."""

    code: ReasonCode
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else str(self.code)


class ActionKind(StrEnum):
    """What the gateway is asked to do."""

    HIDE = "hide"
    RESTORE = "restore"
    BAN = "ban"
    UNBAN = "unban"
    MUTE = "mute"
    WARN = "warn"  # a short public warning addressed to the author
    REPLY = "reply"  # an approved draft
    HOLDING_REPLY = "holding_reply"  # the night "we'll answer in the morning"


@dataclass(frozen=True, slots=True)
class Action:
    """One side effect on the platform, safe to attempt more than once.

    `origin` distinguishes the policy's own actions ("auto") from moderator actions
    ("card:<id>:<version>") so that, e.g., a moderator re-hiding a restored comment is a new
    action while a re-delivered comment maps to the very same one. `execute` is False in
    dry-run: the action is recorded and reported but never sent.
    """

    kind: ActionKind
    comment: CommentKey
    user: UserRef | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    origin: str = "auto"
    execute: bool = True

    @property
    def idempotency_key(self) -> str:
        return f"{self.comment}:{self.kind}:{self.origin}"


class DraftSource(StrEnum):
    FAQ = "faq"
    TEMPLATE = "template"
    HOLDING = "holding"
    MODERATOR = "moderator"  # edited by a moderator


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply text waiting for approval (or the holding reply, which needs none)."""

    text: str
    lang: Lang
    intent: Intent
    source: DraftSource
    faq_id: int | None = None
    similarity: float | None = None  # for FAQ drafts: how close the question was


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's conclusion for one comment revision."""

    comment: CommentKey
    verdict: Verdict
    reasons: tuple[Reason, ...]
    actions: tuple[Action, ...] = ()
    draft: Draft | None = None
    dry_run: bool = False
    night: bool = False
    review: bool = False  # a moderator should see a card (held, hidden, or a draft)
    strike: bool = False  # the offence adds a strike to the author
    deliver_after: datetime | None = None  # night: the card waits for the morning shift

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        return tuple(reason.code for reason in self.reasons)

    def explain(self) -> str:
        """One line a moderator or a report can read."""
        return f"{self.verdict} — " + "; ".join(str(reason) for reason in self.reasons)
