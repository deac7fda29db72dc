"""A worker batch's settle on PostgreSQL: its protective outcomes stored and its inbox rows
marked done by one statement.

The two writes must commit together (a row is done only with its outcomes stored), and one
statement is atomic by itself: no BEGIN and COMMIT round trips, no read-back of the updated
actions (the worker has their outcomes already). Below the peak a batch holds a handful of
comments, so what a batch costs whatever its size decides the CPU per comment and how long
the next comment waits behind it. SQLite, and a batch with failed rows, take the
transaction path in `bot.pipeline.handling`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.storage.engine import Database
from bot.storage.models import InboxStatus
from bot.storage.repositories.action import ActionUpdate, counts_as_attempt

_SETTLE = f"""
WITH outcomes AS (
    UPDATE actions SET
        status = u.status,
        attempts = actions.attempts + u.increment,
        last_error = u.error,
        result = u.result,
        updated_at = u.at,
        in_flight_since = NULL,
        in_flight_by = NULL
    FROM unnest($1::VARCHAR[], $2::VARCHAR[], $3::INTEGER[], $4::TEXT[], $5::TEXT[],
                $6::TIMESTAMPTZ[]) AS u(key, status, increment, error, result, at)
    WHERE actions.idempotency_key = u.key
)
UPDATE inbox SET
    status = '{InboxStatus.DONE.value}',
    worker_id = NULL,
    lease_until = NULL,
    last_error = NULL,
    updated_at = $8,
    finished_at = $8
WHERE id = ANY($7::BIGINT[])
"""


async def settle_batch(
    db: Database, updates: Sequence[ActionUpdate], done: Sequence[int], at: datetime
) -> None:
    """Store `updates` and mark the inbox rows `done` finished at `at`, in one statement."""
    arrays = (
        [u.idempotency_key for u in updates],
        [u.status.value for u in updates],
        [1 if counts_as_attempt(u.status) else 0 for u in updates],
        [u.error for u in updates],
        [u.result for u in updates],
        [u.at for u in updates],
    )
    async with db.single_statements(), db.transaction() as session:
        connection = await session.connection()
        await connection.exec_driver_sql(_SETTLE, (*arrays, list(done), at))
