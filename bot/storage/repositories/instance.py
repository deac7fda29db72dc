"""Which Kuzet processes are alive: a heartbeat table, and taking back what dead ones held.

Why a heartbeat and not a stable instance id: several workers may run on one machine (or
in containers with the same host name), and a process killed with `kill -9` never says
goodbye. Each process registers under a fresh id (`PROCESS_ID`) and refreshes its row every
`BEAT` seconds; an id not seen for `DEAD_AFTER` belongs to a dead process, and any live
one gives its inbox rows, card claims and send claims back at once. A restart therefore
recovers its predecessor's rows within `DEAD_AFTER` of the crash (often already at start,
since loading the detector takes longer) instead of after a 5-minute lease; a row leased to
an id with no heartbeat at all (an older version, a test's worker) is left to its lease.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from bot.storage.clock import Clock, utcnow
from bot.storage.engine import Database
from bot.storage.models import InstanceRow
from bot.storage.upsert import insert_for

PROCESS_ID = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
BEAT = 1.0  # seconds between heartbeats
DEAD_AFTER = timedelta(seconds=5)
FORGET_AFTER = timedelta(days=1)  # dead instances' rows are dropped after this


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    role: str
    host: str
    started_at: datetime
    seen_at: datetime


class InstanceRepository:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def beat(self, instance_id: str, role: str) -> None:
        """Register or refresh `instance_id` (its first beat sets `started_at`)."""
        now = self._clock()
        values = {
            "id": instance_id,
            "role": role,
            "host": socket.gethostname()[:128],
            "started_at": now,
            "seen_at": now,
        }
        statement = insert_for(self._db.dialect, InstanceRow).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["id"], set_={"seen_at": statement.excluded.seen_at}
        )
        async with self._db.transaction() as session:
            await session.execute(statement)

    async def dead(self) -> tuple[str, ...]:
        """Ids whose heartbeat stopped `DEAD_AFTER` ago or more."""
        cutoff = self._clock() - DEAD_AFTER
        async with self._db.snapshot() as session:
            rows = await session.scalars(select(InstanceRow.id).where(InstanceRow.seen_at < cutoff))
            return tuple(rows)

    async def forget(self, ids: tuple[str, ...]) -> None:
        """Drop dead instances once what they held has been taken back."""
        if not ids:
            return
        async with self._db.transaction() as session:
            await session.execute(delete(InstanceRow).where(InstanceRow.id.in_(ids)))

    async def retire(self, instance_id: str) -> None:
        """A clean stop: the row goes at once, nothing is left to recover."""
        await self.forget((instance_id,))

    async def alive(self) -> tuple[Instance, ...]:
        cutoff = self._clock() - DEAD_AFTER
        async with self._db.snapshot() as session:
            rows = await session.scalars(select(InstanceRow).where(InstanceRow.seen_at >= cutoff))
            return tuple(Instance(r.id, r.role, r.host, r.started_at, r.seen_at) for r in rows)

    async def touch(self, instance_id: str) -> None:
        """Refresh only (the row exists)."""
        async with self._db.transaction() as session:
            await session.execute(
                update(InstanceRow)
                .where(InstanceRow.id == instance_id)
                .values(seen_at=self._clock())
            )
