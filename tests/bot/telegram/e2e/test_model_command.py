"""`/model` and `/model rollback` end to end: the fake Bot API, a real store on disk."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App, build_kernel
from bot.config.model import DetectionConfig
from bot.model_versions import VersionedAnalyzer
from bot.telegram.side import OPTIONS_KEY, create_telegram_side
from classifiers.model import DEFAULT_MODEL_DIR
from classifiers.model.store import ModelStore
from tests.bot.telegram.e2e.conftest import OPTIONS, FakeTime, World, tg_config
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.server import FakeTelegram

START = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


async def _run(tg: FakeTelegram, world: World, text: str) -> Call:
    message = await tg.comment(world.admin, world.mods, text)
    return await tg.wait_for_call(
        "sendMessage",
        chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
        timeout=30.0,  # a rollback loads a model: seconds on a busy machine
    )


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    """Two versions of the shipped model, the second active."""
    store = ModelStore(tmp_path / "models")
    store.promote(store.add(DEFAULT_MODEL_DIR, START))
    store.promote(store.add(DEFAULT_MODEL_DIR, START + timedelta(days=7)))
    return store


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, world: World, sqlite_url: str, store: ModelStore
) -> AsyncIterator[App]:
    config = tg_config(fake_telegram, world, sqlite_url)
    config = dataclasses.replace(config, detection=DetectionConfig(model_store=str(store.root)))
    kernel = await build_kernel(config, clock=FakeTime(fake_telegram))
    kernel.extras[OPTIONS_KEY] = OPTIONS
    app = App(kernel, [create_telegram_side], worker_poll_interval=0.05, scheduler_interval=3600)
    await app.start()
    yield app
    await app.stop()


async def test_model_shows_version_figures_and_sources(
    fake_telegram: FakeTelegram, world: World, app: App, store: ModelStore
) -> None:
    answer = (await _run(fake_telegram, world, "/model")).params["text"]
    assert app.kernel.analyzer.detector.versions["model"] in answer
    assert "F1" in answer and "MIT" in answer
    assert "Версий для отката: 1" in answer


async def test_rollback_switches_to_the_previous_version(
    fake_telegram: FakeTelegram, world: World, app: App, store: ModelStore
) -> None:
    before = store.state()
    answer = (await _run(fake_telegram, world, "/model rollback")).params["text"]
    assert "Вернулись к предыдущей модели" in answer
    assert store.state().active == before.previous[0]
    analyzer = app.kernel.analyzer
    assert isinstance(analyzer, VersionedAnalyzer)
    assert analyzer.detector.analyze("ты тупой урод").toxic  # the reloaded model works
    refused = (await _run(fake_telegram, world, "/model rollback")).params["text"]
    assert "Откат не выполнен" in refused
    entries = await app.kernel.repos.audit.recent("shop", 10)
    assert any(e.action == "model.rollback" for e in entries)
