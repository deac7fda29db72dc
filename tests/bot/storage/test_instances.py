"""Heartbeats: a process whose beat stopped is dead, and what it held comes back at once."""

from __future__ import annotations

from dataclasses import dataclass

from bot.pipeline.liveness import Liveness
from bot.storage.engine import Database
from bot.storage.repositories import InboxRepository
from bot.storage.repositories.instance import InstanceRepository
from tests.bot.storage.conftest import FakeClock, make_comment


@dataclass
class ClockPort:
    clock: FakeClock

    def now(self):  # type: ignore[no-untyped-def]
        return self.clock()


async def test_a_dead_instance_rows_are_taken_back_at_once(db: Database, clock: FakeClock) -> None:
    inbox = InboxRepository(db, clock=clock)
    await inbox.store_many([(make_comment(str(n)), {}) for n in range(3)])
    dead = Liveness(db, ClockPort(clock), "worker", "dead-one")
    await dead.beat()
    assert len(await inbox.claim(2, "dead-one")) == 2  # then it is killed with -9
    clock.advance(seconds=2)
    alive = Liveness(db, ClockPort(clock), "all", "alive-one")
    await alive.beat()
    assert (await alive.recover()).rows == 0  # 2 s without a beat: not dead yet
    clock.advance(seconds=4)
    await alive.beat()
    recovered = await alive.recover()
    assert (recovered.instances, recovered.rows) == (1, 2)  # long before a 5-minute lease
    assert (await inbox.counts()).received == 3
    assert await InstanceRepository(db, clock).dead() == ()  # forgotten once taken back
    assert (await alive.recover()).rows == 0  # a second pass finds nothing
