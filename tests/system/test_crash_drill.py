"""`kill -9` of the real `kuzet run` mid-batch, then a restart: nothing lost, no message
deleted twice, at most one card doubled (the one in flight), recovery logged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.telegram.server import FakeTelegram
from tests.system.kuzet_process import KuzetProcess, Scene, until

pytestmark = pytest.mark.postgres

# Enough for more than one batch (200): with the first deletions seen, work is still left
# when the kill lands, however fast the bot got.
COMMENTS = 300


async def test_kill_9_mid_batch_loses_nothing_and_doubles_at_most_one_card(
    fake_tg: FakeTelegram, postgres_url: str, tmp_path: Path
) -> None:
    scene = Scene.build(fake_tg)
    config = tmp_path / "config.toml"
    config.write_text(scene.config(postgres_url))
    first = await KuzetProcess(config, tmp_path / "first.log").start()
    try:
        await first.wait_started()
        await scene.burst(COMMENTS)
        await until(lambda: scene.deleted() >= 10, 60, first.output)  # mid-stream
        first.kill9()
        await first.process.wait()  # type: ignore[union-attr]
    finally:
        await first.stop()
    assert scene.deleted() < COMMENTS  # the kill really came mid-stream
    second = await KuzetProcess(config, tmp_path / "second.log").start()
    try:
        await second.wait_started()
        await until(lambda: scene.deleted() == COMMENTS, 90, second.output)
        await until(lambda: scene.cards() >= COMMENTS, 90, second.output)
    finally:
        assert await second.stop() == 0
    assert scene.double_deletes() == 0
    assert scene.cards() - COMMENTS <= 1  # one lane: at most its one card in flight
    assert "recovered" in second.output()
