"""One ingest and two workers (three real `kuzet run` processes) on one PostgreSQL, with
about a tenth of the Bot API calls failing (429 and 5xx): every comment is handled once —
deleted once, one card each — and no row was handled by both workers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fakes.telegram.server import FakeTelegram
from tests.system.kuzet_process import KuzetProcess, Scene, until

pytestmark = pytest.mark.postgres

COMMENTS = 100


async def test_two_workers_and_injected_faults_handle_each_comment_once(
    fake_tg: FakeTelegram, postgres_url: str, tmp_path: Path
) -> None:
    scene = Scene.build(fake_tg)
    config = tmp_path / "config.toml"
    config.write_text(scene.config(postgres_url))
    ingest = KuzetProcess(config, tmp_path / "ingest.log", "ingest")
    workers = [KuzetProcess(config, tmp_path / f"worker{n}.log", "worker") for n in (1, 2)]
    processes = [ingest, *workers]
    try:
        await ingest.start()
        await ingest.wait_started()  # the schema is migrated once, by the first
        for worker in workers:
            await worker.start()
        for worker in workers:
            await worker.wait_started()
        for wave in range(COMMENTS // 20):
            # About one call in ten fails: flood control on deletions, 5xx on cards.
            fake_tg.fail_next("deleteMessage", "retry_after", retry_after=1)
            fake_tg.fail_next("sendMessage", "server_error")
            await scene.burst(20, tag=f"w{wave}-")
        everything = lambda: scene.deleted() == COMMENTS and scene.cards() >= COMMENTS  # noqa: E731
        await until(everything, 90, lambda: "\n".join(p.output()[-1500:] for p in processes))
    finally:
        codes = [await p.stop() for p in processes]
    assert codes == [0, 0, 0]
    assert scene.double_deletes() == 0
    assert scene.cards() == COMMENTS  # no crash: not a single card twice
    faulted = [c for c in fake_tg.calls("deleteMessage", ok=False) if c.status == 429]
    assert len(faulted) == COMMENTS // 20  # the faults did happen, and were retried
    shares = [_handled(w.output()) for w in workers]
    assert sum(shares) == COMMENTS, shares  # SKIP LOCKED: each row to one worker


def _handled(log: str) -> int:
    found = re.findall(r"stopping: (\d+) comment\(s\) handled", log)
    return int(found[-1]) if found else 0
