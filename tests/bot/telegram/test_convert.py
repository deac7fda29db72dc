"""The pure update → Comment conversion, on Bot API JSON shaped like Telegram's."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message

from bot.telegram.convert import (
    CHANNEL_BOT_ID,
    GROUP_ANONYMOUS_BOT_ID,
    TELEGRAM_SERVICE_ID,
    convert_message,
    convert_update,
    links_of,
    utf16_slice,
)

BOT_ID = 123456
GROUP = {"id": -1001234567890, "type": "supergroup", "title": "Shop"}
ALICE = {"id": 42, "is_bot": False, "first_name": "Alice", "last_name": "K", "username": "alice"}


def message(**extra: Any) -> dict[str, Any]:
    return {"message_id": 7, "date": 1_700_000_000, "chat": GROUP, "from": ALICE,
            "text": "сәлем", **extra}  # fmt: skip


def test_plain_group_message() -> None:
    comment = convert_update({"update_id": 1, "message": message()}, {GROUP["id"]: "shop"}, BOT_ID)
    assert comment is not None
    assert (comment.community_id, comment.chat_id, comment.comment_id) == (
        "shop",
        "-1001234567890",
        "7",
    )
    assert comment.author.id == "42" and comment.author.name == "Alice K"
    assert comment.revision == 0 and comment.text == "сәлем"
    assert comment.metadata["link"] == "https://t.me/c/1234567890/7"


def test_unknown_chat_and_non_messages_are_ignored() -> None:
    assert convert_update({"update_id": 1, "message": message()}, {}, BOT_ID) is None
    tap = {"update_id": 1, "callback_query": {}}
    assert convert_update(tap, {GROUP["id"]: "s"}, BOT_ID) is None


def test_edit_is_a_new_revision() -> None:
    update = {"update_id": 2, "edited_message": message(edit_date=1_700_000_100, text="жаңа")}
    comment = convert_update(update, {GROUP["id"]: "shop"}, BOT_ID)
    assert comment is not None and comment.revision == 1_700_000_100 and comment.text == "жаңа"


def test_caption_quote_reply_and_forward() -> None:
    raw = message(text=None, caption="фото астындағы мәтін", quote={"text": "бұрынғы"},
                  reply_to_message={"message_id": 3, "date": 1, "chat": GROUP},
                  forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "X"},
                  message_thread_id=3)  # fmt: skip
    del raw["text"]
    comment = convert_message(raw, "shop", BOT_ID)
    assert comment is not None
    assert "фото астындағы мәтін" in comment.text and "бұрынғы" in comment.text
    assert comment.reply_to == "3" and comment.forwarded and comment.post_id == "3"


def test_links_with_utf16_offsets() -> None:
    text = "😀 see example.com and here"
    entities = [
        {"type": "url", "offset": 7, "length": 11},
        {"type": "text_link", "offset": 23, "length": 4, "url": "https://spam.example/x"},
    ]
    assert utf16_slice(text, 7, 11) == "example.com"
    assert links_of(text, entities) == ("example.com", "https://spam.example/x")


def test_not_moderated_senders() -> None:
    service = message(
        **{"from": {"id": TELEGRAM_SERVICE_ID, "is_bot": False, "first_name": "Telegram"}},
        is_automatic_forward=True,
    )
    anonymous = message(
        **{"from": {"id": GROUP_ANONYMOUS_BOT_ID, "is_bot": True, "first_name": "Group"}},
        sender_chat=GROUP,
    )
    own = message(**{"from": {"id": BOT_ID, "is_bot": True, "first_name": "Kuzet"}})
    sticker = message(text=None, sticker={"file_id": "x"})
    del sticker["text"]
    for raw in (service, anonymous, own, sticker):
        assert convert_message(raw, "shop", BOT_ID) is None


def test_posting_as_a_foreign_channel_is_moderated_as_that_channel() -> None:
    spam = {"id": -1009999, "type": "channel", "title": "Spam channel", "username": "spamch"}
    raw = message(
        **{"from": {"id": CHANNEL_BOT_ID, "is_bot": True, "first_name": "Channel"}},
        sender_chat=spam,
    )
    comment = convert_message(raw, "shop", BOT_ID)
    assert comment is not None
    assert comment.author.id == "-1009999" and comment.author.is_channel
    assert comment.user.is_channel and comment.author.name == "Spam channel"


def test_aiogram_message_is_accepted() -> None:
    model = Message.model_validate(message())
    comment = convert_message(model, "shop", BOT_ID)
    assert comment is not None and comment.text == "сәлем" and comment.author.username == "alice"
