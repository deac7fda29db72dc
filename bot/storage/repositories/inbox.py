"""The inbox repository: store received comments once, hand them to workers, track outcome.

`store` is idempotent (ON CONFLICT DO NOTHING on the unique key), so an adapter may store a
re-delivered event and acknowledge the platform either way. `claim` leases a batch of rows
to one worker: PostgreSQL skips rows another worker has locked (`FOR UPDATE SKIP LOCKED`);
SQLite has a single writer, and the claim's `BEGIN IMMEDIATE` transaction makes select and
update one step. A lease that runs out (the worker crashed) is returned by `reclaim_expired`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Result, exists, func, select, update

from bot.storage.clock import Clock, utcnow
from bot.storage.engine import Database
from bot.storage.models import DecisionRow, InboxRow, InboxStatus
from bot.storage.repositories.bulk import UnnestInsert, among
from bot.storage.repositories.state import StateRepository
from bot.storage.upsert import insert_ignore
from moderation.codec import comment_from_dict, comment_to_dict
from moderation.comment import Comment

INBOX_KEY = ("platform", "chat_id", "comment_id", "revision")
_STORED_COLUMNS = (
    "platform", "chat_id", "comment_id", "revision", "community_id", "post_id", "author_id",
    "author_name", "text", "sent_at", "comment", "raw", "status", "attempts", "received_at",
    "updated_at",
)  # fmt: skip
_PG_STORE = UnnestInsert(
    InboxRow, _STORED_COLUMNS, ignore_conflicts_on=INBOX_KEY, returning=INBOX_KEY
)
# The same, with a state key (the poller's next offset) written by the same statement.
_PG_STORE_WITH_STATE = UnnestInsert(
    InboxRow,
    _STORED_COLUMNS,
    ignore_conflicts_on=INBOX_KEY,
    returning=INBOX_KEY,
    before=(
        "WITH saved AS (INSERT INTO kv_state (key, value, updated_at) "
        "VALUES ({0}::VARCHAR, {1}::TEXT, {2}::TIMESTAMPTZ) ON CONFLICT (key) "
        "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at) "
    ),
)
DEFAULT_LEASE = timedelta(minutes=5)
DEFAULT_MAX_ATTEMPTS = 5


def comment_columns(comment: Comment) -> dict[str, Any]:
    """The row's normalized columns (for queries and reports) plus the whole comment."""
    return {
        "platform": str(comment.platform),
        "chat_id": comment.chat_id,
        "comment_id": comment.comment_id,
        "revision": comment.revision,
        "community_id": comment.community_id,
        "post_id": comment.post_id,
        "author_id": comment.author.id,
        "author_name": comment.author.display[:256],
        "text": comment.text,
        "sent_at": comment.created_at,
        "comment": comment_to_dict(comment),
    }


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A claimed inbox row: the comment to moderate and how often it has been tried."""

    id: int
    comment: Comment  # the raw event stays in the row, for audits; workers need the comment
    attempts: int
    received_at: datetime
    decided: bool | None = None  # whether its comment has a decision; None: not looked up


@dataclass(frozen=True, slots=True)
class InboxCounts:
    received: int = 0
    processing: int = 0
    done: int = 0
    failed: int = 0


class InboxRepository:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = utcnow,
        lease: timedelta = DEFAULT_LEASE,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._lease = lease
        self._max_attempts = max_attempts

    async def store(self, comment: Comment, raw: Mapping[str, Any]) -> bool:
        """Persist one received comment; False when this key was stored before."""
        return (await self.store_many([(comment, raw)]))[0]

    async def store_many(
        self,
        events: Sequence[tuple[Comment, Mapping[str, Any]]],
        state: tuple[str, str] | None = None,
    ) -> list[bool]:
        """Persist a batch in one transaction; per event, whether it was new. `state`: a
        (key, value) of the state table set in the same transaction (a poller's offset);
        on PostgreSQL the page and it are one statement, one round trip."""
        if not events:
            return []
        now = self._clock()
        rows = [
            {
                **comment_columns(comment),
                "raw": dict(raw),
                "status": InboxStatus.RECEIVED.value,
                "attempts": 0,
                "received_at": now,
                "updated_at": now,
            }
            for comment, raw in events
        ]
        if state is not None and self._db.dialect == "postgresql":
            async with self._db.single_statements(), self._db.transaction() as session:
                connection = await session.connection()
                written = await _PG_STORE_WITH_STATE.execute(connection, rows, *state, now)
                return _new_of(rows, {tuple(row) for row in written})
        # SQLite: the state's write joins the page's transaction.
        joined = self._db.single_statements() if state is not None else nullcontext()
        async with joined, self._db.transaction() as session:
            found: Result[Any]
            if state is not None:
                await StateRepository(self._db, self._clock).set(*state)
            if self._db.dialect == "postgresql":  # a page of polling: one array per column
                connection = await session.connection()
                found = await _PG_STORE.execute(connection, rows)
            else:
                statement = insert_ignore(self._db.dialect, InboxRow, INBOX_KEY).returning(
                    *(getattr(InboxRow, name) for name in INBOX_KEY)
                )
                found = await session.execute(statement, rows)
            inserted = {tuple(row) for row in found}
        return _new_of(rows, inserted)

    async def claim(self, batch: int, worker_id: str) -> list[InboxItem]:
        """Lease up to `batch` received rows (oldest first) to `worker_id`."""
        now = self._clock()
        pending = (
            select(InboxRow.id)
            .where(InboxRow.status == InboxStatus.RECEIVED.value)
            .order_by(InboxRow.id)
            .limit(batch)
            .with_for_update(skip_locked=True)  # PostgreSQL only; SQLite ignores it
        )
        claim = (
            update(InboxRow)
            .where(InboxRow.id.in_(pending.scalar_subquery()))
            .values(
                status=InboxStatus.PROCESSING.value,
                worker_id=worker_id,
                lease_until=now + self._lease,
                attempts=InboxRow.attempts + 1,
                updated_at=now,
            )
            .returning(InboxRow.id, InboxRow.comment, InboxRow.attempts, InboxRow.received_at)
        )
        statement: Any = claim
        if self._db.dialect == "postgresql":
            # Whether each row's comment was decided before (a re-delivery, or a batch a
            # fault broke), in the same statement: the worker reads only those decisions.
            claimed = claim.returning(*(getattr(InboxRow, k) for k in INBOX_KEY)).cte()
            decided = exists().where(*(getattr(DecisionRow, k) == claimed.c[k] for k in INBOX_KEY))
            statement = select(
                claimed.c.id, claimed.c.comment, claimed.c.attempts, claimed.c.received_at,
                decided.label("decided"),
            )  # fmt: skip
        # One statement, atomic by itself: no BEGIN/COMMIT round trips around it.
        async with self._db.single_statements(), self._db.transaction() as session:
            rows = (await session.execute(statement)).all()
        items = [
            InboxItem(
                id=row.id,
                comment=comment_from_dict(row.comment),
                attempts=row.attempts,
                received_at=row.received_at,
                decided=getattr(row, "decided", None),
            )
            for row in rows
        ]
        return sorted(items, key=lambda item: item.id)

    async def complete(self, ids: Sequence[int]) -> None:
        """Mark rows done: their decision and actions are recorded."""
        await self._finish(ids, InboxStatus.DONE, None)

    async def fail(self, item_id: int, error: str, *, retry: bool = True) -> InboxStatus:
        """Record a failure; the row goes back to the queue until `max_attempts`, then stays
        'failed' for a human to look at. Returns the status the row now has."""
        async with self._db.transaction() as session:
            attempts = await session.scalar(select(InboxRow.attempts).where(InboxRow.id == item_id))
            terminal = not retry or (attempts or 0) >= self._max_attempts
            status = InboxStatus.FAILED if terminal else InboxStatus.RECEIVED
            await session.execute(self._finishing(status, error, [item_id]))
        return status

    async def reclaim_expired(self) -> int:
        """Return rows whose lease ran out (their worker died) to the queue; rows that have
        used up their attempts fail instead, so one poisonous comment cannot loop forever."""
        now = self._clock()
        expired = (InboxRow.status == InboxStatus.PROCESSING.value) & (InboxRow.lease_until < now)
        async with self._db.transaction() as session:
            exhausted = await session.execute(
                update(InboxRow)
                .where(expired, InboxRow.attempts >= self._max_attempts)
                .values(
                    status=InboxStatus.FAILED.value,
                    worker_id=None,
                    lease_until=None,
                    last_error="lease expired on every attempt",
                    updated_at=now,
                    finished_at=now,
                )
            )
            returned = await session.execute(
                update(InboxRow)
                .where(expired)
                .values(
                    status=InboxStatus.RECEIVED.value,
                    worker_id=None,
                    lease_until=None,
                    last_error="lease expired",
                    updated_at=now,
                )
            )
        return int(exhausted.rowcount or 0) + int(returned.rowcount or 0)  # type: ignore[attr-defined]

    async def release(self, worker_id: str) -> int:
        """Return every row leased to `worker_id` to the queue: a graceful stop, or a
        dead instance (see `instance.py`), need not wait for the lease to run out."""
        return await self.release_many([worker_id])

    async def release_many(self, worker_ids: Sequence[str]) -> int:
        if not worker_ids:
            return 0
        now = self._clock()
        async with self._db.transaction() as session:
            result = await session.execute(
                update(InboxRow)
                .where(
                    InboxRow.status == InboxStatus.PROCESSING.value,
                    InboxRow.worker_id.in_(list(worker_ids)),
                )
                .values(
                    status=InboxStatus.RECEIVED.value,
                    worker_id=None,
                    lease_until=None,
                    attempts=InboxRow.attempts - 1,  # not the comment's fault: no attempt used
                    updated_at=now,
                )
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def counts(self) -> InboxCounts:
        async with self._db.snapshot() as session:
            rows = await session.execute(
                select(InboxRow.status, func.count()).group_by(InboxRow.status)
            )
            return InboxCounts(**{status: count for status, count in rows.all()})

    async def _finish(self, ids: Sequence[int], status: InboxStatus, error: str | None) -> None:
        if not ids:
            return
        async with self._db.transaction() as session:
            await session.execute(self._finishing(status, error, ids))

    def _finishing(self, status: InboxStatus, error: str | None, ids: Sequence[int]) -> Any:
        now = self._clock()
        terminal = status in (InboxStatus.DONE, InboxStatus.FAILED)
        return (
            update(InboxRow)
            .where(among(self._db.dialect, InboxRow.id, ids))
            .values(
                status=status.value,
                worker_id=None,
                lease_until=None,
                last_error=error,
                updated_at=now,
                finished_at=now if terminal else None,
            )
        )


def _new_of(rows: Sequence[dict[str, Any]], inserted: set[tuple[Any, ...]]) -> list[bool]:
    """Per row, whether it was new: inserted now, and not a repeat within the page."""
    seen: set[tuple[Any, ...]] = set()
    new: list[bool] = []
    for row in rows:
        key = tuple(row[name] for name in INBOX_KEY)
        new.append(key in inserted and key not in seen)
        seen.add(key)
    return new
