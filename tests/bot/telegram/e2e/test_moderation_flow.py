"""Comments in a group and a channel's discussion: hidden with a card, drafts approved."""

from __future__ import annotations

from bot.app import App
from moderation.records import CardState
from tests.bot.telegram.e2e.conftest import StartApp, World, card_button, eventually, side_of
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.server import FakeTelegram

PROFANE = "ты тупой урод, иди нахуй"  # obscene: a line on the rolling "hidden" card
INSULT = "ты тупой урод"  # an insult only: a card of its own, with a Ban button
QUESTION = "Подскажите, когда будет доставка?"


async def _card_state(app: App, card_id: int) -> CardState | None:
    card = await app.kernel.repos.cards.get(card_id)
    return card.state if card else None


async def test_profane_comment_is_deleted_and_carded(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    message = await fake_telegram.comment(world.alice, world.group, PROFANE)
    await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id)
    card_call = await fake_telegram.wait_for_call("sendMessage", chat_id=world.mods.id)
    assert "нахуй" in card_call.params["text"] and "Alice" in card_call.params["text"]
    _, data = card_button(fake_telegram, world.mods, "restore")
    assert data.startswith("k1:")


async def test_restore_reposts_as_a_quote(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    message = await fake_telegram.comment(world.alice, world.group, PROFANE)
    await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id)
    await eventually(lambda: any(True for _ in _buttons(fake_telegram, world, "restore")))
    card_message, data = card_button(fake_telegram, world.mods, "restore")
    await fake_telegram.press_button(world.mod, card_message, data)
    repost = await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.group.id, text=lambda t: PROFANE in t and "Alice" in t
    )
    assert repost.ok
    await fake_telegram.wait_for_call("answerCallbackQuery")
    card_id = int(data.split(":")[1])
    await eventually(lambda: _card_state(app, card_id), timeout=5)
    assert await _card_state(app, card_id) is CardState.RESTORED
    edit = await fake_telegram.wait_for_call("editMessageText", chat_id=world.mods.id)
    assert "mira" in edit.params["text"]


def _buttons(tg: FakeTelegram, world: World, action: str) -> list[str]:
    try:
        return [card_button(tg, world.mods, action)[1]]
    except AssertionError:
        return []


