"""Approval cards; `save` is compare-and-set on `version`, so the first moderator wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.clock import Clock, utcnow
from bot.storage.engine import Database
from bot.storage.models import CardRow
from bot.storage.repositories.bulk import UnnestInsert, among
from bot.storage.repositories.instance import PROCESS_ID
from moderation.codec import (
    comment_from_dict,
    comment_to_dict,
    draft_from_dict,
    draft_to_dict,
    reasons_from_list,
    reasons_to_list,
)
from moderation.decision import Verdict
from moderation.records import Card, CardKind, CardState, Quote

_OPEN = (CardState.PENDING.value, CardState.HELD.value)
_TABLE = cast(Table, CardRow.__table__)
_NOT_SAVED = ("id", "decision_id", "posting_since", "posting_by", "message_id")
_SAVE_MANY = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"))
    .values(
        {
            column.name: bindparam(f"v_{column.name}")
            for column in _TABLE.columns
            if column.name not in _NOT_SAVED
        }
        # A save computed before the card was posted must not forget its message id.
        | {"message_id": func.coalesce(bindparam("v_message_id"), _TABLE.c.message_id)}
    )
)
# A claim older than this was left by an instance that died mid-post (a post takes a
# second or two, retries included); the card may go out once more.
CLAIM_STALE = timedelta(seconds=60)


def card_values(card: Card, at: datetime) -> dict[str, Any]:
    """Every stored field of a card (not its id)."""
    return {
        "community_id": card.community_id,
        "kind": str(card.kind),
        "state": str(card.state),
        "version": card.version,
        "comment_key": str(card.comment.key),
        "comment": comment_to_dict(card.comment),
        "verdict": str(card.verdict),
        "reasons": reasons_to_list(card.reasons),
        "draft": draft_to_dict(card.draft) if card.draft else None,
        "chat_id": card.chat_id,
        "message_id": card.message_id,
        "handled_by": card.handled_by,
        "handled_at": card.handled_at,
        "deliver_after": card.deliver_after,
        "night": card.night,
        "dry_run": card.dry_run,
        "failures": list(card.failures),
        "ui_lang": card.ui_lang,
        "score": card.score,
        "quotes": None if card.quotes is None else [asdict(q) for q in card.quotes],
        "created_at": card.created_at,
        "updated_at": at,
    }


# A batch's cards in one statement whose text is the same for any number of cards (a
# multi-row VALUES is new SQL for every count: PostgreSQL parsed and planned it each time,
# and it pushed the batch's other statements out of asyncpg's per-connection cache).
CARD_COLUMNS = (  # the keys of `card_values`, then the decision's id
    "community_id", "kind", "state", "version", "comment_key", "comment", "verdict",
    "reasons", "draft", "chat_id", "message_id", "handled_by", "handled_at",
    "deliver_after", "night", "dry_run", "failures", "ui_lang", "score", "quotes",
    "created_at", "updated_at", "decision_id",
)  # fmt: skip
_PG_INSERT = UnnestInsert(CardRow, CARD_COLUMNS, returning=("id", "decision_id"))


def card_from_row(row: CardRow) -> Card:
    return Card(
        id=row.id,
        community_id=row.community_id,
        kind=CardKind(row.kind),
        state=CardState(row.state),
        comment=comment_from_dict(row.comment),
        verdict=Verdict(row.verdict),
        reasons=reasons_from_list(row.reasons),
        created_at=row.created_at,
        version=row.version,
        draft=draft_from_dict(row.draft) if row.draft else None,
        chat_id=row.chat_id,
        message_id=row.message_id,
        handled_by=row.handled_by,
        handled_at=row.handled_at,
        deliver_after=row.deliver_after,
        night=row.night,
        dry_run=row.dry_run,
        failures=tuple(row.failures),
        ui_lang=row.ui_lang,
        score=row.score,
        quotes=None if row.quotes is None else tuple(Quote(**q) for q in row.quotes),
    )


async def insert_cards(
    session: AsyncSession, cards: Sequence[tuple[Card, int | None]], at: datetime
) -> list[Card]:
    """Insert `(card, decision_id)` pairs in one statement; the cards with their ids."""
    if not cards:
        return []
    fresh = [replace(card, version=0) for card, _ in cards]
    values = [
        {**card_values(card, at), "decision_id": decision_id}
        for card, (_, decision_id) in zip(fresh, cards, strict=True)
    ]
    connection = await session.connection()  # Core, not the ORM's per-row bulk insert
    decisions = [decision_id for _, decision_id in cards]
    # A decision has one card: its id tells which new id is whose.
    if connection.dialect.name == "postgresql" and len(set(decisions) - {None}) == len(cards):
        inserted = await _PG_INSERT.execute(connection, values)
        rows: list[Any] = list(inserted.all())  # (id, decision_id)
        by_decision = {row[1]: row[0] for row in rows}
        ids = [by_decision[decision_id] for decision_id in decisions]
        return [replace(card, id=new_id) for card, new_id in zip(fresh, ids, strict=True)]
    found = await connection.scalars(
        insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True), values
    )
    return [replace(card, id=new_id) for card, new_id in zip(fresh, found, strict=True)]


class SqlCardRepository:
    """`moderation.ports.CardRepository` on SQLAlchemy."""

    def __init__(self, db: Database, clock: Clock = utcnow, instance: str = PROCESS_ID) -> None:
        self._db = db
        self._clock = clock
        self.instance = instance  # who claims cards for posting

    async def add(self, card: Card) -> Card:
        async with self._db.transaction() as session:
            [stored] = await insert_cards(session, [(card, None)], self._clock())
        return stored

    async def get(self, card_id: int) -> Card | None:
        async with self._db.snapshot() as session:
            row = await session.get(CardRow, card_id)
            return card_from_row(row) if row is not None else None

    async def by_message(self, chat_id: str, message_id: str) -> Card | None:
        async with self._db.snapshot() as session:
            row = await session.scalar(
                select(CardRow).where(CardRow.chat_id == chat_id, CardRow.message_id == message_id)
            )
            return card_from_row(row) if row is not None else None

    async def save(self, card: Card) -> Card | None:
        saved = replace(card, version=card.version + 1)
        values = card_values(saved, self._clock())
        if card.message_id is None:  # computed before the card was posted: keep its id
            del values["message_id"]
        statement = (
            update(CardRow)
            .where(CardRow.id == card.id, CardRow.version == card.version)
            .values(values)
        )
        async with self._db.transaction() as session:
            result = await session.execute(statement)
        return saved if result.rowcount == 1 else None  # type: ignore[attr-defined]

    async def save_many(self, cards: Sequence[Card]) -> list[Card | None]:
        """`save` for many cards in one transaction: the stored versions are read under a
        row lock (SQLite: the write lock), then every card still current is written with
        one executemany."""
        if not cards:
            return []
        now = self._clock()
        async with self._db.transaction() as session:
            current = dict(
                (
                    await session.execute(
                        select(CardRow.id, CardRow.version)
                        .where(among(self._db.dialect, CardRow.id, (c.id for c in cards)))
                        .with_for_update()
                    )
                ).all()
            )
            results: list[Card | None] = []
            params = []
            for card in cards:
                if current.get(card.id) != card.version:
                    results.append(None)
                    continue
                saved = replace(card, version=card.version + 1)
                current[card.id] = saved.version  # a second save of it in this call loses
                values = card_values(saved, now)
                params.append({"b_id": card.id, **{f"v_{k}": v for k, v in values.items()}})
                results.append(saved)
            if params:
                connection = await session.connection()
                await connection.execute(_SAVE_MANY, params)
        return results

    async def claim(self, card_id: int, at: datetime) -> bool:
        """Take the right to post an unposted card (just before the call); False when it is
        posted already or another live instance is posting it."""
        statement = (
            update(CardRow)
            .where(
                CardRow.id == card_id,
                CardRow.message_id.is_(None),
                or_(CardRow.posting_since.is_(None), CardRow.posting_since < at - CLAIM_STALE),
            )
            .values(posting_since=at, posting_by=self.instance)
        )
        async with self._db.single_statements(), self._db.transaction() as session:
            result = await session.execute(statement)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def posted(self, card_id: int, message_id: str | None) -> int | None:
        """Store the posted card's message id (or, with None, give the claim back after a
        failed post); returns the stored version. No version check: posting changes nothing
        a moderator decided."""
        values: dict[str, Any] = {"posting_since": None, "posting_by": None}
        if message_id is not None:
            values["message_id"] = message_id
        statement = (
            update(CardRow).where(CardRow.id == card_id).values(values).returning(CardRow.version)
        )
        async with self._db.single_statements(), self._db.transaction() as session:
            return (await session.execute(statement)).scalar_one_or_none()

    async def release_claims(self, by: Sequence[str]) -> int:
        """Give back the posting claims of these (dead) instances."""
        if not by:
            return 0
        async with self._db.transaction() as session:
            result = await session.execute(
                update(CardRow)
                .where(CardRow.posting_by.in_(list(by)), CardRow.message_id.is_(None))
                .values(posting_since=None, posting_by=None)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def due(self, now: datetime, limit: int) -> tuple[Card, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(CardRow)
                .where(
                    CardRow.message_id.is_(None),
                    or_(CardRow.deliver_after.is_(None), CardRow.deliver_after <= now),
                    or_(CardRow.posting_since.is_(None), CardRow.posting_since < now - CLAIM_STALE),
                )
                .order_by(CardRow.created_at, CardRow.id)
                .limit(limit)
            )
            return tuple(card_from_row(row) for row in rows)

    async def open(self, community_id: str, before: datetime) -> tuple[Card, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(CardRow)
                .where(
                    CardRow.community_id == community_id,
                    CardRow.state.in_(_OPEN),
                    CardRow.created_at < before,
                )
                .order_by(CardRow.created_at, CardRow.id)
            )
            return tuple(card_from_row(row) for row in rows)
