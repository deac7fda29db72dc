"""System drills: the real `kuzet run` process on PostgreSQL against the fake Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.telegram.server import FakeTelegram


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(strict=False) as tg:
        yield tg