async def test_ban_from_card_bans_in_every_chat(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    await fake_telegram.comment(world.alice, world.group, INSULT)
    await eventually(lambda: _buttons(fake_telegram, world, "ban"))
    card_message, data = card_button(fake_telegram, world.mods, "ban")
    await fake_telegram.press_button(world.mod, card_message, data)
    await fake_telegram.wait_for_call(
        "banChatMember", chat_id=world.group.id, user_id=world.alice.id
    )
    await fake_telegram.wait_for_call(
        "banChatMember", chat_id=world.discussion.id, user_id=world.alice.id
    )


async def test_question_draft_send_posts_the_reply(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    message = await fake_telegram.comment(world.boris, world.group, QUESTION)
    await eventually(lambda: _buttons(fake_telegram, world, "send"))
    card_message, data = card_button(fake_telegram, world.mods, "send")
    await fake_telegram.press_button(world.mod, card_message, data)
    reply = await fake_telegram.wait_for_call("sendMessage", chat_id=world.group.id)
    assert reply.params["reply_parameters"]["message_id"] == message.message_id


async def test_edit_by_replying_to_the_card(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    await fake_telegram.comment(world.boris, world.group, QUESTION)
    await eventually(lambda: _buttons(fake_telegram, world, "edit"))
    card_message, data = card_button(fake_telegram, world.mods, "edit")
    await fake_telegram.press_button(world.mod, card_message, data)
    await fake_telegram.comment(
        world.mod, world.mods, "Доставка завтра, спасибо!", reply_to=card_message
    )
    await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.group.id, text="Доставка завтра, спасибо!"
    )


async def test_reject_posts_nothing_and_second_tap_is_already_handled(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    await fake_telegram.comment(world.boris, world.group, QUESTION)
    await eventually(lambda: _buttons(fake_telegram, world, "reject"))
    card_message, data = card_button(fake_telegram, world.mods, "reject")
    await fake_telegram.press_button(world.mod, card_message, data)
    await fake_telegram.wait_for_call(
        "editMessageText", chat_id=world.mods.id, text=lambda t: "mira" in t
    )
    assert fake_telegram.calls("sendMessage", chat_id=world.group.id) == []


async def test_stranger_press_is_refused_and_audited(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    await fake_telegram.comment(world.alice, world.group, PROFANE)
    await eventually(lambda: _buttons(fake_telegram, world, "restore"))
    card_message, data = card_button(fake_telegram, world.mods, "restore")
    outsider = fake_telegram.add_user("Eve")
    await fake_telegram.press_button(outsider, card_message, data)
    answer = await fake_telegram.wait_for_call("answerCallbackQuery")
    assert "модератор" in answer.params.get("text", "")

    async def refused() -> bool:
        audit = await app.kernel.repos.audit.recent("shop", 20)
        return any(e.action == "card.refused" for e in audit)

    await eventually(refused)
    assert (
        fake_telegram.calls("sendMessage", chat_id=world.group.id, text=lambda t: PROFANE in t)
        == []
    )


async def test_edited_into_abuse_is_deleted(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    message = await fake_telegram.comment(world.alice, world.group, "Отличный магазин")
    await eventually(lambda: fake_telegram.calls("getUpdates"))
    fake_telegram.advance(5)
    await fake_telegram.edit(message, PROFANE)
    await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id)


async def test_channel_comment_and_sender_chat_ban(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    copy = await fake_telegram.publish_channel_post(world.channel, "Новинки недели")
    other = fake_telegram.add_channel("Spam channel")
    comment = await fake_telegram.comment(None, copy, INSULT, as_channel=other)
    await fake_telegram.wait_for_call(
        "deleteMessage", chat_id=world.discussion.id, message_id=comment.message_id
    )
    await eventually(lambda: _buttons(fake_telegram, world, "ban"))
    card_message, data = card_button(fake_telegram, world.mods, "ban")
    await fake_telegram.press_button(world.mod, card_message, data)
    await fake_telegram.wait_for_call(
        "banChatSenderChat", chat_id=world.discussion.id, sender_chat_id=other.id
    )
    # the channel's own post copy was never touched
    assert fake_telegram.calls("deleteMessage", message_id=copy.message_id) == []


async def test_held_comment_allow_and_second_tap_already_handled(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    # A slur mentioned, not used: held for review whatever the model says (score 0.6).
    text = "слово «чурка» — это оскорбление"
    message = await fake_telegram.comment(world.alice, world.group, text)
    await eventually(lambda: _buttons(fake_telegram, world, "allow"))
    assert fake_telegram.calls("deleteMessage", message_id=message.message_id) == []
    card_message, data = card_button(fake_telegram, world.mods, "allow")
    await fake_telegram.press_button(world.mod, card_message, data)
    await fake_telegram.press_button(world.admin, card_message, data)
    second = await fake_telegram.wait_for_call("answerCallbackQuery", n=2)
    assert "Уже решено" in second.params.get("text", "")
    card_id = int(data.split(":")[1])
    assert await _card_state(app, card_id) is CardState.ALLOWED
    card = await app.kernel.repos.cards.get(card_id)
    assert card is not None and card.handled_by == "Mira (@mira)"


async def test_redelivered_tap_does_nothing_twice(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    await _hidden_then_restored_by_a_moderator(fake_telegram, world)
    taps = [u for c in fake_telegram.calls("getUpdates") for u in c.result or ()
            if "callback_query" in u]  # fmt: skip
    assert len(taps) == 1
    await side_of(app).ingest.store(taps[0])
    assert len(fake_telegram.calls("answerCallbackQuery")) == 1
    assert (
        len(fake_telegram.calls("sendMessage", chat_id=world.group.id, text=lambda t: PROFANE in t))
        == 1
    )


async def test_repeat_offender_is_muted_with_an_end(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    for i in range(2):
        message = await fake_telegram.comment(world.alice, world.group, f"{PROFANE} {i}")
        await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id)
    mute = await fake_telegram.wait_for_call(
        "restrictChatMember", chat_id=world.group.id, user_id=world.alice.id
    )
    assert mute.params["permissions"]["can_send_messages"] is False
    assert int(mute.params["until_date"]) > 0


async def test_undo_of_a_restore_deletes_the_repost(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    data, repost = await _hidden_then_restored_by_a_moderator(fake_telegram, world)
    card_id = int(data.split(":")[1])
    await eventually(lambda: _card_state(app, card_id))
    await eventually(lambda: _is(app, card_id, CardState.RESTORED))
    await app.kernel.service.undo(card_id, "Aigul (@aigul)")
    await fake_telegram.wait_for_call(
        "deleteMessage", chat_id=world.group.id, message_id=repost.result["message_id"]
    )


async def test_undo_while_the_repost_is_on_its_way_deletes_it(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    """An undo that arrives while Telegram is still answering the restore's re-post (the
    card is already stored as restored) must still find and delete the re-post."""
    app = await start_app()
    await fake_telegram.comment(world.alice, world.group, PROFANE)
    await eventually(lambda: _buttons(fake_telegram, world, "restore"))
    card_message, data = card_button(fake_telegram, world.mods, "restore")
    card_id = int(data.split(":")[1])
    await fake_telegram.wait_for_call("sendMessage", chat_id=world.group.id)  # the warning
    fake_telegram.fail_next("sendMessage", "slow", delay=1.0)  # the re-post answers late
    await fake_telegram.press_button(world.mod, card_message, data)
    await eventually(lambda: _is(app, card_id, CardState.RESTORED))
    reposted = fake_telegram.calls(
        "sendMessage", chat_id=world.group.id, text=lambda t: PROFANE in t
    )
    assert not reposted  # the re-post is still on its way
    await app.kernel.service.undo(card_id, "Aigul (@aigul)")
    repost = await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.group.id, text=lambda t: PROFANE in t
    )
    await fake_telegram.wait_for_call(
        "deleteMessage", chat_id=world.group.id, message_id=repost.result["message_id"]
    )


async def _hidden_then_restored_by_a_moderator(tg: FakeTelegram, world: World) -> tuple[str, Call]:
    """Alice's profane comment is hidden; a moderator taps Restore on its card. Returns
    the button's callback data and the repost in the group."""
    await tg.comment(world.alice, world.group, PROFANE)
    await eventually(lambda: _buttons(tg, world, "restore"))
    card_message, data = card_button(tg, world.mods, "restore")
    await tg.press_button(world.mod, card_message, data)
    repost = await tg.wait_for_call(
        "sendMessage", chat_id=world.group.id, text=lambda t: PROFANE in t
    )
    return data, repost


async def _is(app: App, card_id: int, state: CardState) -> bool:
    return await _card_state(app, card_id) is state
