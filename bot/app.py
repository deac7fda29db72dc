"""The composition root: builds Kuzet from a `Config` and runs it.

`build_kernel` wires storage, detection and the moderation service; `App` adds the
platform sides, the worker, the scheduler and the HTTP app, and starts/stops them in order.
Tests build the very same app: they pass a config pointing at fake servers (the Bot API
and VK base URLs are settings), a fixed clock, or their own side factories — no
monkeypatching.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from sqlalchemy import text

from bot.clock import SystemClock
from bot.config import Config
from bot.config.communities import community_settings
from bot.http.app import HealthCheck, HttpApp
from bot.model_versions import VersionedAnalyzer, model_dir, model_store, weekly_learning
from bot.pipeline.faults import is_database_fault
from bot.pipeline.heap import settle_heap
from bot.pipeline.liveness import Liveness, Recovered
from bot.pipeline.process_analyzer import ProcessBatchAnalyzer
from bot.pipeline.worker import Worker
from bot.reporting.wiring import install_monitoring, monitoring_chores
from bot.scheduler import Scheduler
from bot.sides import GatewayRouter, Kernel, NotifierSlot, Side, SideFactory
from bot.storage import Database
from bot.storage.migrate import upgrade
from bot.storage.repositories import InboxRepository, StateRepository, build_repositories
from classifiers.analyzer import Detector
from classifiers.lexicon import LexiconOverlay
from classifiers.vocabulary import Analysis
from moderation.ports import Clock
from moderation.service import ModerationService

log = logging.getLogger(__name__)


async def build_kernel(
    config: Config, *, clock: Clock | None = None, detector: Detector | None = None
) -> Kernel:
    """Storage (migrated), repositories, detector and service; no platform yet."""
    clock = clock or SystemClock()
    await upgrade(config.database.url)
    db = Database(config.database.url)
    repos = build_repositories(db, clock.now)
    for community in config.communities:
        # The file seeds a community once; admins' later edits live in the database.
        if await repos.communities.get(community.id) is None:
            await repos.communities.save(community_settings(community))
    settings = config.detection
    source: Detector | Callable[[], Detector]
    if detector is not None:
        source = detector
    else:
        source = partial(
            Detector.load,
            model_dir=model_dir(settings),
            lexicon_dir=Path(settings.lexicon_dir) if settings.lexicon_dir else None,
        )
        if not settings.processes:  # the worker detects here: load now (a broken model
            source = source()  # stops the start with its message)
        # else the worker's detectors are child processes (`App`, which also checks the
        # model at start); this one serves single texts only and loads on first use.
    analyzer = VersionedAnalyzer(source, model_store(settings))
    router, notifier = GatewayRouter(), NotifierSlot()
    service = ModerationService(repos, router, notifier, clock, analyzer)
    kernel = Kernel(
        config=config,
        db=db,
        repos=repos,
        inbox=InboxRepository(db, clock=clock.now),
        state=StateRepository(db, clock.now),
        analyzer=analyzer,
        service=service,
        router=router,
        notifier=notifier,
        http=HttpApp(config.http.host, config.http.port, health=_health(db)),
        clock=clock,
    )
    install_monitoring(kernel)  # dialog and monitoring: threads, stats, dashboard route
    return kernel


def _health(db: Database) -> HealthCheck:
    async def check() -> bool:
        try:
            async with db.snapshot() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            log.exception("health check: the database is unreachable")
            return False
        return True

    return check


def default_side_factories() -> list[SideFactory]:
    from bot.telegram.side import create_telegram_side
    from bot.vk.side import create_vk_side

    return [create_telegram_side, create_vk_side]


ROLES = ("all", "ingest", "worker")


class App:
    """A running instance: sides, worker, outbox, scheduler, heartbeat and HTTP, started and
    stopped in order.

    `role` picks what runs (see README, "Scaling out"): `all` — everything, the default;
    `ingest` — the platform sides (polling/webhook/callback, which write the inbox), the
    outbox (cards and replies, paced per chat: one sender per token) and the scheduler;
    `worker` — the inbox worker only (decide, record, protective actions), as many as
    wanted on one PostgreSQL. A worker still builds the sides' clients (it hides and bans
    through them) but does not poll or serve webhooks.
    """

    def __init__(
        self,
        kernel: Kernel,
        side_factories: Sequence[SideFactory] | None = None,
        *,
        worker_poll_interval: float = 0.5,
        scheduler_interval: float = 30.0,
        role: str = "all",
        detector_pool: ProcessBatchAnalyzer | None = None,
    ) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        self.kernel = kernel
        self.role = role
        self._factories = (
            list(side_factories) if side_factories is not None else default_side_factories()
        )
        self.sides: list[Side] = []
        analyzer = kernel.analyzer  # its detector changes when a learned model is promoted
        # `[detection] processes > 0`: the worker's batches go to detector processes,
        # started with the app (see `bot.pipeline.process_analyzer`) — or before it, by
        # `kuzet run`, which passes them in still loading (`detector_pool`).
        self._detector_pool: ProcessBatchAnalyzer | None = None
        self._starting_pool = detector_pool

        def analyze(texts: Sequence[str], overlay: LexiconOverlay | None) -> list[Analysis]:
            pool = self._detector_pool
            if pool is not None:
                return pool(texts, overlay)
            return analyzer.detector.analyze_many(texts, overlay)

        self.worker = Worker(
            kernel.db,
            kernel.router,
            kernel.notifier,
            kernel.clock,
            analyzer=analyze,
            repos=kernel.repos,
            poll_interval=worker_poll_interval,
        )
        kernel.wake_worker = self.worker.notify
        self.outbox = self.worker.outbox
        self.scheduler = Scheduler(
            kernel.service, kernel.repos.communities, kernel.state, kernel.clock,
            interval=scheduler_interval, release=self.outbox.pass_once,
            extra_chores=weekly_learning(kernel),
        )  # fmt: skip
        self.liveness = Liveness(kernel.db, kernel.clock, role, self.worker.worker_id)
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        for factory in self._factories:
            side = await factory(self.kernel)
            if side is not None:
                self.sides.append(side)
        if self.kernel.config.http.enabled:
            await self.kernel.http.start()  # after the sides: they add routes first
        # What is loaded by now lives as long as the process: collect and freeze it before
        # the first update is taken. In the worker's first step (where it happened before)
        # that full collection held the first comments after every start for 0.2-0.4 s.
        settle_heap()
        if self.role != "worker":  # a worker only acts: it never polls nor serves webhooks
            for side in self.sides:
                await side.start()
        detection = self.kernel.config.detection
        if self._starting_pool is not None:
            pool, self._starting_pool = self._starting_pool, None
            await asyncio.to_thread(pool.wait_loaded)
            self._detector_pool = pool
        elif detection.processes and self.role != "ingest":  # ingest runs no worker
            self._detector_pool = await asyncio.to_thread(
                ProcessBatchAnalyzer,
                detection.processes,
                str(model_dir(detection) or "") or None,
                detection.lexicon_dir or None,
            )
        if self._detector_pool is not None and isinstance(self.kernel.analyzer, VersionedAnalyzer):
            self.kernel.analyzer.reload_listeners.append(self._detector_pool.use_model)
        try:  # at once, so a dead predecessor's rows come back before the first claim
            await self.liveness.beat()
            recovered = await self.liveness.recover()
        except Exception as exc:
            if not is_database_fault(exc):
                raise
            recovered = Recovered()  # the database is away: the liveness task retries
        self._tasks = [asyncio.create_task(self.liveness.run(self._stop), name="kuzet-liveness")]
        if self.role in ("all", "worker"):
            self._tasks.append(
                asyncio.create_task(self.worker.run(self._stop), name="kuzet-worker")
            )
        if self.role in ("all", "ingest"):
            self._tasks += [
                asyncio.create_task(self.outbox.run(self._stop), name="kuzet-outbox"),
                asyncio.create_task(self.scheduler.run(self._stop), name="kuzet-scheduler"),
            ]
            chores = monitoring_chores(self.kernel, self.scheduler.interval)
            if chores is not None:
                self._tasks.append(
                    asyncio.create_task(chores.run(self._stop), name="kuzet-monitor")
                )
        platforms = ", ".join(str(side.platform) for side in self.sides) or "no platforms"
        log.info(
            "Kuzet started: %s; role %s, instance %s%s",
            platforms, self.role, self.liveness.instance_id,
            f"; recovered {recovered.rows} inbox row(s)" if recovered.rows else "",
        )  # fmt: skip

    async def stop(self) -> None:
        # The worker finishes its batch first: its actions still need the sides' clients.
        self._stop.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for pool in (self._detector_pool, self._starting_pool):
            if pool is not None:
                await asyncio.to_thread(pool.close)
        self._detector_pool = self._starting_pool = None
        for side in reversed(self.sides):
            try:
                await side.stop()
            except Exception:
                log.exception("stopping the %s side failed", side.platform)
        await self.kernel.http.stop()
        await self.kernel.db.dispose()

    async def __aenter__(self) -> App:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()
