"""Repository ports whose writes go to the batch's `WaveCoalescer`: action attempts and
outcomes, and card changes, are written a wave at a time instead of one by one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.storage.repositories.action import ActionUpdate
from moderation.comment import CommentKey
from moderation.decision import Action
from moderation.ports import ActionRepository, CardRepository
from moderation.records import ActionRecord, ActionStatus, AttemptStart, Card

if TYPE_CHECKING:
    from bot.pipeline.batch import BatchView


class RecordedActions:
    """Actions just recorded in this batch are known without reading them back; attempts
    and outcomes are written in waves."""

    def __init__(self, base: ActionRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def for_comment(self, key: CommentKey) -> tuple[ActionRecord, ...]:
        recorded = self._view.recorded_actions.pop(key, None)  # fresh only once
        return recorded if recorded is not None else await self._base.for_comment(key)

    async def add(self, action: Action, at: datetime) -> ActionRecord:
        return await self._base.add(action, at)

    async def get(self, idempotency_key: str) -> ActionRecord | None:
        return await self._base.get(idempotency_key)

    async def update(
        self,
        idempotency_key: str,
        status: ActionStatus,
        *,
        at: datetime,
        error: str | None = None,
        result: str | None = None,
    ) -> ActionRecord:
        update = ActionUpdate(idempotency_key, status, at, error, result)
        record: ActionRecord = await self._view.coalescer.write_grouped(
            "action.update", update, self._view.stores.actions.update_many
        )
        return record

    async def begin_attempt(self, idempotency_key: str, at: datetime) -> AttemptStart:
        start: AttemptStart = await self._view.coalescer.write_grouped(
            "action.begin", (idempotency_key, at), self._view.stores.actions.begin_attempts
        )
        return start

    async def retryable(self, max_attempts: int, limit: int) -> tuple[ActionRecord, ...]:
        return await self._base.retryable(max_attempts, limit)


class WavedCards:
    """Card changes of the batch are written in waves; reads go straight to storage."""

    def __init__(self, base: CardRepository, view: BatchView) -> None:
        self._base, self._view = base, view

    async def add(self, card: Card) -> Card:
        return await self._base.add(card)

    async def get(self, card_id: int) -> Card | None:
        return await self._base.get(card_id)

    async def by_message(self, chat_id: str, message_id: str) -> Card | None:
        return await self._base.by_message(chat_id, message_id)

    async def save(self, card: Card) -> Card | None:
        saved: Card | None = await self._view.coalescer.write_grouped(
            "card.save", card, self._view.stores.cards.save_many
        )
        return saved

    async def due(self, now: datetime, limit: int) -> tuple[Card, ...]:
        return await self._base.due(now, limit)

    async def open(self, community_id: str, before: datetime) -> tuple[Card, ...]:
        return await self._base.open(community_id, before)
