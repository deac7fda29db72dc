"""The pure middle of one comment's path: what is known about its author, what drafting
needs, and the decision with its card — everything `record` then writes in one go.

`ModerationService.handle` reads the inputs one comment at a time; the shell's batch flow
reads them for a whole batch up front. Both call these functions, so a comment is decided
the same way whichever path it takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from classifiers.vocabulary import Analysis, Intent
from moderation.comment import Comment
from moderation.drafting import ReplyKit
from moderation.policy import AuthorHistory, decide
from moderation.policy import reply_kit as community_kit
from moderation.ports import NewDecision
from moderation.publishing import card_for
from moderation.records import BlacklistEntry, FaqEntry, Strike, TrustedUser
from moderation.settings import CommunitySettings

REPLY_INTENTS = (Intent.QUESTION, Intent.COMPLAINT, Intent.PRAISE)


def author_history(
    blacklisted: BlacklistEntry | None,
    trusted: TrustedUser | None,
    strikes: Sequence[Strike],
    now: datetime,
) -> AuthorHistory:
    """What the community knows about the author (`strikes`: the active ones)."""
    return AuthorHistory(
        strikes=tuple(s.at for s in strikes),
        blacklisted=blacklisted is not None and blacklisted.active(now),
        blacklist_reason=blacklisted.reason if blacklisted else "",
        trusted=trusted is not None,
    )


def wants_reply_kit(analysis: Analysis) -> bool:
    """Whether drafting will look at the FAQ and the author's name."""
    return analysis.intent in REPLY_INTENTS and not analysis.toxic


def reply_kit(
    settings: CommunitySettings,
    analysis: Analysis,
    faq: Sequence[FaqEntry] = (),
    name_ok: bool = True,
) -> ReplyKit:
    wanted = wants_reply_kit(analysis)
    kit = community_kit(settings)  # profile, language, drafted intents
    return replace(kit, faq=tuple(faq), name_ok=name_ok) if wanted else kit


def author_name(comment: Comment) -> str:
    return comment.author.name or comment.author.username or ""


def plan(
    comment: Comment,
    analysis: Analysis,
    settings: CommunitySettings,
    history: AuthorHistory,
    now: datetime,
    faq: Sequence[FaqEntry] = (),
    name_ok: bool = True,
) -> NewDecision:
    """Decide, and build the record (with its card) to store in one transaction. `faq` and
    `name_ok` (is the author's name printable?) matter only to a comment that may get a
    reply draft (`wants_reply_kit`)."""
    kit = reply_kit(settings, analysis, faq, name_ok)
    decision = decide(comment, analysis, settings, history, now, kit)
    card = card_for(comment, decision, analysis, settings, now)
    return NewDecision(comment, decision, analysis.to_json(), dict(analysis.versions), card, now)


def strike_of(new: NewDecision) -> Strike | None:
    """The strike a decision counts against its author (None: no offence)."""
    if not new.decision.strike:
        return None
    comment = new.comment
    return Strike(comment.user, comment.key, comment.created_at, str(new.decision.verdict))
