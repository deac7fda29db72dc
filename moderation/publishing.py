"""Approval cards: built from decisions, then put in front of moderators — posted when due
(now, or in the morning), re-rendered after a change, with failed actions noted on them,
and delivered again after a chat outage.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from classifiers.vocabulary import Analysis
from moderation.comment import Comment
from moderation.decision import Decision, Verdict
from moderation.execution import failures
from moderation.ports import CardRepository, Clock, ModeratorNotifier
from moderation.records import ActionRecord, Card, CardKind, CardState
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
    )


class CardPublisher:
    def __init__(self, cards: CardRepository, notifier: ModeratorNotifier, clock: Clock) -> None:
        self._cards = cards
        self._notifier = notifier
        self._clock = clock

    async def note_failures(self, card: Card, outcomes: Sequence[ActionRecord]) -> Card:
        """Store the failed actions' lines on the card (shown to the moderators); an empty
        list clears them once a retry has succeeded."""
        lines = failures(outcomes)
        if lines == card.failures:
            return card
        saved = await self._cards.save(replace(card, failures=lines))
        return saved or card

    async def post(self, card: Card) -> Card:
        """Post (or re-render) a card when its time has come; a notifier failure leaves it
        unposted for `release_due` to try again."""
        if card.chat_id is None:
            return card
        try:
            if card.message_id is not None:
                await self._notifier.edit_card(card)
                return card
            if card.deliver_after is not None and card.deliver_after > self._clock.now():
                return card
            message_id = await self._notifier.post_card(card)
        except Exception as exc:  # the chat being unreachable must not lose the card
            log.warning("card %s not delivered: %s", card.id, exc)
            return card
        saved = await self._cards.save(replace(card, message_id=message_id))
        return saved or card

    async def release_due(self, limit: int = 100) -> tuple[Card, ...]:
        """Post cards whose time has come (the morning queue, earlier notifier failures)."""
        posted = [await self.post(card) for card in await self._cards.due(self._clock.now(), limit)]
        return tuple(card for card in posted if card.message_id is not None)
