"""Cutting a long wait short on stop — and only the wait.

Both platforms' polling loops wait long for the next updates (Telegram's getUpdates, VK's
a_check). On stop that wait is cancelled at once; what comes after it (storing the batch,
saving the offset) is never cancelled, so a batch is stored whole and a database call is
never interrupted half-way (an aiosqlite connection cancelled mid-call is closed from a
shielded task that can outlive the event loop's shutdown).
"""

from __future__ import annotations

import asyncio
from typing import Any


async def finished_before_stop(step: asyncio.Future[Any], stopping: asyncio.Event) -> bool:
    """Wait for `step` or `stopping`; True when `step` finished (its result is ready),
    False when stop came first (`step` is then cancelled and awaited)."""
    stop = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({step, stop}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
    if step.done():
        return True
    step.cancel()
    await asyncio.gather(step, return_exceptions=True)
    return False
