"""Detection in a child process gives exactly what detection in this process gives, and a
broken model fails at start with the detector's own message."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.model_versions import VersionedAnalyzer
from bot.pipeline.heap import BATCH_GC_THRESHOLDS
from bot.pipeline.process_analyzer import ProcessBatchAnalyzer
from classifiers import ModelError
from classifiers.analyzer import default_detector
from classifiers.lexicon import LexiconOverlay, OverlayTerm
from classifiers.model import DEFAULT_MODEL_DIR
from classifiers.model.store import ModelStore
from classifiers.vocabulary import Category

TEXTS = [
    "Подскажите, когда будет доставка?",
    "ты тупой урод, иди нахуй",
    "Рахмет, өте жақсы қызмет!",
    "сен ақымақсың ба",
    "купите казино слоты",
    "",
    "👍",
]


def test_child_process_analyses_equal_in_process_ones() -> None:
    overlay = LexiconOverlay(added=(OverlayTerm("казино", Category.SPAM),))
    pool = ProcessBatchAnalyzer(1)
    try:
        for with_overlay in (None, overlay):
            got = pool(TEXTS, with_overlay)
            want = default_detector().analyze_many(TEXTS, with_overlay)
            assert [a.to_json() for a in got] == [a.to_json() for a in want]
            assert [dict(a.versions) for a in got] == [dict(a.versions) for a in want]
        assert any(m.source == "overlay" for m in pool(TEXTS, overlay)[4].matches)
    finally:
        pool.close()


def test_a_child_freezes_its_detector_and_collects_like_the_worker() -> None:
    pool = ProcessBatchAnalyzer(1)
    try:
        # the one child, after loading its detector
        assert pool._pool.submit(gc.get_threshold).result() == BATCH_GC_THRESHOLDS
        assert pool._pool.submit(gc.get_freeze_count).result() > 10_000
    finally:
        pool.close()


def _category_scorers_built() -> bool:
    """In a child: whether its loaded detector's category model has its scorer already."""
    from bot.pipeline.process_analyzer import _loaded

    models = [detector.model.category_model for detector in _loaded.values()]
    return bool(models) and all(m is None or m._scorer is not None for m in models)


def test_a_child_builds_the_category_scorer_when_it_loads() -> None:
    # Built lazily, it held the first abusive comments after a start for ~0.15 s of CPU.
    assert default_detector().model.category_model is not None  # else nothing to build
    pool = ProcessBatchAnalyzer(1)
    try:
        assert pool._pool.submit(_category_scorers_built).result()
    finally:
        pool.close()


def test_a_broken_model_fails_at_start_with_its_message(tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "metadata.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"metadata\.json"):
        ProcessBatchAnalyzer(1, model_dir=str(broken))


def test_at_least_one_process() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ProcessBatchAnalyzer(0)


def test_started_without_waiting_a_broken_model_fails_when_awaited(tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "metadata.json").write_text("{not json", encoding="utf-8")
    pool = ProcessBatchAnalyzer(1, model_dir=str(broken), wait=False)  # `kuzet run`'s way
    with pytest.raises(ModelError, match=r"metadata\.json"):
        pool.wait_loaded()


def test_a_promoted_model_reaches_the_detector_processes(tmp_path: Path) -> None:
    # The store's version is the bundled model under another name: a version of its own.
    candidate = tmp_path / "candidate"
    shutil.copytree(DEFAULT_MODEL_DIR, candidate)
    meta = json.loads((candidate / "metadata.json").read_text(encoding="utf-8"))
    (candidate / "metadata.json").write_text(
        json.dumps({**meta, "name": "learned"}), encoding="utf-8"
    )
    store = ModelStore(tmp_path / "store")
    store.promote(store.add(candidate, datetime(2026, 12, 7, tzinfo=UTC)))
    analyzer = VersionedAnalyzer(default_detector(), store)
    pool = ProcessBatchAnalyzer(1)
    analyzer.reload_listeners.append(pool.use_model)
    try:
        bundled = pool(TEXTS[:2], None)[0].versions["model"]
        version = analyzer.reload()  # what a promotion or /model rollback does
        assert version.startswith("learned-") and version != bundled
        assert {a.versions["model"] for a in pool(TEXTS[:2], None)} == {version}
    finally:
        pool.close()


_PARENT = """
import multiprocessing, sys, time
from bot.pipeline.process_analyzer import ProcessBatchAnalyzer

if __name__ == "__main__":
    pool = ProcessBatchAnalyzer(1)
    print(*[child.pid for child in multiprocessing.active_children()], flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purpose: it holds no memory and runs nothing
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[-1][:1] != "Z"


def test_detector_children_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(_PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert children, "the pool started no child process"
        assert all(_alive(pid) for pid in children)
        parent.kill()  # SIGKILL: no shutdown, no atexit
        parent.wait()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in children), "a detector child outlived its parent"
    finally:
        parent.kill()
