"""Every object kind the fake Telegram can emit validates against aiogram 3.31's own models.

A fake that aiogram would reject (a missing required field) must fail here, not hide
behind a lenient client elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import types as tg

from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram.objects import chat_full_json, me_json, member_json, webhook_info_json
from tests.fakes.telegram.world import Member


async def _every_update_kind(fake: FakeTelegram) -> list[dict[str, Any]]:
    group = fake.add_chat("News chat")
    fake.add_bot(group)
    channel = fake.add_channel("News", discussion=group)
    fake.add_bot(channel)
    spam_channel = fake.add_channel("Spam channel")
    ann, bob = fake.add_user("Ann", username="ann"), fake.add_user("Bob", language_code="kk")
    copy = await fake.publish_channel_post(channel, "New post")
    first = await fake.comment(
        ann, copy, "buy t.me/x", entities=[{"type": "url", "offset": 4, "length": 6}]
    )
    await fake.comment(bob, copy, "reply", reply_to=first)
    await fake.comment(ann, copy, None, caption="photo caption")
    await fake.comment(None, copy, "as a channel", as_channel=spam_channel)
    await fake.comment(None, group, "anon admin", anonymous_admin=True)
    await fake.comment(ann, group, "forwarded", forward_from=bob)
    await fake.edit(first, "edited text")
    card = fake.messaging.send_message(
        {
            "chat_id": group.id,
            "text": "card",
            "reply_markup": {"inline_keyboard": [[{"text": "Restore", "callback_data": "r:1"}]]},
        }
    )
    await fake.press_button(bob, group.messages[card["message_id"]], "r:1")
    return list(fake.queue.items)


async def test_every_update_kind_validates_as_aiogram_update() -> None:
    fake = FakeTelegram()
    updates = await _every_update_kind(fake)
    kinds = {next(k for k in u if k != "update_id") for u in updates}
    assert kinds == {"channel_post", "message", "edited_message", "callback_query"}
    for raw in updates:
        update = tg.Update.model_validate(raw)
        assert update.event_type in kinds
    auto_forward = tg.Update.model_validate(updates[1]).message
    assert auto_forward is not None and auto_forward.is_automatic_forward
    assert auto_forward.from_user is not None and auto_forward.from_user.id == 777000


@pytest.mark.parametrize(
    ("status", "model"),
    [
        ("creator", tg.ChatMemberOwner),
        ("administrator", tg.ChatMemberAdministrator),
        ("member", tg.ChatMemberMember),
        ("restricted", tg.ChatMemberRestricted),
        ("left", tg.ChatMemberLeft),
        ("kicked", tg.ChatMemberBanned),
    ],
)
def test_every_member_status_validates(status: str, model: type[tg.TelegramObject]) -> None:
    fake = FakeTelegram()
    member = Member(
        fake.add_user("Ann"), status=status, rights={"can_delete_messages": True}, until_date=0
    )
    parsed = model.model_validate(member_json(member))
    assert parsed.status == status  # type: ignore[attr-defined]


def test_service_objects_validate() -> None:
    fake = FakeTelegram()
    group = fake.add_chat("G")
    fake.add_channel("C", discussion=group)
    assert tg.User.model_validate(me_json(fake.world.bot)).is_bot
    assert tg.ChatFullInfo.model_validate(chat_full_json(group)).linked_chat_id is not None
    info = webhook_info_json("http://127.0.0.1:1/hook", 2, ["message"], 40, 1, "boom")
    assert tg.WebhookInfo.model_validate(info).pending_update_count == 2
    assert tg.WebhookInfo.model_validate(webhook_info_json("", 0, None, 0, None, None)).url == ""


def test_bot_message_with_reply_validates() -> None:
    fake = FakeTelegram()
    group = fake.add_chat("G")
    fake.add_bot(group)
    first = fake.messaging.send_message({"chat_id": group.id, "text": "one"})
    second = fake.messaging.send_message(
        {"chat_id": group.id, "text": "two", "reply_parameters": {"message_id": 1}}
    )
    assert tg.Message.model_validate(first).text == "one"
    reply = tg.Message.model_validate(second).reply_to_message
    assert reply is not None and reply.message_id == first["message_id"]
