"""Self-tests of the fake Telegram's world rules: bans, unbans, admins, deletes, scenarios."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes.telegram import FakeTelegram, ScenarioRefused
from tests.fakes.telegram.rawclient import call

DAY = 86400


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def setup(fake_telegram: FakeTelegram):  # type: ignore[no-untyped-def]
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    return fake_telegram, group, fake_telegram.add_user("Ann")


async def ok(http: aiohttp.ClientSession, tg: FakeTelegram, method: str, **params: Any) -> Any:
    status, body, _ = await call(http, tg, method, **params)
    assert status == 200, body
    return body["result"]


async def reason(http: aiohttp.ClientSession, tg: FakeTelegram, method: str, **p: Any) -> str:
    status, body, _ = await call(http, tg, method, **p)
    assert status == body["error_code"], body
    return str(body["description"])


async def test_ban_until_date_rules_and_expiry(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    await ok(
        http,
        tg,
        "banChatMember",
        chat_id=group.id,
        user_id=ann.id,
        until_date=tg.clock.now() + 400 * DAY,
    )
    assert tg.member(group, ann).until_date == 0  # beyond 366 days: forever
    until = tg.clock.now() + 2 * DAY
    await ok(http, tg, "banChatMember", chat_id=group.id, user_id=ann.id, until_date=until)
    assert tg.member(group, ann).until_date == until
    with pytest.raises(ScenarioRefused):
        await tg.comment(ann, group, "let me in")
    tg.advance(2 * DAY)
    assert tg.member(group, ann).status == "left"  # the ban ran out
    await tg.comment(ann, group, "back again")


async def test_unban_only_if_banned_keeps_members(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    tg.add_member(group, ann)
    await ok(http, tg, "unbanChatMember", chat_id=group.id, user_id=ann.id, only_if_banned=True)
    assert tg.member(group, ann).status == "member"
    await ok(http, tg, "unbanChatMember", chat_id=group.id, user_id=ann.id)
    assert tg.member(group, ann).status == "left"  # without the flag it removes the member
    basic = tg.add_chat("Basic", "group")
    tg.add_bot(basic)
    assert basic.id < 0 and basic.id > -(10**9)
    assert await reason(http, tg, "unbanChatMember", chat_id=basic.id, user_id=ann.id) == (
        "Bad Request: method is available for supergroup and channel chats only"
    )
    assert (
        await reason(
            http, tg, "restrictChatMember", chat_id=basic.id, user_id=ann.id, permissions="{}"
        )
        == "Bad Request: method is available only for supergroups"
    )


async def test_restrict_and_lift(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    await ok(
        http,
        tg,
        "restrictChatMember",
        chat_id=group.id,
        user_id=ann.id,
        permissions='{"can_send_messages": false}',
        until_date=tg.clock.now() + DAY,
    )
    with pytest.raises(ScenarioRefused):
        await tg.comment(ann, group, "muted")
    everything = {
        name: True
        for name in (
            "can_send_messages",
            "can_send_audios",
            "can_send_documents",
            "can_send_photos",
            "can_send_videos",
            "can_send_video_notes",
            "can_send_voice_notes",
            "can_send_polls",
            "can_send_other_messages",
            "can_add_web_page_previews",
            "can_react_to_messages",
            "can_edit_tag",
            "can_change_info",
            "can_invite_users",
            "can_pin_messages",
            "can_manage_topics",
        )
    }
    await ok(
        http,
        tg,
        "restrictChatMember",
        chat_id=group.id,
        user_id=ann.id,
        permissions=json.dumps(everything),
    )
    assert tg.member(group, ann).status == "member"


async def test_sender_chat_ban_and_admin_listing(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    spam = tg.add_channel("Spam")
    await tg.comment(None, group, "as channel", as_channel=spam)
    await ok(http, tg, "banChatSenderChat", chat_id=group.id, sender_chat_id=spam.id)
    with pytest.raises(ScenarioRefused):
        await tg.comment(None, group, "again", as_channel=spam)
    other_bot = tg.add_user("Helper", is_bot=True)
    tg.make_admin(group, other_bot)
    tg.make_admin(group, ann, creator=True)
    admins = await ok(http, tg, "getChatAdministrators", chat_id=group.id)
    assert {a["user"]["id"] for a in admins} == {tg.world.bot.id, ann.id}
    admins = await ok(http, tg, "getChatAdministrators", chat_id=group.id, return_bots="true")
    assert other_bot.id in {a["user"]["id"] for a in admins}


async def test_delete_messages_skips_missing_and_respects_rights(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    first, second = await tg.comment(ann, group, "1"), await tg.comment(ann, group, "2")
    ids = f"[{first.message_id}, 999, {second.message_id}]"
    assert await ok(http, tg, "deleteMessages", chat_id=group.id, message_ids=ids) is True
    assert first.deleted and second.deleted
    tg.add_bot(group, can_delete_messages=False)
    third = await tg.comment(ann, group, "3")
    assert (
        await reason(http, tg, "deleteMessage", chat_id=group.id, message_id=third.message_id)
        == "Bad Request: message can't be deleted"
    )
    own = await ok(http, tg, "sendMessage", chat_id=group.id, text="mine")
    assert await ok(http, tg, "deleteMessage", chat_id=group.id, message_id=own["message_id"])


async def test_edit_rules(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    sent = await ok(http, tg, "sendMessage", chat_id=group.id, text="card")
    assert (
        await reason(
            http,
            tg,
            "editMessageText",
            chat_id=group.id,
            message_id=sent["message_id"],
            text="card",
        )
    ).startswith("Bad Request: message is not modified")
    theirs = await tg.comment(ann, group, "user text")
    assert await reason(
        http, tg, "editMessageText", chat_id=group.id, message_id=theirs.message_id, text="x"
    ) == ("Bad Request: message can't be edited")
    assert (
        await reason(http, tg, "editMessageText", chat_id=group.id, message_id=999, text="x")
        == "Bad Request: message to edit not found"
    )
    assert await reason(
        http, tg, "sendMessage", chat_id=group.id, text="r", reply_parameters='{"message_id": 999}'
    ) == ("Bad Request: message to be replied not found")


async def test_scenario_threads_private_chats_and_buttons(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    channel = tg.add_channel("News", discussion=group)
    copy = await tg.publish_channel_post(channel, "post")
    top = await tg.comment(ann, copy, "top")
    reply = await tg.comment(tg.add_user("Bob"), copy, "reply", reply_to=top)
    assert top.thread_id == reply.thread_id == copy.message_id
    assert reply.data["reply_to_message"]["message_id"] == top.message_id
    assert "reply_to_message" not in reply.data["reply_to_message"]
    private = tg.add_private_chat(ann)
    sent = await ok(http, tg, "sendMessage", chat_id=ann.id, text="hello in private")
    assert sent["chat"] == {"id": ann.id, "type": "private", "first_name": "Ann"}
    with pytest.raises(ScenarioRefused):
        await tg.press_button(ann, private.messages[sent["message_id"]], "nope")


async def test_negative_offset_and_set_webhook_ends_parked_poll(setup, http) -> None:  # type: ignore[no-untyped-def]
    tg, group, ann = setup
    for text in ("1", "2", "3"):
        await tg.comment(ann, group, text)
    result = await ok(http, tg, "getUpdates", offset=-1)
    assert [u["message"]["text"] for u in result] == ["3"]
    await ok(http, tg, "getUpdates", offset=result[0]["update_id"] + 1)
    parked = asyncio.create_task(call(http, tg, "getUpdates", timeout=50))
    await asyncio.wait_for(tg.queue.parked.wait(), 5)
    await ok(http, tg, "setWebhook", url="http://127.0.0.1:9/hook")
    status, body, _ = await parked
    assert status == 409 and body["description"] == "Conflict: terminated by setWebhook request"
    await ok(http, tg, "deleteWebhook")


async def test_journal_wait_reports_what_it_saw(setup) -> None:  # type: ignore[no-untyped-def]
    tg, _, _ = setup
    with pytest.raises(AssertionError, match="no 1x sendMessage"):
        await tg.wait_for_call("sendMessage", timeout=0.05)
