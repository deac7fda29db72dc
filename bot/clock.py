"""The wall clock as the moderation core's `Clock` port (tests pass fixed clocks instead)."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
