"""The whole app (`bot.app`) against the fake VK: real client, real SQLite, real detector,
service and worker; cards go to a recording notifier in place of the Telegram chat."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bot.app import App, build_kernel
from bot.config import Config
from bot.config.model import (
    CommunityConfig,
    DatabaseConfig,
    HttpConfig,
    VkCommunityConfig,
    VkConfig,
)
from bot.offline.recording import RecordingNotifier
from bot.sides import Kernel, Side
from bot.vk.client import RetryPolicy
from bot.vk.longpoll import LongPollPolicy
from bot.vk.side import OPTIONS_KEY, VkSide, VkSideOptions, create_vk_side
from moderation.records import Card
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import COMMUNITY_TOKEN, GROUP_ID, USER_TOKEN

SECRET = "callback-secret-0123"
CONFIRMATION = "a1b2c3d4"
MODS_CHAT = -1004444444444
FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, flood_delay=0.01, timeout=5)
OPTIONS = VkSideOptions(
    retry=FAST,
    user_rate=1000.0,
    community_rate=1000.0,
    longpoll=LongPollPolicy(wait=10, min_backoff=0.01, max_backoff=0.05),
)


def vk_config(
    fake: FakeVK, db_url: str, *, mode: str = "callback", user_token: str = USER_TOKEN
) -> Config:
    vk = VkCommunityConfig(
        group_id=GROUP_ID,
        community_token=COMMUNITY_TOKEN,
        user_token=user_token,
        mode=mode,
        callback_secret=SECRET,
        confirmation=CONFIRMATION,
    )
    community = CommunityConfig(
        id="shop-vk", platform="vk", name="Shop on VK", moderators_chat=MODS_CHAT, vk=vk
    )
    return Config(
        database=DatabaseConfig(db_url),
        http=HttpConfig(port=0),
        vk=VkConfig(api_base=fake.api_base),
        communities=(community,),
    )


@dataclass
class Running:
    app: App
    notifier: RecordingNotifier
    fake: FakeVK

    @property
    def kernel(self) -> Kernel:
        return self.app.kernel

    @property
    def side(self) -> VkSide:
        side = self.app.sides[0]
        assert isinstance(side, VkSide)
        return side

    @property
    def callback_url(self) -> str:
        return self.kernel.http.base_url + self.kernel.config.vk.callback_path

    def cards(self) -> list[Card]:
        return list(self.notifier.cards.values())

    async def card_where(self, predicate: Callable[[Card], bool]) -> Card:
        """The first posted card matching `predicate`, as stored once the worker is idle."""
        await eventually(lambda: any(predicate(c) for c in self.cards()))
        posted = next(c for c in self.cards() if predicate(c))
        await self.worker_idle()
        stored = await self.kernel.repos.cards.get(posted.id)
        assert stored is not None
        return stored

    async def worker_idle(self) -> None:
        """Every stored event handled (done or failed), and its cards and replies sent."""

        async def idle() -> bool:
            counts = await self.kernel.inbox.counts()
            if counts.received or counts.processing:
                return False
            return await self.app.outbox.pass_once() == 0 and not self.app.outbox.busy

        await eventually(idle)

    async def inbox_rows(self) -> int:
        counts = await self.kernel.inbox.counts()
        return counts.received + counts.processing + counts.done + counts.failed


async def eventually(check: Callable[[], bool | Awaitable[bool]], timeout: float = 10.0) -> None:
    """Wait until `check()` holds (the worker runs in the background); fail after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.02)


StartApp = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start_app(fake_vk: FakeVK, sqlite_url: str) -> AsyncIterator[StartApp]:
    """`await start_app(mode=..., user_token=...)`: a started app; stopped at teardown.
    Calling it again after `running.app.stop()` is a restart on the same database."""
    apps: list[App] = []

    starts: list[None] = []

    async def start(**options: Any) -> Running:
        config = vk_config(fake_vk, sqlite_url, **options)
        kernel = await build_kernel(config)
        kernel.extras[OPTIONS_KEY] = OPTIONS
        starts.append(None)
        # Message ids are unique per chat: a restarted app's notifier must not reuse them.
        notifier = RecordingNotifier(_ids=itertools.count(1000 * len(starts)))

        async def chat_side(k: Kernel) -> Side | None:
            k.notifier.target = notifier  # stands in for the Telegram side
            return None

        app = App(
            kernel, [chat_side, create_vk_side], worker_poll_interval=0.05, scheduler_interval=3600
        )
        await app.start()
        apps.append(app)
        if options.get("mode", "callback") == "callback":
            fake_vk.callback.add_server(
                app.kernel.http.base_url + config.vk.callback_path,
                GROUP_ID,
                SECRET,
                retry_delay=1.0,
            )
        return Running(app, notifier, fake_vk)

    yield start
    for app in apps:
        if not app._stop.is_set():  # a test may have stopped it already (restarts)
            # App.stop stops the sides before the worker: let the worker finish first so
            # no action reaches a closed VK client (reported to the lead).
            await Running(app, RecordingNotifier(), fake_vk).worker_idle()
            await app.stop()
