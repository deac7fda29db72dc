"""A card carries the lexicon hits it quotes: posting it needs no read of the stored
analysis; a card stored before cards carried them still reads it."""

from __future__ import annotations

from dataclasses import replace

from aiogram import Bot

from bot.telegram.notifier import TelegramNotifier
from moderation.comment import CommentKey
from moderation.records import Quote
from tests.bot.telegram.test_cards import HIDDEN
from tests.fakes.telegram.server import FakeTelegram


async def test_a_card_with_quotes_is_posted_without_the_analysis(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    mods = fake_telegram.add_chat("Moderators")
    fake_telegram.add_bot(mods)
    card = replace(
        HIDDEN, chat_id=str(mods.id), message_id=None, quotes=(Quote("insult", "ақымақ", 4, 13),)
    )
    notifier = TelegramNotifier(bot)  # no analysis lookup at all
    await notifier.post_card(card)
    [sent] = fake_telegram.calls("sendMessage", chat_id=mods.id)
    # The word as the author wrote it ("сен ақымақсың"[4:13]), in the chat's language.
    assert "Қорлау: «ақымақсың»" in str(sent.params["text"])


async def test_a_card_from_before_quotes_reads_the_stored_analysis(
    fake_telegram: FakeTelegram, bot: Bot
) -> None:
    mods = fake_telegram.add_chat("Moderators")
    fake_telegram.add_bot(mods)
    asked: list[CommentKey] = []

    async def stored(key: CommentKey) -> dict[str, object]:
        asked.append(key)
        return {"matches": [{"term": "ақымақ", "category": "insult"}]}

    card = replace(HIDDEN, chat_id=str(mods.id), message_id=None, quotes=None)
    await TelegramNotifier(bot, stored).post_card(card)
    [sent] = fake_telegram.calls("sendMessage", chat_id=mods.id)
    assert "Қорлау: «ақымақ»" in str(sent.params["text"])
    assert asked == [card.comment.key]
