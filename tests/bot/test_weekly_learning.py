"""The optional weekly learning chore: verdicts from the database, promotion, hot reload."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import build_kernel
from bot.config.model import Config, DatabaseConfig, DetectionConfig
from bot.model_versions import LearnJob, VersionedAnalyzer, WeeklyLearning, weekly_learning
from bot.scheduler import Scheduler
from classifiers.model.store import ModelStore
from moderation.records import SampleLabel, TrainingSample
from tests.classifiers.test_learning import HELD_OUT, builder, teaching, write_base


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at


async def test_weekly_chore_learns_promotes_and_reloads(sqlite_url: str, tmp_path: Path) -> None:
    clock = _Clock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    store = ModelStore(tmp_path / "models")
    detection = DetectionConfig(model_store=str(store.root), learn_weekly=True)
    config = Config(database=DatabaseConfig(sqlite_url), detection=detection)
    kernel = await build_kernel(config, clock=clock)
    try:
        assert [name for name, _ in weekly_learning(kernel)] == ["learn"]
        off = dataclasses.replace(config, detection=DetectionConfig(model_store=str(store.root)))
        assert weekly_learning(dataclasses.replace(kernel, config=off)) == []
        build = builder(write_base(tmp_path))
        baseline = tmp_path / "baseline"
        build(baseline, [], {})
        for i, verdict in enumerate(teaching(30)):
            label = SampleLabel.TOXIC if verdict.toxic else SampleLabel.CLEAN
            at = clock.at + timedelta(minutes=i)
            await kernel.repos.samples.add(
                TrainingSample(verdict.text, label, "ru", "shop", "m", at)
            )
        await kernel.repos.samples.add(
            TrainingSample("спасибо", SampleLabel.REPLY_APPROVED, "ru", "shop", "m", clock.at)
        )
        analyzer = kernel.analyzer
        assert isinstance(analyzer, VersionedAnalyzer)
        before = analyzer.detector.versions["model"]
        job = LearnJob(
            store, kernel.repos.samples, clock, baseline=baseline, build=build, held_out=HELD_OUT
        )
        chore = WeeklyLearning(job, kernel.state, analyzer)
        scheduler = Scheduler(
            kernel.service,
            kernel.repos.communities,
            kernel.state,
            clock,
            extra_chores=[("learn", chore)],
        )
        await scheduler.tick()
        assert store.state().active is not None
        assert analyzer.detector.versions["model"] != before  # the promoted model is in use
        meta = store.metadata(str(store.state().active))
        assert meta["learned"]["verdicts"] == 48  # 60 toxic/clean verdicts, 12 held out
        clock.at += timedelta(days=3)
        assert await chore() is False  # not a week yet
    finally:
        await kernel.db.dispose()
