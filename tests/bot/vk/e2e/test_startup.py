"""Start-up: no VK side without VK communities; each token's abilities told to the chat."""

from __future__ import annotations

import logging

import pytest

from bot.app import App, build_kernel
from bot.config import Config
from bot.config.model import DatabaseConfig
from bot.offline.recording import RecordingNotifier
from bot.sides import Kernel, Side
from bot.vk.side import OPTIONS_KEY, create_vk_side
from tests.bot.vk.e2e.conftest import MODS_CHAT, OPTIONS, vk_config
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ADMIN, GROUP_ID
from tests.native_text import latin_words


class ChatNotifier(RecordingNotifier):
    """A moderators' chat that also takes plain text (as the Telegram side's does)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[tuple[str, str]] = []

    async def send_text(self, chat_id: str, text: str) -> None:
        self.texts.append((chat_id, text))


async def test_no_vk_communities_means_no_vk_side(sqlite_url: str) -> None:
    kernel = await build_kernel(Config(database=DatabaseConfig(sqlite_url)))
    try:
        assert await create_vk_side(kernel) is None
    finally:
        await kernel.db.dispose()


async def _start_and_stop(kernel: Kernel) -> ChatNotifier:
    kernel.extras[OPTIONS_KEY] = OPTIONS
    chat = ChatNotifier()

    async def chat_side(k: Kernel) -> Side | None:
        k.notifier.target = chat
        return None

    async with App(kernel, [chat_side, create_vk_side], scheduler_interval=3600):
        pass
    return chat


async def test_working_tokens_send_nothing_to_the_moderators_chat(
    fake_vk: FakeVK, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.vk.startup")
    chat = await _start_and_stop(await build_kernel(vk_config(fake_vk, sqlite_url)))
    assert chat.texts == []  # the community token's own limits are covered by the user token
    assert "can delete and restore comments, ban, reply, receive events" in caplog.text
    assert "The community token: can reply, receive events" in caplog.text
    assert "cannot delete" not in caplog.text


async def test_a_missing_user_token_is_reported_to_the_moderators_chat(
    fake_vk: FakeVK, sqlite_url: str
) -> None:
    chat = await _start_and_stop(await build_kernel(vk_config(fake_vk, sqlite_url, user_token="")))
    [(chat_id, text)] = chat.texts
    assert chat_id == str(MODS_CHAT)
    assert f"club{GROUP_ID}" in text
    # In the community's language (ru here): the fix names the key to set.
    assert text.startswith(f"Сообщество ВКонтакте club{GROUP_ID} (")
    assert "ни один из токенов не может удалять и восстанавливать комментарии" in text
    assert "user_token" in text
    assert latin_words(text, ["Shop on VK", "user_token"]) == [], text


async def test_a_user_token_without_scopes_is_reported(fake_vk: FakeVK, sqlite_url: str) -> None:
    fake_vk.add_token("narrow", "user", ADMIN, ("wall",))
    chat = await _start_and_stop(
        await build_kernel(vk_config(fake_vk, sqlite_url, user_token="narrow"))
    )
    [(_, text)] = chat.texts
    assert "у токена нет доступа «сообщества»" in text
    assert "токен администратора не может блокировать" in text
