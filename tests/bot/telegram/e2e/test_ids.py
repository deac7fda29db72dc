"""`/id` end to end: the ids a config needs, from any chat, only to those who may ask."""

from __future__ import annotations

from bot.app import App
from tests.bot.telegram.e2e.conftest import StartApp, World
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.telegram.world import StoredMessage


async def _answer(tg: FakeTelegram, message: StoredMessage) -> Call:
    return await tg.wait_for_call(
        "sendMessage", chat_id=message.chat_id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
    )  # fmt: skip


def _answered(tg: FakeTelegram, message: StoredMessage) -> bool:
    return any(
        (c.params.get("reply_parameters") or {}).get("message_id") == message.message_id
        for c in tg.journal.find("sendMessage", chat_id=message.chat_id)
    )


async def test_an_admin_learns_the_ids_of_a_chat_not_configured_yet(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    new_group = fake_telegram.add_chat("New group")
    fake_telegram.add_bot(new_group, admin=False)
    owner = fake_telegram.add_user("Dana", username="dana", language_code="kk")
    fake_telegram.make_admin(new_group, owner, creator=True)
    asked = await fake_telegram.comment(owner, new_group, "/id")
    text = (await _answer(fake_telegram, asked)).params["text"]
    assert f"Чат: {new_group.id} (supergroup)" in text
    assert f"Сіз: {owner.id} (Dana @dana)" in text


async def test_ids_of_the_replied_author_and_the_linked_channel(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    fake_telegram.make_admin(world.discussion, world.admin)
    said = await fake_telegram.comment(world.alice, world.discussion, "Сәлем")
    asked = await fake_telegram.comment(world.admin, world.discussion, "/id", reply_to=said)
    text = (await _answer(fake_telegram, asked)).params["text"]
    assert f"Chat: {world.discussion.id} (supergroup)" in text
    assert f"Linked chat: {world.channel.id}" in text
    assert f"Author of the replied message: {world.alice.id} (Alice)" in text


async def test_anyone_may_ask_in_a_private_chat(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    user = fake_telegram.add_user("Ivan", language_code="ru")
    private = fake_telegram.add_private_chat(user)
    asked = await fake_telegram.comment(user, private, "/id@kuzet_test_bot")
    text = (await _answer(fake_telegram, asked)).params["text"]
    assert f"Вы: {user.id} (Ivan)" in text
    assert "private" in text


async def test_members_and_other_bots_commands_get_no_answer(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app: App = await start_app()
    fake_telegram.make_admin(world.group, world.admin)
    by_member = await fake_telegram.comment(world.alice, world.group, "/id")
    for_other_bot = await fake_telegram.comment(world.admin, world.group, "/id@other_bot")
    asked = await fake_telegram.comment(world.admin, world.group, "/id")
    await _answer(fake_telegram, asked)  # updates are handled in order: the first two are done
    assert not _answered(fake_telegram, by_member)
    assert not _answered(fake_telegram, for_other_bot)
    assert app.kernel is not None
