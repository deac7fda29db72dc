"""The transport: the real aiogram Bot against the fake, with retries and error mapping."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramEntityTooLarge
from aiogram.methods import GetMe
from aiogram.types import (
    BotCommand,
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)

from bot.telegram.errors import (
    ChatGone,
    InvalidToken,
    MessageGone,
    MessageUndeletable,
    NotEnoughRights,
    NotModified,
    QueryExpired,
    Rejected,
    TargetProtected,
    Transient,
    from_aiogram,
)
from bot.telegram.transport import RetryPolicy, make_bot
from tests.bot.telegram.conftest import RecordingSleep
from tests.fakes.telegram import FakeTelegram

MARKUP = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Restore", callback_data="kz1:r:5")]]
)


@pytest.fixture
def world(fake_telegram: FakeTelegram):  # type: ignore[no-untyped-def]
    tg = fake_telegram
    group = tg.add_chat("Comments")
    tg.add_bot(group)
    channel = tg.add_channel("News", discussion=group)
    return tg, group, channel, tg.add_user("Ann"), tg.add_user("Mod")


async def test_every_method_through_the_real_bot(bot: Bot, world) -> None:  # type: ignore[no-untyped-def]
    tg, group, channel, ann, mod = world
    me = await bot.get_me()
    assert me.id == 123456 and me.is_bot
    copy = await tg.publish_channel_post(channel, "Post")
    comment = await tg.comment(ann, copy, "question?")
    card = await bot.send_message(
        group.id,
        "card",
        reply_markup=MARKUP,
        reply_parameters=ReplyParameters(message_id=comment.message_id),
    )
    assert card.reply_to_message is not None and card.message_thread_id == copy.message_id
    edited = await bot.edit_message_text(
        "card v2", chat_id=group.id, message_id=card.message_id, reply_markup=MARKUP
    )
    assert edited.text == "card v2"
    await bot.edit_message_reply_markup(chat_id=group.id, message_id=card.message_id)
    assert "reply_markup" not in tg.message(group, card.message_id).data
    with pytest.raises(NotModified):
        await bot.edit_message_reply_markup(chat_id=group.id, message_id=card.message_id)
    assert await bot.delete_message(group.id, comment.message_id)
    assert tg.message(group, comment.message_id).deleted
    other = await tg.comment(ann, copy, "x")
    assert await bot.delete_messages(group.id, [other.message_id, 999])
    assert await bot.restrict_chat_member(
        group.id,
        ann.id,
        ChatPermissions(can_send_messages=False),
        until_date=tg.clock.now() + 3600,
    )
    assert tg.member(group, ann).status == "restricted"
    assert await bot.ban_chat_member(group.id, ann.id)
    assert tg.member(group, ann).status == "kicked"
    assert await bot.unban_chat_member(group.id, ann.id, only_if_banned=True)
    assert tg.member(group, ann).status == "left"
    spam = tg.add_channel("Spam")
    assert await bot.ban_chat_sender_chat(group.id, spam.id)
    assert spam.id in group.banned_sender_chats
    assert await bot.unban_chat_sender_chat(group.id, spam.id)
    member = await bot.get_chat_member(group.id, me.id)
    assert member.status == "administrator" and member.can_delete_messages  # type: ignore[union-attr]
    admins = await bot.get_chat_administrators(group.id)
    assert [a.user.id for a in admins] == [me.id]
    assert (await bot.get_chat(group.id)).linked_chat_id == channel.id
    commands = [BotCommand(command="help", description="Көмек")]
    assert await bot.set_my_commands(commands, language_code="kk")
    got = await bot.get_my_commands(language_code="kk")
    assert [(c.command, c.description) for c in got] == [("help", "Көмек")]
    fresh = await bot.send_message(group.id, "buttons", reply_markup=MARKUP)
    query_id = await tg.press_button(mod, tg.message(group, fresh.message_id), "kz1:r:5")
    assert await bot.answer_callback_query(query_id, text="Done")
    with pytest.raises(QueryExpired):
        await bot.answer_callback_query(query_id)
    answer = tg.world.callbacks[query_id].answer
    assert answer is not None and answer["text"] == "Done"


async def test_429_storm_every_call_done_exactly_once(
    bot: Bot,
    world,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    tg, group, _, ann, _ = world
    comments = [await tg.comment(ann, group, f"spam {i}") for i in range(10)]
    tg.fail_next("deleteMessage", "retry_after", times=15, retry_after=3)
    results = await asyncio.gather(*(bot.delete_message(group.id, c.message_id) for c in comments))
    assert results == [True] * 10
    for c in comments:
        done = tg.calls("deleteMessage", message_id=c.message_id)
        assert len(done) == 1, c.message_id
        assert tg.message(group, c.message_id).deleted
    assert len(tg.calls("deleteMessage", ok=False)) == 15
    assert sleeps.waits == [3.0] * 15  # each 429 waited exactly retry_after


@pytest.mark.parametrize("kind", ["server_error", "restarting", "bad_gateway", "drop"])
async def test_transient_failures_are_retried_then_succeed(
    bot: Bot,
    world,
    kind: str,  # type: ignore[no-untyped-def]
) -> None:
    tg, group, _, _, _ = world
    tg.fail_next("sendMessage", kind, times=2)
    sent = await bot.send_message(group.id, "hello")
    assert sent.text == "hello"
    assert len(tg.calls("sendMessage")) == 1
    assert len(tg.calls("sendMessage", ok=False)) == 2


async def test_timeout_is_retried(fake_telegram: FakeTelegram, world) -> None:  # type: ignore[no-untyped-def]
    tg, group, _, ann, _ = world
    comment = await tg.comment(ann, group, "slow")
    quick = make_bot(tg.token, tg.api_base, retry=RetryPolicy(base_delay=0.01), timeout=0.6)
    try:
        # 0.6 s is ample for a local answer even on a busy machine; 1.5 s never fits
        tg.fail_next("deleteMessage", "slow", delay=1.5)
        assert await quick.delete_message(group.id, comment.message_id)
        # the slow first attempt still runs late and finds the message already gone
        late = await tg.wait_for_call("deleteMessage", ok=False)
        assert late.response["description"].endswith("message to delete not found")
    finally:
        await quick.session.close()


async def test_retries_are_bounded(bot: Bot, world) -> None:  # type: ignore[no-untyped-def]
    tg, group, _, _, _ = world
    tg.fail_next("sendMessage", "server_error", times=5)
    with pytest.raises(Transient):
        await bot.send_message(group.id, "never")
    assert len(tg.calls("sendMessage", ok=False)) == 5
    assert not tg.calls("sendMessage")


async def test_errors_are_mapped_to_our_hierarchy(bot: Bot, world) -> None:  # type: ignore[no-untyped-def]
    tg, group, _, ann, _ = world
    with pytest.raises(MessageGone):
        await bot.delete_message(group.id, 4242)
    with pytest.raises(ChatGone):
        await bot.send_message(-1009999, "nowhere")
    boss = tg.add_user("Boss")
    tg.make_admin(group, boss)
    with pytest.raises(TargetProtected):
        await bot.ban_chat_member(group.id, boss.id)
    old = await tg.comment(ann, group, "old")
    tg.advance(49 * 3600)
    with pytest.raises(MessageUndeletable):
        await bot.delete_message(group.id, old.message_id)
    tg.add_bot(group, can_restrict_members=False, can_delete_messages=False)
    with pytest.raises(NotEnoughRights) as denied:
        await bot.ban_chat_member(group.id, ann.id)
    assert denied.value.right == "can_restrict_members"
    tg.fail_next("deleteMessage", "error", code=400, reason="CHAT_ADMIN_REQUIRED")
    with pytest.raises(NotEnoughRights) as denied:
        await bot.delete_message(group.id, 1)
    assert denied.value.right == "can_delete_messages"
    outside = tg.add_chat("Not ours")
    with pytest.raises(ChatGone, match="bot is not a member"):
        await bot.send_message(outside.id, "hi")


async def test_invalid_token_is_refused() -> None:
    with pytest.raises(InvalidToken):
        make_bot("not-a-token", "http://127.0.0.1:1")
    async with FakeTelegram() as tg:
        wrong = make_bot("999:WRONG", tg.api_base)
        try:
            with pytest.raises(InvalidToken):
                await wrong.get_me()
        finally:
            await wrong.session.close()


async def test_token_never_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    secret = "SeCrEtToKeN42"
    caplog.set_level(logging.DEBUG)
    async with FakeTelegram(token=f"123456:{secret}") as tg:
        group = tg.add_chat("G")
        tg.add_bot(group)
        policy = RetryPolicy(base_delay=0.001, max_attempts=3, max_rate_limited=1)
        secret_bot = make_bot(tg.token, tg.api_base, retry=policy, pacing=None)
        try:
            for kind in ("drop", "server_error", "bad_gateway", "retry_after", "restarting"):
                tg.fail_next("sendMessage", kind, times=1 if kind == "retry_after" else 3)
                with pytest.raises(Transient) as failed:
                    await secret_bot.send_message(group.id, "x")
                logging.getLogger("test").error("failed", exc_info=failed.value)
            with pytest.raises(ChatGone) as gone:
                await secret_bot.send_message(-5, "x")
            logging.getLogger("test").error("failed", exc_info=gone.value)
        finally:
            await secret_bot.session.close()
    assert any("retrying" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        assert secret not in text


async def test_lost_answer_on_delete_is_retried_and_reads_as_done(bot: Bot, world) -> None:  # type: ignore[no-untyped-def]
    tg, group, _, ann, _ = world
    comment = await tg.comment(ann, group, "gone twice")
    tg.fail_next("deleteMessage", "lost_answer")
    with pytest.raises(MessageGone):  # the first attempt deleted it; the retry finds nothing
        await bot.delete_message(group.id, comment.message_id)
    assert [c.fault for c in tg.calls("deleteMessage", ok=None)] == ["lost_answer", None]
    assert tg.message(group, comment.message_id).deleted


def test_entity_too_large_is_final_not_transient() -> None:
    too_large = TelegramEntityTooLarge(GetMe(), "Request Entity Too Large")
    assert type(from_aiogram(too_large, "sendPhoto")) is Rejected  # never retried
