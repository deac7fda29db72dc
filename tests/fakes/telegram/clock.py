"""The fake's virtual clock: Telegram's own notion of "now" that tests move by hand.

Message dates, the 48 h delete window and ban `until_date` rules read this clock, so a test
can jump two days ahead without waiting. Real waiting (long polls, webhook back-off) is a
separate thing and is only shortened by the server's `time_scale`.
"""

from __future__ import annotations

DEFAULT_START = 1_764_000_000  # 2025-11-24, an arbitrary fixed instant keeps ids and dates stable


class VirtualClock:
    def __init__(self, start: int = DEFAULT_START) -> None:
        self._now = start

    def now(self) -> int:
        """Unix seconds as the fake Telegram sees them."""
        return self._now

    def advance(self, seconds: float) -> int:
        if seconds < 0:
            raise ValueError("the virtual clock only moves forward")
        self._now += int(seconds)
        return self._now
