"""The detector in child processes: detection on the other cores while this one does I/O.

Detection is pure Python bound to one interpreter lock; the worker already runs it in a
thread (`asyncio.to_thread`) so it overlaps the database round trips of the batch before,
but two threads of one process still take turns. A `ProcessBatchAnalyzer` is a
`BatchAnalyzer` that sends each batch to a pool of spawned processes, each with its own
loaded detector, and waits for the analyses (plain picklable dataclasses). Configured by
`[detection] processes = N` (0, the default, keeps detection in this process).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bot.pipeline.heap import BATCH_GC_THRESHOLDS
from classifiers.analyzer import Detector
from classifiers.lexicon import LexiconOverlay
from classifiers.normalize import normalize
from classifiers.vocabulary import Analysis

_Source = tuple[str | None, str | None]  # (model_dir, lexicon_dir)
_loaded: dict[_Source, Detector] = {}  # in a child: its detector, loaded on first use


def _analyze(source: _Source, texts: list[str], overlay: LexiconOverlay | None) -> list[Analysis]:
    # Loaded here rather than in a pool initializer: a failure (a broken model) then
    # reaches the parent as the detector's own error, not as a broken pool.
    detector = _loaded.get(source)
    if detector is None:
        _loaded.clear()  # a promoted or rolled-back model replaces the one before
        gc.unfreeze()  # ... and may be collected with its cycles
        model_dir, lexicon_dir = source
        detector = Detector.load(
            Path(model_dir) if model_dir else None, Path(lexicon_dir) if lexicon_dir else None
        )
        _warm(detector)
        _loaded[source] = detector
        # As the worker does (`heap.settle_heap`): the detector lives as long as this
        # process, so full collections need not walk it, and a batch's short-lived
        # objects need not trigger dozens of young collections.
        gc.collect()
        gc.freeze()
        gc.set_threshold(*BATCH_GC_THRESHOLDS)
    return detector.analyze_many(texts, overlay)


def _exit_with_parent(parent_pid: int) -> None:
    """A pool child blocks on its task queue forever once its parent is gone: after a
    `kill -9` of `kuzet run` the detector processes would stay behind, holding memory and
    a core's share of CPU. A daemon thread watches the parent and ends the child."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _warm(detector: Detector) -> None:
    """Build now what the detector builds on first use: the abuse-category model's scorer
    (its vocabulary tables, ~0.15 s of CPU) is made for the first text the model itself
    finds toxic, so the first abusive comments after every start waited for it."""
    detector.model.categories([normalize("warm up")])


class ProcessBatchAnalyzer:
    """`(texts, overlay) → analyses`, computed in `processes` spawned child processes.

    With `wait=False` the children start loading and the constructor returns at once:
    `kuzet run` starts them first thing, so the detector loads on the other core while
    this process imports and connects; `wait_loaded` then collects the outcome.
    """

    def __init__(
        self,
        processes: int = 1,
        model_dir: str | None = None,
        lexicon_dir: str | None = None,
        *,
        wait: bool = True,
    ) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, got {processes}")
        # spawn, not fork: the parent runs an event loop and threads
        self._source: _Source = (model_dir, lexicon_dir)
        self._pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )
        # load now: a broken model fails at start-up, with the detector's own message
        self._loads = [
            self._pool.submit(_analyze, self._source, [""], None) for _ in range(processes)
        ]
        if wait:
            self.wait_loaded()

    def wait_loaded(self) -> None:
        """Until every child has loaded its detector; a load's error is raised here (and
        the children are shut down)."""
        try:
            for done in self._loads:
                done.result()
        except BaseException:
            self.close()
            raise

    def use_model(self, model_dir: str | None) -> None:
        """Later batches are analyzed with this model directory (a promoted version, or the
        one `/model rollback` went back to): each child loads it with its next batch."""
        self._source = (model_dir, self._source[1])

    def __call__(self, texts: Sequence[str], overlay: LexiconOverlay | None) -> list[Analysis]:
        return self._pool.submit(_analyze, self._source, list(texts), overlay).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
