"""Drill: the real `kuzet run` under a burst through the real intake, with faults inside it.

    .venv/bin/python bench/drill.py [--seconds 60] [--rate 1000] [--workers 0]
                                    [--kill-at 20] [--pg-restart-at 40] [--toxic 0.2]

A fake Telegram (the tests' `FakeTelegram`, in this process) receives `--rate` comments a
second for `--seconds`; `kuzet run` (a child process, PostgreSQL, the real detector) polls
them with `getUpdates`, stores each page in the inbox, moderates and deletes. With
`--workers N` it runs as one `--role ingest` plus N `--role worker` processes. At
`--kill-at` seconds the moderating process gets `kill -9` and is started again at once; at
`--pg-restart-at` the local PostgreSQL cluster is stopped for 3 s and started again (it is
shared with other programs: pass a negative value to skip, and run this rarely).

Printed: comments/s from the first push to the last inbox row done; p50/p99 comment →
action latency (push → `deleteMessage` answered, for the toxic share; deletions are never
paced, so platform pacing is excluded); lost (toxic comments never deleted), doubled
(messages deleted twice, cards posted twice); recovery after each fault (fault → first
deletion after it). Texts are distinct (a running number) so nothing is served from a
cache; every author is new, so strikes do not change verdicts mid-run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402

from bench.cpu_meter import CpuMeter  # noqa: E402
from tests.fakes.telegram.journal import Call  # noqa: E402
from tests.fakes.telegram.server import FakeTelegram  # noqa: E402
from tests.system.kuzet_process import CONFIG  # noqa: E402

TOXIC = ("ты тупой урод, иди нахуй", "мразь конченая, заткнись", "сен ақымақсың, жоғал")
CLEAN = (
    "Подскажите, когда будет доставка?",
    "Рахмет, бәрі жақсы болды",
    "Отличный магазин, спасибо",
    "Қашан ашыласыздар?",
)
PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "postgres"}


class Stamps:
    """When each `deleteMessage` / card `sendMessage` was answered (the fake's journal)."""

    def __init__(self, tg: FakeTelegram, mods_chat: int) -> None:
        self.deleted: dict[int, float] = {}
        self.deletes_ok: Counter[int] = Counter()
        self.cards: Counter[str] = Counter()
        self.times: list[float] = []  # every successful deletion, in order
        record = tg.journal.record

        async def stamped(call: Call) -> None:
            if call.method == "deleteMessage" and call.ok:
                now = time.monotonic()
                message_id = int(call.params["message_id"])
                self.deletes_ok[message_id] += 1
                self.deleted.setdefault(message_id, now)
                self.times.append(now)
            elif (
                call.method == "sendMessage"
                and call.ok
                and int(call.params.get("chat_id", 0)) == mods_chat
                and call.params.get("reply_markup")
            ):
                self.cards[str(call.params.get("text", ""))[:400]] += 1
            if call.method != "getUpdates":  # the journal would grow by 4 polls a second
                await record(call)

        tg.journal.record = stamped  # type: ignore[method-assign]

    def first_after(self, moment: float) -> float | None:
        return next((t for t in self.times if t > moment), None)


class Child:
    def __init__(self, config: Path, log: Path, role: str, meter: CpuMeter) -> None:
        self.config, self.log, self.role, self.meter = config, log, role, meter
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        profile = os.environ.get("KUZET_DRILL_PROFILE")  # a cProfile output path
        wrap = ["-m", "cProfile", "-o", f"{profile}.{self.role}"] if profile else []
        self.process = subprocess.Popen(
            [sys.executable, *wrap, "-m", "bot.cli.main", "run", "--config", str(self.config),
             "--role", self.role],
            stdout=out, stderr=out, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        out.close()
        self.meter.kuzet.append((self.role, self.process.pid))

    def started(self) -> bool:
        return (
            self.log.exists()
            and self.log.read_text(errors="replace").count("Kuzet started") >= self.starts
        )

    starts = 0

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


async def wait_started(children: Sequence[Child], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    for child in children:
        child.starts += 1
        while not child.started():
            if time.monotonic() > deadline:
                raise SystemExit(f"{child.role} did not start; see {child.log}")
            await asyncio.sleep(0.1)


def pg_cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    subprocess.run(command + (["-m", "fast"] if action == "stop" else []), check=True)


async def inbox_done(url: str) -> int:
    try:
        connection = await asyncpg.connect(url.replace("+asyncpg", ""), timeout=2)
    except Exception:
        return -1
    try:
        return int(await connection.fetchval("SELECT count(*) FROM inbox WHERE status = 'done'"))
    except Exception:
        return -1
    finally:
        await connection.close()


async def inbox_latency(url: str) -> tuple[float | None, float | None]:
    """p50/p99 of stored → done inside kuzet (intake excluded)."""
    connection = await asyncpg.connect(url.replace("+asyncpg", ""), timeout=5)
    try:
        row = await connection.fetchrow(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), "
            "percentile_cont(0.99) WITHIN GROUP (ORDER BY d) FROM "
            "(SELECT extract(epoch FROM finished_at - received_at) * 1000 AS d FROM inbox "
            "WHERE status = 'done') AS t"
        )
        return (row[0], row[1])
    finally:
        await connection.close()


async def drill(args: argparse.Namespace) -> dict[str, Any]:
    name = f"kuzet_drill_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(**PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    work = Path(tempfile.mkdtemp(prefix="kuzet-drill-"))
    children: list[Child] = []
    try:
        async with FakeTelegram(strict=False) as tg:
            group, mods = tg.add_chat("Shop chat"), tg.add_chat("Moderators")
            for chat in (group, mods):
                tg.add_bot(chat)
            stamps = Stamps(tg, mods.id)
            config = work / "config.toml"
            text = CONFIG.format(
                url=url, token=tg.token, api_base=tg.api_base, group=group.id, mods=mods.id
            )  # the production default for detection: child processes on PostgreSQL
            text = text.replace("processes = 0", f'processes = "{args.detectors}"')
            per_minute = f"messages_per_minute = {args.messages_per_minute}"
            config.write_text(text.replace("messages_per_minute = 60000", per_minute))
            meter = CpuMeter(name, PG_ADMIN)
            if args.workers:
                children = [Child(config, work / "ingest.log", "ingest", meter)]
                children += [
                    Child(config, work / f"worker{n}.log", "worker", meter)
                    for n in range(args.workers)
                ]
            else:
                children = [Child(config, work / "all.log", "all", meter)]
            children[0].start()
            await wait_started(children[:1])
            for child in children[1:]:
                child.start()
            await wait_started(children[1:])
            victim = children[-1]  # the process that moderates
            pushed: dict[int, float] = {}  # toxic message id → push time
            total = 0
            recovery: dict[str, float | None] = {}
            faults: list[tuple[str, float]] = []
            restarts = 0
            await meter.mark()  # start-up is not counted
            metering = asyncio.Event()
            meter_task = asyncio.create_task(meter.run(metering))
            started = time.monotonic()
            tick = 0.02
            next_kill = args.kill_at if args.kill_at >= 0 else None
            next_pg = args.pg_restart_at if args.pg_restart_at >= 0 else None
            while (now := time.monotonic()) - started < args.seconds:
                elapsed = now - started
                due = int(elapsed * args.rate) - total
                for _ in range(max(0, due)):
                    user = tg.add_user(f"U{total}")
                    tg.add_member(group, user)
                    toxic = (total * 7919 % 1000) < args.toxic * 1000
                    pool = TOXIC if toxic else CLEAN
                    message = await tg.comment(user, group, f"{pool[total % len(pool)]} №{total}")
                    if toxic:
                        pushed[message.message_id] = time.monotonic()
                    total += 1
                if victim.process is not None and victim.process.poll() is not None:
                    # It exited (e.g. the database was away while it started): a service
                    # manager (systemd Restart=on-failure) starts it again.
                    restarts += 1
                    victim.start()
                if next_kill is not None and elapsed >= next_kill:
                    next_kill = None
                    victim.kill9()
                    faults.append(("kill -9", time.monotonic()))
                    victim.start()
                    asyncio.get_running_loop().create_task(wait_started([victim]))
                if next_pg is not None and elapsed >= next_pg:
                    next_pg = None
                    await asyncio.to_thread(pg_cluster, "stop")
                    stop_at = time.monotonic()
                    await asyncio.sleep(3.0)
                    await asyncio.to_thread(pg_cluster, "start")
                    faults.append(("postgresql restart", stop_at))
                await asyncio.sleep(tick)
            pushed_until = time.monotonic()
            # Drain: until every toxic comment is gone and the inbox is done (or 120 s).
            deadline = time.monotonic() + 120
            done_at = None
            while time.monotonic() < deadline:
                if len(stamps.deleted) >= len(pushed) and await inbox_done(url) >= total:
                    done_at = time.monotonic()
                    break
                await asyncio.sleep(0.2)
            await meter.sample()
            metering.set()
            await meter_task
            cpu = meter.seconds()
            for label, moment in faults:
                first = stamps.first_after(moment)
                recovery[label] = None if first is None else first - moment
            latencies = sorted(
                stamps.deleted[m] - t for m, t in pushed.items() if m in stamps.deleted
            )
            finished = done_at or time.monotonic()
            inside = await inbox_latency(url)
            return {
                "inbox_to_done_p50_ms": inside[0],
                "inbox_to_done_p99_ms": inside[1],
                "comments": total,
                "toxic": len(pushed),
                "push_seconds": pushed_until - started,
                "comments_per_s": total / (finished - started),
                "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
                "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
                "lost": sum(1 for m in pushed if m not in stamps.deleted),
                "double_deletes": sum(n - 1 for n in stamps.deletes_ok.values() if n > 1),
                "double_cards": sum(n - 1 for n in stamps.cards.values() if n > 1),
                "cards": sum(stamps.cards.values()),
                "recovery_s": recovery,
                "cpu_s": cpu,
                "cpu_ms_per_comment": {k: 1000 * v / max(total, 1) for k, v in cpu.items()},
                "drained": done_at is not None,
                "supervisor_restarts": restarts,
                "logs": str(work),
            }
    finally:
        for child in children:
            child.stop()
        admin = await asyncpg.connect(**PG_ADMIN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=1000.0, help="comments pushed per second")
    parser.add_argument("--workers", type=int, default=0, help="0: one --role all process")
    parser.add_argument("--detectors", default="auto", help="[detection] processes")
    parser.add_argument("--toxic", type=float, default=0.2, help="share of toxic comments")
    parser.add_argument(
        "--messages-per-minute", type=int, default=60000,
        help="[telegram] messages_per_minute: card pacing per chat (Telegram's limit and "
        "the config default is 20; the default here lets every card out unpaced)",
    )  # fmt: skip
    parser.add_argument("--kill-at", type=float, default=20.0, help="negative: no kill")
    parser.add_argument("--pg-restart-at", type=float, default=40.0, help="negative: none")
    args = parser.parse_args(argv)
    result = asyncio.run(drill(args))
    mode = f"ingest + {args.workers} worker(s)" if args.workers else "one process (--role all)"
    print(f"drill: {mode}, {args.rate:.0f} comments/s offered for {args.seconds:.0f} s")
    for key, value in result.items():
        if isinstance(value, float):
            value = f"{value:.1f}"
        elif isinstance(value, dict):
            unit = " s" if key in ("recovery_s", "cpu_s") else ""
            value = ", ".join(
                f"{k}: {'never' if v is None else f'{v:.2f}{unit}'}" for k, v in value.items()
            )
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
