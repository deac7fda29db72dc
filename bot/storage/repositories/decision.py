"""Decisions with their analysis, actions and card, recorded in one transaction.

`record_many` is the pipeline's batch write: a claimed batch goes in with one statement
on PostgreSQL (`recording`), a handful of multi-row statements in one transaction on
SQLite, so throughput is bounded by statements per batch, not per comment. A comment
revision that already has a decision gets the stored one back (`created=False`) and
nothing is written for it: re-delivery and re-claiming after a crash are harmless.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.engine import Database
from bot.storage.models import AnalysisRow, CardRow, DecisionRow
from bot.storage.repositories.action import (
    insert_actions,
    load_actions,
    new_action_record,
)
from bot.storage.repositories.bulk import among, insert_rows_ignoring, table_of
from bot.storage.repositories.card import card_from_row, insert_cards
from bot.storage.repositories.learning import insert_strikes
from bot.storage.repositories.recording import (
    DECISION_KEY,
    Key,
    analysis_values,
    batch_rows,
    comment_key,
    decision_values,
    record_batch,
)
from moderation.codec import (
    comment_from_dict,
    decision_from_dict,
)
from moderation.comment import CommentKey
from moderation.ports import NewDecision, Recorded
from moderation.records import ActionRecord, Card, DecisionRecord, Strike

_KEY = DECISION_KEY
_DECISIONS = table_of(DecisionRow)
_ANALYSES = table_of(AnalysisRow)


def _record(row: DecisionRow, analysis: AnalysisRow | None) -> DecisionRecord:
    return DecisionRecord(
        id=row.id,
        comment=comment_from_dict(row.comment),
        decision=decision_from_dict(row.decision),
        analysis=dict(analysis.result) if analysis else {},
        versions=dict(analysis.versions) if analysis else {},
        created_at=row.created_at,
    )


def _new_record(
    decision_id: int, new: NewDecision, actions: Mapping[str, ActionRecord], card: Card | None
) -> Recorded:
    """What recording a new decision wrote (`actions`: the stored records by key)."""
    return Recorded(
        decision=DecisionRecord(
            id=decision_id,
            comment=new.comment,
            decision=new.decision,
            analysis=dict(new.analysis),
            versions=dict(new.versions),
            created_at=new.at,
        ),
        actions=tuple(actions[a.idempotency_key] for a in new.decision.actions),
        card=card,
        created=True,
    )


def _of_key(key: CommentKey) -> tuple[Any, ...]:
    return tuple(
        getattr(DecisionRow, name) == value
        for name, value in zip(_KEY, comment_key(key), strict=True)
    )


class SqlDecisionRepository:
    """`moderation.ports.DecisionRepository` on SQLAlchemy, plus batch `record_many`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, new: NewDecision) -> Recorded:
        return (await self.record_many([new]))[0]

    async def record_many(
        self, batch: Sequence[NewDecision], strikes: Sequence[Strike] = ()
    ) -> list[Recorded]:
        """Record a batch, and the strikes it gives, in one transaction (one statement on
        PostgreSQL); results in the order of `batch`."""
        if not batch and not strikes:
            return []
        if self._db.dialect == "postgresql":
            return await self._record_in_one(batch, strikes)
        async with self._db.transaction() as session:
            await insert_strikes(session, strikes)
            if not batch:
                return []
            ids = await self._insert_decisions(session, batch)
            fresh: list[tuple[int, int, NewDecision]] = []  # (position, decision id, new)
            for position, new in enumerate(batch):
                decision_id = ids.pop(comment_key(new.comment.key), None)  # a key twice: new once
                if decision_id is not None:
                    fresh.append((position, decision_id, new))
            written = await self._write_rest(session, [(i, new) for _, i, new in fresh])
            by_position = {p: r for (p, _, _), r in zip(fresh, written, strict=True)}
            return [
                by_position[p] if p in by_position else await self._stored(session, new)
                for p, new in enumerate(batch)
            ]

    async def _record_in_one(
        self, batch: Sequence[NewDecision], strikes: Sequence[Strike]
    ) -> list[Recorded]:
        rows, firsts = batch_rows(batch, strikes)
        async with self._db.single_statements(), self._db.transaction() as session:
            ids = await record_batch(await session.connection(), rows)
            recorded: list[Recorded] = []
            for position, new in enumerate(batch):
                decision_id = ids.decisions.get(comment_key(new.comment.key))
                if decision_id is None or firsts[comment_key(new.comment.key)] != position:
                    recorded.append(await self._stored(session, new))
                    continue
                actions = {
                    a.idempotency_key: new_action_record(a, new.at)
                    for a in new.decision.actions
                    if a.idempotency_key in ids.actions
                }
                older = [
                    a.idempotency_key
                    for a in new.decision.actions
                    if a.idempotency_key not in actions
                ]
                actions |= await load_actions(session, older)
                card = new.card
                if card is not None:
                    card = replace(card, version=0, id=ids.cards[decision_id])
                recorded.append(_new_record(decision_id, new, actions, card))
        return recorded

    async def get(self, key: CommentKey) -> DecisionRecord | None:
        async with self._db.snapshot() as session:
            found = await self._load(session, key)
        return found[0] if found else None

    async def get_many(self, keys: Sequence[CommentKey]) -> dict[CommentKey, DecisionRecord]:
        """Decisions of these comment revisions that exist, in one query (a worker's batch)."""
        if not keys:
            return {}
        wanted = {comment_key(key): key for key in keys}
        async with self._db.snapshot() as session:
            rows = await session.execute(
                select(DecisionRow, AnalysisRow)
                .outerjoin(AnalysisRow, AnalysisRow.decision_id == DecisionRow.id)
                .where(
                    among(self._db.dialect, DecisionRow.comment_id, (k.comment_id for k in keys))
                )
            )
            found: dict[CommentKey, DecisionRecord] = {}
            for decision, analysis in rows.all():
                key = wanted.get(
                    (decision.platform, decision.chat_id, decision.comment_id, decision.revision)
                )
                if key is not None:
                    found[key] = _record(decision, analysis)
            return found

    async def since(self, community_id: str, since: datetime) -> tuple[DecisionRecord, ...]:
        async with self._db.snapshot() as session:
            rows = await session.execute(
                select(DecisionRow, AnalysisRow)
                .outerjoin(AnalysisRow, AnalysisRow.decision_id == DecisionRow.id)
                .where(DecisionRow.community_id == community_id, DecisionRow.created_at >= since)
                .order_by(DecisionRow.created_at, DecisionRow.id)
            )
            return tuple(_record(decision, analysis) for decision, analysis in rows.all())

    async def _insert_decisions(
        self, session: AsyncSession, batch: Sequence[NewDecision]
    ) -> dict[Key, int]:
        rows = [decision_values(new) for new in batch]
        connection = await session.connection()
        statement = insert_rows_ignoring(self._db.dialect, DecisionRow, _KEY).returning(
            _DECISIONS.c.id, *(_DECISIONS.c[name] for name in _KEY)
        )
        inserted: CursorResult[Any] = await connection.execute(statement, rows)
        found: list[Any] = list(inserted.all())  # (id, *key) rows
        return {(row[1], row[2], row[3], row[4]): row[0] for row in found}

    async def _write_rest(
        self, session: AsyncSession, fresh: Sequence[tuple[int, NewDecision]]
    ) -> list[Recorded]:
        if not fresh:
            return []
        connection = await session.connection()
        analyses = [
            {"decision_id": i, **analysis_values(new.analysis, new.versions)} for i, new in fresh
        ]
        await connection.execute(insert(_ANALYSES), analyses)
        stored = await insert_actions(
            session,
            self._db.dialect,
            [action for _, new in fresh for action in new.decision.actions],
            fresh[0][1].at,
        )
        cards = iter(
            await insert_cards(
                session, [(new.card, i) for i, new in fresh if new.card], fresh[0][1].at
            )
        )
        return [
            _new_record(decision_id, new, stored, next(cards) if new.card else None)
            for decision_id, new in fresh
        ]

    async def _stored(self, session: AsyncSession, new: NewDecision) -> Recorded:
        found = await self._load(session, new.comment.key)
        assert found is not None, f"decision for {new.comment.key} vanished in a transaction"
        record, decision_id = found
        keys = [action.idempotency_key for action in record.decision.actions]
        stored = await load_actions(session, keys)
        card_row = await session.scalar(
            select(CardRow).where(CardRow.decision_id == decision_id).order_by(CardRow.id)
        )
        return Recorded(
            decision=record,
            actions=tuple(stored[key] for key in keys if key in stored),
            card=card_from_row(card_row) if card_row is not None else None,
            created=False,
        )

    async def _load(
        self, session: AsyncSession, key: CommentKey
    ) -> tuple[DecisionRecord, int] | None:
        row = (
            await session.execute(
                select(DecisionRow, AnalysisRow)
                .outerjoin(AnalysisRow, AnalysisRow.decision_id == DecisionRow.id)
                .where(*_of_key(key))
            )
        ).first()
        if row is None:
            return None
        return _record(row[0], row[1]), row[0].id
