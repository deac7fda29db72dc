"""`[detection] processes = 1`: the running app's worker analyzes in a child process, and
the pool is gone after stop.

The app's own detector is given an empty lexicon (the composition root accepts one), while
the child loads the configured (bundled) one: a lexicon match in the stored analysis can
only come from the child."""

from __future__ import annotations

import asyncio

from bot.app import App, build_kernel
from bot.config.model import CommunityConfig, Config, DatabaseConfig, DetectionConfig
from classifiers.analyzer import Detector
from classifiers.lexicon import Lexicon
from classifiers.model import ModelBundle
from tests.bot.pipeline.conftest import COMMUNITY, comment


async def test_worker_analyzes_in_a_child_process(sqlite_url: str) -> None:
    community = CommunityConfig(
        id=COMMUNITY, platform="telegram", name="News", moderators_chat=None,
        telegram_chats=(-100200,),
    )  # fmt: skip
    config = Config(
        database=DatabaseConfig(sqlite_url),
        detection=DetectionConfig(processes=1),
        communities=(community,),
    )
    own = Detector(Lexicon([], {}, "empty-lexicon"), ModelBundle.load())
    kernel = await build_kernel(config, detector=own)
    app = App(kernel, [], worker_poll_interval=0.05, scheduler_interval=3600)
    await app.start()
    try:
        pool = app._detector_pool
        assert pool is not None
        abusive = comment(1, "ты тупой урод, иди нахуй")
        await kernel.inbox.store(abusive, {"n": 1})
        kernel.wake_worker()
        for _ in range(200):
            record = await kernel.repos.decisions.get(abusive.key)
            if record is not None:
                break
            await asyncio.sleep(0.05)
        assert record is not None, "the worker decided nothing"
        assert record.analysis["toxic"] is True
        assert record.analysis["matches"], "analyzed by the app's own (empty) lexicon"
        assert record.versions["lexicon"] != "empty-lexicon"
    finally:
        await app.stop()
    assert app._detector_pool is None


async def test_with_detector_processes_single_texts_load_a_detector_on_first_use(
    sqlite_url: str,
) -> None:
    config = Config(database=DatabaseConfig(sqlite_url), detection=DetectionConfig(processes=1))
    kernel = await build_kernel(config)  # no detector loaded here: the children detect
    try:
        found = await kernel.analyzer("ты тупой урод, иди нахуй", ())
        assert found.toxic and found.matches
        assert kernel.analyzer.detector.versions["lexicon"] == found.versions["lexicon"]
    finally:
        await kernel.db.dispose()
