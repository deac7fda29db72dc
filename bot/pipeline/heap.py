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
    process: the first worker to start has everything long-lived loaded by then. (A
    process-wide setting: the app's entry point may as well call it itself.)"""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()
        gc.set_threshold(*BATCH_GC_THRESHOLDS)
