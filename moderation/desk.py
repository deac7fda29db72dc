"""The moderators' desk: a tap on a card becomes platform actions, a training sample and an
audit entry — exactly once, for the first moderator only.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from moderation.administration import Administration
from moderation.approval import Resolution, apply, effects, undo_resolution
from moderation.comment import Comment
from moderation.decision import Action, ActionKind, DraftSource
from moderation.errors import AlreadyHandled, CardNotFound, InvalidTransition
from moderation.execution import ActionRunner
from moderation.ports import Clock, Repositories
from moderation.publishing import CardPublisher
from moderation.records import (
    ActionRecord,
    ActionStatus,
    AuditEntry,
    Card,
    CardKind,
    CardState,
    TrainingSample,
)


@dataclass(frozen=True, slots=True)
class Resolved:
    card: Card
    actions: tuple[ActionRecord, ...]


class ModeratorDesk:
    def __init__(
        self,
        repos: Repositories,
        runner: ActionRunner,
        publisher: CardPublisher,
        admin: Administration,
        clock: Clock,
    ) -> None:
        self._repos = repos
        self._runner = runner
        self._publisher = publisher
        self._admin = admin
        self._clock = clock
        # A card's resolutions run one at a time: its state is stored before its actions
        # are made, so an undo must not read "restored" while the re-post it would delete
        # is still on its way (it would delete nothing and leave the re-post up).
        self._busy: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, card_id: int) -> asyncio.Lock:
        lock = self._busy.get(card_id)
        if lock is None:
            lock = self._busy[card_id] = asyncio.Lock()
        return lock

    async def _card(self, card_id: int) -> Card:
        card = await self._repos.cards.get(card_id)
        if card is None:
            raise CardNotFound(f"no card {card_id}")
        return card

    async def resolve(
        self,
        card_id: int,
        resolution: Resolution,
        by: str,
        *,
        text: str | None = None,
        seen_version: int | None = None,
        undo: bool = False,
    ) -> Resolved:
        """Apply a moderator's tap: the first one wins, a second gets AlreadyHandled."""
        async with self._lock(card_id):
            return await self._resolve(card_id, resolution, by, text, seen_version, undo)

    async def undo(self, card_id: int, by: str) -> Resolved:
        """Reverse a handled card (restore what was hidden, hide what was restored, unban)."""
        async with self._lock(card_id):
            card = await self._card(card_id)
            return await self._resolve(card_id, undo_resolution(card), by, None, None, True)

    async def _resolve(
        self,
        card_id: int,
        resolution: Resolution,
        by: str,
        text: str | None,
        seen_version: int | None,
        undo: bool,
    ) -> Resolved:
        card = await self._card(card_id)
        now = self._clock.now()
        new = apply(card, resolution, by, now, undo=undo, seen_version=seen_version)
        if resolution is Resolution.EDIT:
            if not text or not text.strip() or card.draft is None:
                raise InvalidTransition("an edit needs the new text and a draft card")
            draft = replace(card.draft, text=text.strip(), source=DraftSource.MODERATOR)
            new = replace(new, draft=draft)
        saved = await self._repos.cards.save(new)
        if saved is None:  # another moderator's change was stored first
            current = await self._repos.cards.get(card_id) or card
            raise AlreadyHandled(card_id, str(current.state), current.handled_by)
        outcomes = await self._carry_out(card, saved, resolution, by, now)
        await self._learn(card, saved, resolution, by, now)
        action = "undo" if undo else f"card.{resolution}"
        detail = f"card {card_id}: {card.state} → {saved.state}"
        params = {"card": str(card_id), "comment": str(card.comment.key)}
        await self._repos.audit.add(AuditEntry(card.community_id, by, action, detail, now, params))
        saved = await self._publisher.note_failures(saved, outcomes)
        return Resolved(await self._publisher.post(saved), outcomes)

    async def expire_drafts(self, community_id: str, older_than: timedelta) -> tuple[Card, ...]:
        """Expire draft cards nobody answered in time (a stale reply does more harm than none)."""
        expired = []
        for card in await self._repos.cards.open(community_id, self._clock.now() - older_than):
            if card.state is not CardState.PENDING:
                continue
            try:
                expired.append((await self.resolve(card.id, Resolution.EXPIRE, "system")).card)
            except AlreadyHandled:
                continue
        return tuple(expired)

    async def _carry_out(
        self, before: Card, after: Card, resolution: Resolution, by: str, now: datetime
    ) -> tuple[ActionRecord, ...]:
        comment = before.comment
        origin = f"card:{before.id}:{after.version}"  # a new tap is a new action
        execute = not before.dry_run
        actions: list[Action] = []
        for kind in effects(before.state, resolution).actions:
            params = {"text": after.draft.text} if kind is ActionKind.REPLY and after.draft else {}
            user = comment.user if kind in (ActionKind.BAN, ActionKind.UNBAN) else None
            actions.append(Action(kind, comment.key, user, params, origin, execute))
        if execute and resolution is Resolution.BAN:
            await self._admin.blacklist(comment.user, by, f"card {before.id}", now, audit=False)
        if execute and any(action.kind is ActionKind.UNBAN for action in actions):
            await self._repos.blacklist.delete(comment.user)
        if execute and resolution in (Resolution.RESTORE, Resolution.ALLOW):
            # A false positive must not count towards the author's next escalation.
            await self._repos.strikes.remove(comment.user, comment.key)
        outcomes = await self._runner.add_and_run(actions, comment)
        if execute and resolution is Resolution.RESTORE:
            outcomes += await self._take_back_notices(comment, origin)
        return outcomes

    async def _take_back_notices(self, comment: Comment, origin: str) -> tuple[ActionRecord, ...]:
        """Restoring a comment also removes the public warning its hide posted: the author
        did nothing wrong, and the chat should not say otherwise."""
        done: list[ActionRecord] = []
        for record in await self._repos.actions.for_comment(comment.key):
            action = record.action
            if action.kind is not ActionKind.WARN or action.origin != "auto":
                continue
            if record.status is not ActionStatus.DONE or not record.result:
                continue
            notice = replace(comment, comment_id=record.result, revision=0, text="")
            hide = Action(ActionKind.HIDE, notice.key, None, {}, f"{origin}:notice")
            done += await self._runner.add_and_run([hide], notice)
        return tuple(done)

    async def _learn(
        self, before: Card, after: Card, resolution: Resolution, by: str, now: datetime
    ) -> None:
        """Every moderator verdict becomes a labeled sample for retraining."""
        label = effects(before.state, resolution).label
        if label is None:
            return
        reply = after.draft.text if before.kind is CardKind.DRAFT and after.draft else None
        stored = await self._repos.decisions.get(before.comment.key)
        lang = str(stored.analysis.get("lang", "")) if stored else ""
        sample = TrainingSample(
            text=before.comment.text,
            label=label,
            lang=lang,
            community_id=before.community_id,
            by=by,
            at=now,
            comment=before.comment.key,
            reply=reply,
        )
        await self._repos.samples.add(sample)
