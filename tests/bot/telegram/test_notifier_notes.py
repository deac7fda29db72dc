"""A note on a card (a thread's reminder line) stays when the card is edited later for
another reason, with its extra buttons, and nothing is read back for it."""

from __future__ import annotations

from dataclasses import replace

from aiogram import Bot
from aiogram.types import InlineKeyboardButton

from bot.telegram.notifier import TelegramNotifier
from moderation.records import Quote
from tests.bot.telegram.test_cards import HIDDEN
from tests.fakes.telegram.server import FakeTelegram

NOTE = "Вопрос без ответа уже 2 ч"


async def test_a_later_edit_keeps_the_cards_note(fake_telegram: FakeTelegram, bot: Bot) -> None:
    mods = fake_telegram.add_chat("Moderators")
    fake_telegram.add_bot(mods)
    card = replace(
        HIDDEN, chat_id=str(mods.id), message_id=None, quotes=(Quote("insult", "ақымақ", 4, 13),)
    )
    notifier = TelegramNotifier(bot)  # no analysis lookup: nothing can be read back
    card = replace(card, message_id=await notifier.post_card(card))
    dismiss = InlineKeyboardButton(text="Ответ не нужен", callback_data="t1:7")
    assert await notifier.edit_card_note(card, NOTE, [[dismiss]])
    await notifier.edit_card(replace(card, failures=("hide: Forbidden",)))
    edits = fake_telegram.calls("editMessageText", chat_id=mods.id)
    assert len(edits) == 2
    text = str(edits[-1].params["text"])
    assert NOTE in text and "Орындалмады" in text  # the failure line, and the note
    rows = edits[-1].params["reply_markup"]["inline_keyboard"]
    assert rows[-1][0]["text"] == "Ответ не нужен"
    assert any(b["callback_data"].startswith("k1:") for b in rows[0])  # the card's own
