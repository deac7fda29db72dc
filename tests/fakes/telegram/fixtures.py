"""Pytest fixtures for the fake Telegram; conftest files import them to share one definition."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.telegram.server import FakeTelegram


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A started fake on 127.0.0.1:<random port>; protocol violations fail the test."""
    async with FakeTelegram() as tg:
        yield tg
