"""CPU seconds the parts of a drill spend, so a figure on a shared machine can be explained.

On 2 cores shared with other programs, comments/s says little by itself: it moves with the
machine's load. CPU time per comment does not move much, and it says which part costs
what — `kuzet run` itself, its detector process(es), the PostgreSQL backends serving the
run's database, and the drill's own process (the fake Telegram and the pusher, which share
the same cores). Linux only (`/proc`); elsewhere every figure is 0.

A process's CPU time is readable only while it lives, so the meter samples every second
and keeps the last reading of each process: one that exits between two samples loses at
most a second of its time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import defaultdict
from pathlib import Path

import asyncpg

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # after "pid (name)"
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            found[stat[0]].append(int(entry.name))
    return found


class CpuMeter:
    """Samples the CPU time of the processes in each group, from `mark` on."""

    def __init__(self, database: str, admin: dict[str, object]) -> None:
        self.database, self.admin = database, admin
        # The `kuzet run` processes started so far: (role, pid).
        self.kuzet: list[tuple[str, int]] = []
        self._last: dict[tuple[str, int], float] = {}
        self._base: dict[tuple[str, int], float] = {}
        self._started = time.process_time()
        self._connection: asyncpg.Connection | None = None
        # The drill's last `sample` may meet `run`'s: one connection, one query at a time.
        self._sampling = asyncio.Lock()

    async def sample(self) -> None:
        async with self._sampling:
            await self._sample()

    async def _sample(self) -> None:
        tree = _children()
        for role, pid in self.kuzet:
            self._read(f"kuzet {role}", pid)
            for child in tree.get(pid, ()):  # detector processes (and their helpers)
                self._read(f"detector ({role})", child)
        try:
            if self._connection is None or self._connection.is_closed():
                self._connection = await asyncpg.connect(**self.admin)  # type: ignore[arg-type]
            backends = await self._connection.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1", self.database
            )
        except (OSError, asyncpg.PostgresError):
            return  # PostgreSQL restarting inside the drill: the next sample reads them
        for row in backends:
            self._read("postgres", int(row["pid"]))

    async def mark(self) -> None:
        """From now on: what the processes spent before (their start-up) is not counted."""
        await self.sample()
        self._base = dict(self._last)
        self._started = time.process_time()

    def _read(self, group: str, pid: int) -> None:
        stat = _stat(pid)
        if stat is not None:
            self._last[(group, pid)] = stat[1]

    async def run(self, stop: asyncio.Event) -> None:
        """Sample every second until `stop`."""
        try:
            while not stop.is_set():
                await self.sample()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            if self._connection is not None:
                await self._connection.close()

    def seconds(self) -> dict[str, float]:
        """CPU seconds per group since `mark`; "drill" is this process (the fake Telegram
        and the pusher)."""
        totals: dict[str, float] = defaultdict(float)
        for (group, pid), seconds in self._last.items():
            totals[group] += seconds - self._base.get((group, pid), 0.0)
        totals["drill"] = time.process_time() - self._started
        return dict(totals)
