"""Start-up: no VK side without VK communities; each token's abilities told to the chat."""

from __future__ import annotations

from bot.app import App, build_kernel
from bot.config import Config
from bot.config.model import DatabaseConfig
from bot.offline.recording import RecordingNotifier
from bot.sides import Kernel, Side
from bot.vk.side import OPTIONS_KEY, create_vk_side
from tests.bot.vk.e2e.conftest import MODS_CHAT, OPTIONS, vk_config
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import GROUP_ID
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


async def test_token_report_goes_to_the_moderators_chat(fake_vk: FakeVK, sqlite_url: str) -> None:
    kernel = await build_kernel(vk_config(fake_vk, sqlite_url))
    kernel.extras[OPTIONS_KEY] = OPTIONS
    chat = ChatNotifier()

    async def chat_side(k: Kernel) -> Side | None:
        k.notifier.target = chat
        return None

    async with App(kernel, [chat_side, create_vk_side], scheduler_interval=3600):
        pass
    [(chat_id, text)] = chat.texts
    assert chat_id == str(MODS_CHAT)
    assert f"club{GROUP_ID}" in text
    # In the community's language (ru here), with no English left in it.
    assert text.startswith(f"Сообщество ВКонтакте club{GROUP_ID} (")
    assert ("Токен администратора: может удалять и восстанавливать комментарии, блокировать, "
            "отвечать, получать события") in text  # fmt: skip
    assert "Токен сообщества: может отвечать, получать события" in text
    assert "токеном сообщества нельзя удалять комментарии" in text  # its known limit
    assert latin_words(text, ["Shop on VK"]) == [], text
