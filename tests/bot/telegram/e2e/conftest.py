"""The whole app (`bot.app`) against the fake Telegram: real aiogram Bot, real SQLite,
real detector, service and worker. `await start_app()` starts it; call it again after
`running.app.stop()` to restart on the same database."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app import App, build_kernel
from bot.config import Config
from bot.config.model import CommunityConfig, DatabaseConfig, HttpConfig, TelegramConfig
from bot.telegram.polling import PollingPolicy
from bot.telegram.side import OPTIONS_KEY, TelegramSide, TelegramSideOptions, create_telegram_side
from bot.telegram.transport import RetryPolicy
from tests.fakes.telegram.fixtures import fake_telegram
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.telegram.world import Chat, User

__all__ = ["fake_telegram"]

OPTIONS = TelegramSideOptions(
    retry=RetryPolicy(base_delay=0.01, max_delay=0.05),
    pacing=None,
    polling=PollingPolicy(timeout=1, min_backoff=0.01, max_backoff=0.05),
    timeout=5.0,
)
SECRET = "hook-secret_123"


@dataclass
class World:
    group: Chat
    mods: Chat
    channel: Chat
    discussion: Chat
    alice: User  # a member
    boris: User  # another member
    mod: User  # a moderator (member of the mods chat)
    admin: User  # admin of the mods chat


def build_world(tg: FakeTelegram) -> World:
    group = tg.add_chat("Shop chat")
    mods = tg.add_chat("Moderators")
    discussion = tg.add_chat("Shop discussion")
    channel = tg.add_channel("Shop channel", discussion=discussion)
    alice, boris = tg.add_user("Alice"), tg.add_user("Boris")
    mod, admin = tg.add_user("Mira", username="mira"), tg.add_user("Aigul", username="aigul")
    for chat in (group, mods, discussion, channel):
        tg.add_bot(chat)
    for chat in (group, discussion):
        tg.add_member(chat, alice)
        tg.add_member(chat, boris)
    tg.add_member(mods, mod)
    tg.make_admin(mods, admin)
    return World(group, mods, channel, discussion, alice, boris, mod, admin)


def tg_config(
    tg: FakeTelegram,
    world: World,
    db_url: str,
    *,
    mode: str = "polling",
    lang: str = "ru",
    port: int = 0,
    extra: tuple[CommunityConfig, ...] = (),
) -> Config:
    """The "shop" community (moderated in `world.mods`), then any `extra` ones."""
    hook = f"http://127.0.0.1:{port}/tg/hook"
    telegram = TelegramConfig(
        token=tg.token,
        api_base=tg.api_base,
        mode=mode,
        webhook_url=hook if mode == "webhook" else "",
        webhook_secret=SECRET if mode == "webhook" else "",
    )
    community = CommunityConfig(
        id="shop",
        platform="telegram",
        name="Shop",
        moderators_chat=world.mods.id,
        language=lang,
        telegram_chats=(world.group.id, world.discussion.id),
    )
    return Config(
        database=DatabaseConfig(db_url),
        http=HttpConfig(port=port, enabled=mode == "webhook"),
        telegram=telegram,
        communities=(community, *extra),
    )


async def eventually(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.02)


class FakeTime:
    """The app's clock follows the fake's virtual clock, so message dates and "now" agree
    (strike decay, night windows) as they do on the real Telegram."""

    def __init__(self, tg: FakeTelegram) -> None:
        self._tg = tg

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._tg.clock.now(), UTC)


StartApp = Callable[..., Awaitable[App]]


@pytest.fixture
def world(fake_telegram: FakeTelegram) -> World:
    return build_world(fake_telegram)


@pytest.fixture
async def start_app(
    fake_telegram: FakeTelegram, world: World, sqlite_url: str
) -> AsyncIterator[StartApp]:
    apps: list[App] = []

    async def start(**options: Any) -> App:
        config = tg_config(fake_telegram, world, sqlite_url, **options)
        kernel = await build_kernel(config, clock=FakeTime(fake_telegram))
        kernel.extras[OPTIONS_KEY] = OPTIONS
        app = App(
            kernel, [create_telegram_side], worker_poll_interval=0.05, scheduler_interval=3600
        )
        await app.start()
        apps.append(app)
        return app

    yield start
    for app in apps:
        if not app._stop.is_set():
            await app.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def inbox_total(app: App) -> int:
    counts = await app.kernel.inbox.counts()
    return counts.received + counts.processing + counts.done + counts.failed


def side_of(app: App) -> TelegramSide:
    side = app.sides[0]
    assert isinstance(side, TelegramSide)
    return side


def card_button(tg: FakeTelegram, chat: Chat, action: str) -> tuple[Any, str]:
    """The newest bot message in `chat` with a button for `action`, and that button's data."""
    for message in reversed(tg.bot_messages(chat)):
        if message.deleted:
            continue
        for row in message.data.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                if data.startswith("k1:") and f":{action}:" in data:
                    return message, data
    raise AssertionError(f"no {action} button in chat {chat.id}")
