"""`ModerationService`: one comment's path (analyze → decide → record → act → card) and the
entry points the shell calls for moderators, admins and the scheduler.

Idempotent end to end: the decision is recorded once per comment revision (a re-delivery
finds it and only finishes what is unfinished), every action has a stored outcome, and a
card is resolved by compare-and-set so the first moderator wins.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from classifiers.vocabulary import Analysis
from moderation.administration import Administration
from moderation.approval import Resolution
from moderation.comment import Comment
from moderation.decision import Decision
from moderation.desk import ModeratorDesk, Resolved
from moderation.digest import summarize
from moderation.drafting import ReplyKit
from moderation.errors import UnknownCommunity
from moderation.execution import ActionRunner
from moderation.night import last_night
from moderation.planning import (
    author_history,
    author_name,
    plan,
    reply_kit,
    strike_of,
    wants_reply_kit,
)
from moderation.policy import AuthorHistory
from moderation.ports import (
    Clock,
    Digest,
    ModeratorNotifier,
    NewDecision,
    PlatformGateway,
    Repositories,
)
from moderation.publishing import CardPublisher, card_for
from moderation.records import ActionRecord, Card, DecisionRecord, WordOverlayEntry
from moderation.settings import CommunitySettings
from moderation.strikes import decay_cutoff

# (text, the community's word-list edits) → Analysis; the shell runs the detector.
Analyzer = Callable[[str, tuple[WordOverlayEntry, ...]], Awaitable[Analysis]]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

__all__ = ["Analyzer", "Handled", "ModerationService", "Resolved", "card_for"]


@dataclass(frozen=True, slots=True)
class Handled:
    """The outcome of handling one comment."""

    record: DecisionRecord
    actions: tuple[ActionRecord, ...]
    card: Card | None
    created: bool  # False: a re-delivery; only unfinished work was done

    @property
    def decision(self) -> Decision:
        return self.record.decision


class ModerationService:
    def __init__(
        self,
        repos: Repositories,
        gateway: PlatformGateway,
        notifier: ModeratorNotifier,
        clock: Clock,
        analyzer: Analyzer,
        max_attempts: int = 5,
    ) -> None:
        self.repos = repos
        self.notifier = notifier
        self.clock = clock
        self.analyzer = analyzer
        self.runner = ActionRunner(gateway, repos.actions, repos.decisions, clock, max_attempts)
        self.admin = Administration(repos, gateway, clock)
        self.publisher = CardPublisher(repos.cards, notifier, clock)
        self.desk = ModeratorDesk(repos, self.runner, self.publisher, self.admin, clock)

    async def settings(self, community_id: str) -> CommunitySettings:
        found = await self.repos.communities.get(community_id)
        if found is None:
            raise UnknownCommunity(f"no community {community_id!r}")
        return found

    async def history(
        self, comment: Comment, settings: CommunitySettings, now: datetime
    ) -> AuthorHistory:
        """What the community knows about the author: blacklist, trust, active strikes."""
        user = comment.user
        since = decay_cutoff(settings.strikes, now) or _EPOCH
        return author_history(
            await self.repos.blacklist.get(user),
            await self.repos.trusted.get(user),
            await self.repos.strikes.active(user, since),
            now,
        )

    async def analyze(
        self, comment: Comment, settings: CommunitySettings
    ) -> tuple[Analysis, ReplyKit]:
        """The analysis plus what drafting needs (FAQ, whether the author's name is printable)."""
        words = await self.repos.words.all(comment.community_id)
        analysis = await self.analyzer(comment.text, words)
        if not wants_reply_kit(analysis):
            return analysis, reply_kit(settings, analysis)
        faq = await self.repos.faq.all(comment.community_id)
        name = author_name(comment)
        # A nickname is no sentence: only a lexicon hit makes it unfit to address.
        name_ok = not name or not (await self.analyzer(name, words)).matches
        return analysis, reply_kit(settings, analysis, faq, name_ok)

    async def handle(self, comment: Comment) -> Handled:
        """Analyze, decide, record, act (protective first) and post the card — or finish
        a re-delivery."""
        stored = await self.repos.decisions.get(comment.key)
        if stored is not None:
            # A worker that died before acting or posting the card finishes the job now.
            return await self._finish(stored, await self._card_of(stored), created=False)
        settings = await self.settings(comment.community_id)
        analysis, kit = await self.analyze(comment, settings)
        now = self.clock.now()
        history = await self.history(comment, settings, now)
        recorded = await self.repos.decisions.record(
            plan(comment, analysis, settings, history, now, kit.faq, kit.name_ok)
        )
        return await self._finish(recorded.decision, recorded.card, created=recorded.created)

    async def _card_of(self, stored: DecisionRecord) -> Card | None:
        """The card recorded with a decision: recording an existing decision again writes
        nothing and hands back what is stored, card included."""
        again = NewDecision(
            stored.comment, stored.decision, stored.analysis, stored.versions, None,
            self.clock.now(),
        )  # fmt: skip
        return (await self.repos.decisions.record(again)).card

    async def _finish(self, record: DecisionRecord, card: Card | None, created: bool) -> Handled:
        """Everything after the record, in one pass: strike, protective actions, sends
        (a warning only once its hide is confirmed), then the card showing what really
        happened. Safe to repeat (strikes and actions are idempotent)."""
        comment = record.comment
        strike = strike_of(NewDecision(comment, record.decision, {}, {}, None, record.created_at))
        if strike is not None:
            await self.repos.strikes.add(strike)
        stored = await self.repos.actions.for_comment(comment.key)
        auto = [r for r in stored if r.action.origin == "auto"]
        outcomes = await self.runner.run_all(auto, comment)
        if card is not None:
            noted = await self.publisher.note_failures(card, outcomes)
            if noted is not card or card.message_id is None:  # new, or news to show
                card = await self.publisher.post(noted)
        return Handled(record, outcomes, card, created)

    # ------------------------------------------------------------ moderators

    async def resolve(
        self,
        card_id: int,
        resolution: Resolution,
        by: str,
        *,
        text: str | None = None,
        seen_version: int | None = None,
    ) -> Resolved:
        """A moderator's tap on a card; raises AlreadyHandled for all but the first."""
        return await self.desk.resolve(
            card_id, resolution, by, text=text, seen_version=seen_version
        )

    async def undo(self, card_id: int, by: str) -> Resolved:
        return await self.desk.undo(card_id, by)

    # ------------------------------------------------------------ scheduler

    async def release_due(self, limit: int = 100) -> tuple[Card, ...]:
        """Post the cards whose time has come (morning queue, earlier chat outages)."""
        return await self.publisher.release_due(limit)

    async def retry_due(self, limit: int = 100) -> tuple[ActionRecord, ...]:
        """Retry failed actions whose backoff has passed; their cards show the new outcome."""
        retried = await self.runner.retry_due(limit)
        for key in dict.fromkeys(record.action.comment for record in retried):
            stored = await self.repos.decisions.get(key)
            if stored is None:
                continue
            card = await self._card_of(stored)
            if card is not None:
                outcomes = await self.repos.actions.for_comment(key)
                await self.publisher.post(await self.publisher.note_failures(card, outcomes))
        return retried

    async def expire_drafts(self, community_id: str, older_than: timedelta) -> tuple[Card, ...]:
        return await self.desk.expire_drafts(community_id, older_than)

    async def send_digest(self, community_id: str) -> Digest | None:
        """Send the digest of the last night window (the scheduler calls this at its end)."""
        settings = await self.settings(community_id)
        since, until = last_night(settings.night, self.clock.now())
        records = await self.repos.decisions.since(community_id, since)
        cards = await self.repos.cards.open(community_id, until)
        digest = summarize(settings, records, cards, since, until)
        if digest is not None:
            await self.notifier.send_digest(digest)
        return digest
