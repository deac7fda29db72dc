"""Per-token pacing for VK calls: a token bucket (VK allows ~3 req/s per user token and
~20 req/s per community token; going over answers error 6)."""

from __future__ import annotations

import asyncio
import time

USER_RATE = 3.0
COMMUNITY_RATE = 20.0


class TokenBucket:
    """At most `rate` acquisitions per second, with bursts up to `burst`.

    The default burst of 1 spaces calls evenly: VK's own window is unknown, and an even
    pace never exceeds any window of the same rate.
    """

    def __init__(self, rate: float, burst: float = 1.0) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate, self.burst = rate, burst
        self._level, self._last = burst, time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                self._level = min(self.burst, self._level + (now - self._last) * self.rate)
                self._last = now
                if self._level >= 1.0:
                    self._level -= 1.0
                    return
                await asyncio.sleep((1.0 - self._level) / self.rate)
