"""This process's heartbeat, and taking back at once what dead instances held.

See `bot.storage.repositories.instance` for why a heartbeat table (and not a stable
instance id) decides who is dead. `Liveness.recover` gives a dead instance's inbox rows
back to the queue, its card claims and its send claims back to the outbox, logs what it
took back, and forgets the instance. Any live process may run it; doing it twice is
harmless (the second finds nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from bot.pipeline.faults import is_database_fault
from bot.storage.engine import Database
from bot.storage.repositories import InboxRepository, SqlActionRepository, SqlCardRepository
from bot.storage.repositories.instance import BEAT, DEAD_AFTER, PROCESS_ID, InstanceRepository
from moderation.ports import Clock

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Recovered:
    instances: int = 0
    rows: int = 0
    cards: int = 0
    sends: int = 0


class Liveness:
    def __init__(
        self, db: Database, clock: Clock, role: str, instance_id: str = PROCESS_ID
    ) -> None:
        self.instance_id = instance_id
        self.role = role
        self._instances = InstanceRepository(db, clock.now)
        self._inbox = InboxRepository(db, clock=clock.now)
        self._cards = SqlCardRepository(db, clock.now, instance_id)
        self._actions = SqlActionRepository(db, instance_id)
        self._fault_at = -1e9  # monotonic time of the last failed beat

    async def beat(self) -> None:
        await self._instances.beat(self.instance_id, self.role)

    async def recover(self) -> Recovered:
        """Take back what dead instances held; logs one line when there was anything.
        Right after a database outage everybody's heartbeat looks old, so nobody is
        judged dead until this process has beaten through `DEAD_AFTER` again."""
        if time.monotonic() - self._fault_at < DEAD_AFTER.total_seconds() + BEAT:
            return Recovered()
        dead = tuple(i for i in await self._instances.dead() if i != self.instance_id)
        if not dead:
            return Recovered()
        found = Recovered(
            len(dead),
            await self._inbox.release_many(dead),
            await self._cards.release_claims(dead),
            await self._actions.release_in_flight(dead),
        )
        await self._instances.forget(dead)
        log.warning(
            "recovered from %d dead instance(s) %s: %d inbox row(s), %d card claim(s), "
            "%d send claim(s) taken back",
            found.instances, ", ".join(dead), found.rows, found.cards, found.sends,
        )  # fmt: skip
        return found

    async def run(self, stop: asyncio.Event) -> None:
        """Beat every `BEAT` seconds and recover the dead, until `stop`; then retire."""
        while not stop.is_set():
            try:
                await self.beat()
                await self.recover()
            except Exception as exc:
                self._fault_at = time.monotonic()
                if not is_database_fault(exc):
                    log.exception("heartbeat failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=BEAT)
        with contextlib.suppress(Exception):
            await self._instances.retire(self.instance_id)
