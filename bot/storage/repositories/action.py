"""Platform actions and their outcomes, keyed by the action's idempotency key.

`add` never creates a second row for a key, and `update` is the only way an outcome
changes, so "has this already been done?" is always one read of one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.engine import Database
from bot.storage.errors import NotFoundError
from bot.storage.models import ActionRow
from bot.storage.repositories.bulk import UnnestInsert, among, insert_rows_ignoring
from bot.storage.repositories.instance import PROCESS_ID
from moderation.codec import action_from_dict, action_to_dict
from moderation.comment import CommentKey
from moderation.decision import Action
from moderation.records import ActionRecord, ActionStatus, AttemptStart

_COUNTED = (ActionStatus.DONE, ActionStatus.FAILED)


def counts_as_attempt(status: ActionStatus) -> bool:
    """Whether storing this outcome uses up one of the action's attempts."""
    return status in _COUNTED


def action_values(action: Action, at: datetime) -> dict[str, Any]:
    """A new row: PENDING, or SKIPPED when the action is only recorded (dry-run)."""
    status = ActionStatus.PENDING if action.execute else ActionStatus.SKIPPED
    return {
        "idempotency_key": action.idempotency_key,
        "comment_key": str(action.comment),
        "kind": str(action.kind),
        "origin": action.origin,
        "action": action_to_dict(action),
        "status": status.value,
        "attempts": 0,
        "outcome_unknown": False,
        "created_at": at,
        "updated_at": at,
    }


def new_action_record(action: Action, at: datetime) -> ActionRecord:
    """The record of a row `action_values` just inserted (nothing to read back)."""
    status = ActionStatus.PENDING if action.execute else ActionStatus.SKIPPED
    return ActionRecord(action, status, attempts=0, last_error=None, updated_at=at, result=None)


def action_record(row: ActionRow) -> ActionRecord:
    return ActionRecord(
        action=action_from_dict(row.action),
        status=ActionStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        updated_at=row.updated_at,
        result=row.result,
    )


async def insert_actions(
    session: AsyncSession, dialect: str, actions: Sequence[Action], at: datetime
) -> dict[str, ActionRecord]:
    """Insert what is new, inside the caller's transaction; every key's stored record."""
    if not actions:
        return {}
    rows = [action_values(action, at) for action in actions]
    connection = await session.connection()  # Core: the ORM's bulk insert is slow per row
    if dialect == "postgresql":
        inserted = set((await _PG_INSERT.execute(connection, rows)).scalars().all())
    else:
        statement = insert_rows_ignoring(dialect, ActionRow, ("idempotency_key",)).returning(
            _TABLE.c.idempotency_key
        )
        inserted = set((await connection.scalars(statement, rows)).all())
    # A row just inserted is what `action_values` says; only keys stored before are read.
    stored = {
        action.idempotency_key: new_action_record(action, at)
        for action in actions
        if action.idempotency_key in inserted
    }
    older = [action.idempotency_key for action in actions if action.idempotency_key not in stored]
    return stored | await load_actions(session, older)


async def load_actions(session: AsyncSession, keys: Sequence[str]) -> dict[str, ActionRecord]:
    """The stored records of these idempotency keys (absent keys are left out)."""
    if not keys:
        return {}
    rows = await session.scalars(
        select(ActionRow).where(
            among(session.get_bind().dialect.name, ActionRow.idempotency_key, keys)
        )
    )
    return {row.idempotency_key: action_record(row) for row in rows}


@dataclass(frozen=True, slots=True)
class ActionUpdate:
    """One `update` call's arguments, for `update_many`."""

    idempotency_key: str
    status: ActionStatus
    at: datetime
    error: str | None = None
    result: str | None = None


_TABLE = cast(Table, ActionRow.__table__)
ACTION_COLUMNS = (  # the keys of `action_values`
    "idempotency_key",
    "comment_key",
    "kind",
    "origin",
    "action",
    "status",
    "attempts",
    "outcome_unknown",
    "created_at",
    "updated_at",
)
_PG_INSERT = UnnestInsert(
    ActionRow,
    ACTION_COLUMNS,
    ignore_conflicts_on=("idempotency_key",),
    returning=("idempotency_key",),
)
_UPDATE_MANY = (
    update(_TABLE)
    .where(_TABLE.c.idempotency_key == bindparam("b_key"))
    .values(
        status=bindparam("b_status"),
        attempts=_TABLE.c.attempts + bindparam("b_increment"),
        last_error=bindparam("b_error"),
        result=bindparam("b_result"),
        updated_at=bindparam("b_at"),
        in_flight_since=None,
        in_flight_by=None,
    )
)
# A send claimed longer ago than this was claimed by an instance that died mid-call.
IN_FLIGHT_STALE = timedelta(seconds=60)


