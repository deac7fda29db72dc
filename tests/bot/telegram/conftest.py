"""Fixtures for the Telegram adapter tests: the fake server and a real aiogram Bot on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from bot.telegram.pacing import PacingPolicy
from bot.telegram.transport import RetryPolicy, make_bot
from tests.fakes.telegram.fixtures import fake_telegram
from tests.fakes.telegram.server import FakeTelegram

__all__ = ["fake_telegram"]


class RecordingSleep:
    """Stands in for asyncio.sleep in the transport: records each wait, yields, returns."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def bot(fake_telegram: FakeTelegram, sleeps: RecordingSleep) -> AsyncIterator[Bot]:
    """The real aiogram Bot through Kuzet's transport; waits are recorded, not slept."""
    made = make_bot(
        fake_telegram.token,
        fake_telegram.api_base,
        retry=RetryPolicy(base_delay=0.01),
        pacing=PacingPolicy(),
        timeout=5.0,
        sleep=sleeps,
    )
    yield made
    await made.session.close()
