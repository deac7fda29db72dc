"""The worker process's garbage-collector settings: a long-lived heap, short-lived batches."""

from __future__ import annotations

import gc

_settled = False
# A batch allocates ~100 container objects a comment, nearly all gone when the batch ends;
# the default young-generation threshold (700) collects dozens of times a batch for little.
# Measured: another ~12% of the pipeline's CPU.
BATCH_GC_THRESHOLDS = (20_000, 20, 50)


def settle_heap() -> None:
    """Move everything alive now (the detector, SQLAlchemy's metadata, imported modules)
    out of the garbage collector's sight. They live until the process exits, yet every
    full collection would walk them again: without this, collections triggered by a
    batch's short-lived objects took a quarter of the pipeline's CPU time. Once per
    process (a process-wide setting): `App.start` calls it before taking the first update,
    since the full collection here blocks the event loop for a few hundred ms; a worker
    run on its own calls it when it starts."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()
        gc.set_threshold(*BATCH_GC_THRESHOLDS)
