"""A VK community moderated from a real Telegram moderators' chat: both fakes, both sides.

The card for a VK comment is posted by the Telegram side into the Telegram fake; a
moderator's tap there restores the comment on the VK fake.
"""

from __future__ import annotations

from dataclasses import replace

from bot.app import App, build_kernel
from bot.config.model import TelegramConfig
from bot.telegram.side import OPTIONS_KEY as TG_OPTIONS_KEY
from bot.telegram.side import create_telegram_side
from bot.vk.side import OPTIONS_KEY, create_vk_side
from tests.bot.telegram.e2e.conftest import OPTIONS as TG_OPTIONS
from tests.bot.telegram.e2e.conftest import build_world, card_button
from tests.bot.vk.e2e.conftest import OPTIONS, SECRET, eventually, vk_config
from tests.fakes.telegram.fixtures import fake_telegram
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, GROUP_ID

__all__ = ["fake_telegram"]

PROFANE = "ты тупой урод, иди нахуй"


async def test_vk_comment_hidden_carded_in_telegram_and_restored_by_a_tap(
    fake_vk: FakeVK, fake_telegram: FakeTelegram, sqlite_url: str
) -> None:
    world = build_world(fake_telegram)
    config = vk_config(fake_vk, sqlite_url)
    community = replace(config.communities[0], moderators_chat=world.mods.id)
    config = replace(
        config,
        telegram=TelegramConfig(token=fake_telegram.token, api_base=fake_telegram.api_base),
        communities=(community,),
    )
    kernel = await build_kernel(config)
    kernel.extras[OPTIONS_KEY] = OPTIONS
    kernel.extras[TG_OPTIONS_KEY] = TG_OPTIONS
    app = App(
        kernel,
        [create_telegram_side, create_vk_side],
        worker_poll_interval=0.05,
        scheduler_interval=3600,
    )
    async with app:
        fake_vk.callback.add_server(
            kernel.http.base_url + config.vk.callback_path, GROUP_ID, SECRET
        )
        # At start-up the VK side tells the moderators' chat what its tokens can do.
        report = await fake_telegram.wait_for_call("sendMessage", chat_id=world.mods.id)
        assert report.params["text"].startswith(f"Сообщество ВКонтакте club{GROUP_ID} (")
        assert "Токен администратора: может удалять" in report.params["text"]
        comment = await fake_vk.comment(ALICE, fake_vk.post, PROFANE)
        await fake_vk.journal.wait_for_call("wall.deleteComment", comment_id=comment.id)
        card = await fake_telegram.wait_for_call(
            "sendMessage", chat_id=world.mods.id, reply_markup=lambda m: bool(m)
        )
        # The card names the author (users.get) and links to the comment on VK.
        link = f"https://vk.com/wall-{GROUP_ID}_{fake_vk.post.id}?reply={comment.id}"
        assert "Alice Test" in card.params["text"] and link in card.params["text"]
        # The public warning addresses the author by name too.
        warning = await fake_vk.journal.wait_for_call("wall.createComment")
        assert str(warning.params["message"]).startswith(f"[id{ALICE}|Alice Test], пожалуйста")

        def restore_button() -> bool:
            try:
                card_button(fake_telegram, world.mods, "restore")
            except AssertionError:
                return False
            return True

        await eventually(restore_button)
        card_message, data = card_button(fake_telegram, world.mods, "restore")
        await fake_telegram.press_button(world.mod, card_message, data)
        await fake_vk.journal.wait_for_call("wall.restoreComment", comment_id=comment.id)
        assert not fake_vk.comment_state(-GROUP_ID, comment.id).deleted
        await fake_telegram.wait_for_call("answerCallbackQuery")
        assert (await kernel.inbox.counts()).failed == 0
        # A second comment by the same author: the name comes from the cache.
        await fake_vk.comment(ALICE, fake_vk.post, "Подскажите, когда будет доставка?")
        await fake_telegram.wait_for_call(
            "sendMessage", chat_id=world.mods.id, text=lambda t: "когда будет доставка" in t
        )
        lookups = [c for c in fake_vk.journal.find("users.get") if "user_ids" in c.params]
        assert len(lookups) == 1
