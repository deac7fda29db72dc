"""Approval cards: built from decisions, then put in front of moderators — posted when due
(now, or in the morning), re-rendered after a change, with failed actions noted on them,
and delivered again after a chat outage.

A card is claimed in storage just before it is posted and its message id stored as soon
as the post returns, so the worker, the outbox and the scheduler never both post it. A
card never claims an effect that has not happened: while the hide (or ban) it reports is
not confirmed, the card shows the comment as held (still visible, with a Hide button) and
the failure lines; once the hide is confirmed it shows the verdict's state again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from classifiers.vocabulary import Analysis
from moderation.comment import Comment
from moderation.decision import Decision, Verdict
from moderation.execution import FINAL, PROTECTIVE, failures, stored_soon
from moderation.ports import CardRepository, Clock, ModeratorNotifier
from moderation.records import ActionRecord, Card, CardKind, CardState, Quote
from moderation.settings import CommunitySettings

log = logging.getLogger(__name__)

_CARD_STATE = {
    Verdict.REPLY: CardState.PENDING,
    Verdict.REVIEW: CardState.HELD,
    Verdict.HIDE: CardState.HIDDEN,
    Verdict.BAN: CardState.BANNED,
}


def card_for(
    comment: Comment,
    decision: Decision,
    analysis: Analysis,
    settings: CommunitySettings,
    now: datetime,
) -> Card | None:
    """The approval card a decision calls for (None for a plain allow)."""
    state = _CARD_STATE.get(decision.verdict)
    if state is None or not decision.review:
        return None
    return Card(
        id=0,
        community_id=comment.community_id,
        kind=CardKind.DRAFT if decision.verdict is Verdict.REPLY else CardKind.MODERATION,
        state=state,
        comment=comment,
        verdict=decision.verdict,
        reasons=decision.reasons,
        created_at=now,
        draft=decision.draft,
        chat_id=settings.moderators_chat_id,
        deliver_after=decision.deliver_after,
        night=decision.night,
        dry_run=decision.dry_run,
        ui_lang=settings.language,
        score=analysis.score,
        quotes=tuple(Quote(str(m.category), m.term, m.start, m.end) for m in analysis.matches),
    )


_CLAIMED_STATES = frozenset({CardState.HIDDEN, CardState.BANNED})


def truthful(card: Card, outcomes: Sequence[ActionRecord]) -> Card:
    """`card` in the state its comment is really in: an unconfirmed hide/ban is shown as
    held (visible, Hide button) and a confirmed one as the verdict says. Cards a moderator
    handled, drafts and dry runs are left as they are."""
    if card.kind is not CardKind.MODERATION or card.handled_by is not None or card.dry_run:
        return card
    claimed = _CARD_STATE.get(card.verdict)
    if claimed not in _CLAIMED_STATES:
        return card
    protective = [r for r in outcomes if r.action.kind in PROTECTIVE and r.action.origin == "auto"]
    confirmed = all(r.status in FINAL for r in protective)
    lines = failures(outcomes)
    state = claimed if confirmed else CardState.HELD
    if card.state in (claimed, CardState.HELD) and (state, lines) != (card.state, card.failures):
        return replace(card, state=state, failures=lines)
    return card


class CardPublisher:
    def __init__(self, cards: CardRepository, notifier: ModeratorNotifier, clock: Clock) -> None:
        self._cards = cards
        self._notifier = notifier
        self._clock = clock

    async def note_failures(self, card: Card, outcomes: Sequence[ActionRecord]) -> Card:
        """Store what the actions really did on the card: failure lines (an empty list
        clears them once a retry has succeeded) and, for a hide, whether it happened."""
        shown = truthful(replace(card, failures=failures(outcomes)), outcomes)
        if (shown.state, shown.failures) == (card.state, card.failures):
            return card
        saved = await self._cards.save(shown)
        return saved or card

    async def post(self, card: Card) -> Card:
        """Post (or re-render) a card when its time has come. A new card is claimed first
        (False: someone else posts it) and its message id stored as soon as the post
        returns; a notifier failure gives the claim back for `release_due`."""
        if card.chat_id is None:
            return card
        if card.message_id is not None:
            try:
                await self._notifier.edit_card(card)
            except Exception as exc:  # the chat being unreachable must not lose the card
                log.warning("card %s not re-rendered: %s", card.id, exc)
            return card
        now = self._clock.now()
        if card.deliver_after is not None and card.deliver_after > now:
            return card
        if not await self._cards.claim(card.id, now):
            # Posted meanwhile (this copy was read before), or being posted: if it is out
            # already, show the change; else the poster re-renders on seeing a newer version.
            current = await self._cards.get(card.id)
            if current is not None and current.message_id is not None:
                return await self.post(current)
            return card
        try:
            message_id = await self._notifier.post_card(card)
        except Exception as exc:  # the chat being unreachable must not lose the card
            log.warning("card %s not delivered: %s", card.id, exc)
            await self._cards.posted(card.id, None)
            return card
        version = await stored_soon(lambda: self._cards.posted(card.id, message_id))
        if version is not None and version != card.version:
            # A moderator acted while it was being posted: show what they did.
            current = await self._cards.get(card.id)
            if current is not None:
                return await self.post(current)
        return replace(card, message_id=message_id)

    async def release_due(self, limit: int = 100) -> tuple[Card, ...]:
        """Post cards whose time has come (the morning queue, earlier notifier failures)."""
        posted = [await self.post(card) for card in await self._cards.due(self._clock.now(), limit)]
        return tuple(card for card in posted if card.message_id is not None)