class SqlActionRepository:
    """`moderation.ports.ActionRepository` on SQLAlchemy."""

    def __init__(self, db: Database, instance: str = PROCESS_ID) -> None:
        self._db = db
        self.instance = instance  # who claims sends: see `bot.storage.repositories.instance`

    async def add(self, action: Action, at: datetime) -> ActionRecord:
        async with self._db.transaction() as session:
            stored = await insert_actions(session, self._db.dialect, [action], at)
        return stored[action.idempotency_key]

    async def get(self, idempotency_key: str) -> ActionRecord | None:
        async with self._db.snapshot() as session:
            row = await session.scalar(
                select(ActionRow).where(ActionRow.idempotency_key == idempotency_key)
            )
            return action_record(row) if row is not None else None

    async def update(
        self,
        idempotency_key: str,
        status: ActionStatus,
        *,
        at: datetime,
        error: str | None = None,
        result: str | None = None,
    ) -> ActionRecord:
        increment = 1 if counts_as_attempt(status) else 0
        statement = (
            update(ActionRow)
            .where(ActionRow.idempotency_key == idempotency_key)
            .values(
                status=status.value,
                attempts=ActionRow.attempts + increment,
                last_error=error,
                result=result,
                updated_at=at,
                in_flight_since=None,
                in_flight_by=None,
            )
            .returning(ActionRow)
        )
        async with self._db.transaction() as session:
            row = (await session.scalars(statement)).one_or_none()
            if row is None:
                raise NotFoundError(f"no action with idempotency key {idempotency_key!r}")
            return action_record(row)

    async def update_many(self, updates: Sequence[ActionUpdate]) -> list[ActionRecord]:
        """`update` for many actions in one statement (a worker's wave of outcomes)."""
        if not updates:
            return []
        params = [
            {
                "b_key": u.idempotency_key,
                "b_status": u.status.value,
                "b_increment": 1 if counts_as_attempt(u.status) else 0,
                "b_error": u.error,
                "b_result": u.result,
                "b_at": u.at,
            }
            for u in updates
        ]
        async with self._db.transaction() as session:
            connection = await session.connection()
            await connection.execute(_UPDATE_MANY, params)
            stored = await load_actions(session, [u.idempotency_key for u in updates])
        missing = [u.idempotency_key for u in updates if u.idempotency_key not in stored]
        if missing:
            raise NotFoundError(f"no action with idempotency key {missing[0]!r}")
        return [stored[u.idempotency_key] for u in updates]

    async def begin_attempts(self, starts: Sequence[tuple[str, datetime]]) -> list[AttemptStart]:
        """`begin_attempt` for many actions, one by one (sends are claimed singly, right
        before each call)."""
        return [await self.begin_attempt(key, at) for key, at in starts]

    async def begin_attempt(self, idempotency_key: str, at: datetime) -> AttemptStart:
        """Claim a send just before its platform call (atomically: of two instances only
        one starts). BUSY while another live instance holds it; a claim older than
        `IN_FLIGHT_STALE` is taken over (its instance died; `release_in_flight` gives back
        a dead instance's claims at once)."""
        free = ActionRow.in_flight_since.is_(None) | (
            ActionRow.in_flight_since < at - IN_FLIGHT_STALE
        )
        startable = (
            (ActionRow.idempotency_key == idempotency_key)
            & ActionRow.status.in_([ActionStatus.PENDING.value, ActionStatus.FAILED.value])
            & free
        )
        async with self._db.transaction() as session:
            started = await session.execute(
                update(ActionRow)
                .where(startable)
                .values(in_flight_since=at, in_flight_by=self.instance)
            )
            if started.rowcount == 1:  # type: ignore[attr-defined]
                return AttemptStart.STARTED
            row = await session.scalar(
                select(ActionRow.status).where(ActionRow.idempotency_key == idempotency_key)
            )
        if row is None:
            raise NotFoundError(f"no action with idempotency key {idempotency_key!r}")
        if ActionStatus(row) in (ActionStatus.DONE, ActionStatus.SKIPPED):
            return AttemptStart.FINAL
        return AttemptStart.BUSY

    async def release_in_flight(self, instances: Sequence[str]) -> int:
        """Give back the send claims of these (dead) instances: their sends go out again."""
        if not instances:
            return 0
        async with self._db.transaction() as session:
            result = await session.execute(
                update(ActionRow)
                .where(ActionRow.in_flight_by.in_(list(instances)))
                .values(in_flight_since=None, in_flight_by=None)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def for_comments(
        self, keys: Sequence[CommentKey]
    ) -> dict[CommentKey, list[ActionRecord]]:
        """The actions of many comments in one query, in creation order."""
        found: dict[CommentKey, list[ActionRecord]] = {key: [] for key in keys}
        if not keys:
            return found
        by_text = {str(key): key for key in keys}
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ActionRow)
                .where(among(self._db.dialect, ActionRow.comment_key, list(by_text)))
                .order_by(ActionRow.id)
            )
            for row in rows:
                found[by_text[row.comment_key]].append(action_record(row))
        return found

    async def due_sends(self, kinds: Sequence[str], limit: int) -> tuple[ActionRecord, ...]:
        """Automatic sends never attempted and not claimed: the outbox's queue."""
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ActionRow)
                .where(
                    ActionRow.status == ActionStatus.PENDING.value,
                    ActionRow.kind.in_(list(kinds)),
                    ActionRow.origin == "auto",
                    ActionRow.in_flight_since.is_(None),
                )
                .order_by(ActionRow.id)
                .limit(limit)
            )
            return tuple(action_record(row) for row in rows)

    async def for_comment(self, key: CommentKey) -> tuple[ActionRecord, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ActionRow).where(ActionRow.comment_key == str(key)).order_by(ActionRow.id)
            )
            return tuple(action_record(row) for row in rows)

    async def retryable(self, max_attempts: int, limit: int) -> tuple[ActionRecord, ...]:
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(ActionRow)
                .where(
                    ActionRow.status.in_([ActionStatus.PENDING.value, ActionStatus.FAILED.value]),
                    ActionRow.attempts < max_attempts,
                    ActionRow.outcome_unknown.is_(False),  # flagged by older versions
                )
                .order_by(ActionRow.id)
                .limit(limit)
            )
            return tuple(action_record(row) for row in rows)
