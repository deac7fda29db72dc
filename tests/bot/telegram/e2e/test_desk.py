"""What the moderators' chat and the group read, end to end through the fake Bot API: card
texts in kk, ru and en with no English in kk/ru, the rolling "hidden recently" card, the
warning taken back on Restore, and Rose-style commands in the group."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.telegram.e2e.conftest import StartApp, World, card_button, eventually
from tests.fakes.telegram.server import FakeTelegram
from tests.native_text import latin_words

INSULT = "ты тупой урод"  # an insult: a card of its own
OBSCENE = "ты тупой урод, иди нахуй"  # obscene: a line of the rolling card
# A slur mentioned, not used: held for a decision whatever the model says.
SUSPECT = "слово «чурка» — это оскорбление"
WAIT = 15.0  # seconds a call may take to show up: the suite shares two CPUs


async def _wait(tg: FakeTelegram, method: str, **match: Any) -> Any:
    return await tg.wait_for_call(method, timeout=WAIT, **match)


def _names(world: World) -> list[str]:
    return ["Alice", "Boris", "Mira (@mira)", "Aigul (@aigul)", "Shop chat", "Shop"]


def _bot_texts(tg: FakeTelegram, chat_id: int) -> list[str]:
    return [str(c.params["text"]) for c in tg.calls("sendMessage", chat_id=chat_id)] + [
        str(c.params["text"]) for c in tg.calls("editMessageText", chat_id=chat_id)
    ]


CARD_TEXTS = {
    "kk": ("🚫 Пікір жасырылды\nСебебі: Қорлау: «ты тупой» · Ескерту 1/3\nАвтор: Alice",
           "⏸ Тексеру керек — пікір әзірге көрініп тұр\nСебебі: "),
    "ru": ("🚫 Комментарий скрыт\nПричина: Оскорбление: «ты тупой» · Предупреждение 1/3\n"
           "Автор: Alice", "⏸ Нужна проверка — комментарий пока виден\nПричина: "),
    "en": ("🚫 Comment hidden\nWhy: Insult: “ты тупой” · Warning 1/3\nAuthor: Alice",
           "⏸ Needs review — the comment is still visible\nWhy: "),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
async def test_card_texts_in_the_chats_language(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp, lang: str
) -> None:
    await start_app(lang=lang)
    await fake_telegram.comment(world.alice, world.group, INSULT)
    hidden = await _wait(
        fake_telegram, "sendMessage", chat_id=world.mods.id, reply_markup=lambda m: bool(m)
    )
    await fake_telegram.comment(world.boris, world.group, SUSPECT)
    held = await _wait(
        fake_telegram, "sendMessage", chat_id=world.mods.id, n=2, reply_markup=lambda m: bool(m)
    )
    hidden_start, held_start = CARD_TEXTS[lang]
    assert hidden.params["text"].startswith(hidden_start), hidden.params["text"]
    assert held.params["text"].startswith(held_start), held.params["text"]
    assert 'href="https://t.me/c/' in hidden.params["text"]  # a link to the comment
    await fake_telegram.comment(world.admin, world.mods, "/help")
    await fake_telegram.comment(world.admin, world.mods, "/check ты тупой урод")
    await fake_telegram.comment(world.admin, world.mods, "/mode maybe")
    await _wait(fake_telegram, "sendMessage", chat_id=world.mods.id, n=5)
    if lang != "en":
        for text in _bot_texts(fake_telegram, world.mods.id):
            assert latin_words(text, _names(world)) == [], text


def _restore_buttons(message: Any) -> list[str]:
    rows = message.data.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


async def test_certain_hides_share_one_rolling_card_with_restore_per_line(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    first = await fake_telegram.comment(world.alice, world.group, OBSCENE)
    await _wait(fake_telegram, "deleteMessage", message_id=first.message_id)
    second = await fake_telegram.comment(world.boris, world.group, f"{OBSCENE}!")
    await _wait(fake_telegram, "deleteMessage", message_id=second.message_id)
    edit = await _wait(
        fake_telegram,
        "editMessageText",
        chat_id=world.mods.id,
        text=lambda t: "Бот скрыл сам: 2" in t,
    )
    posted = fake_telegram.calls("sendMessage", chat_id=world.mods.id)
    assert len(posted) == 1 and posted[0].params["disable_notification"] is True
    assert "1." in edit.params["text"] and "2." in edit.params["text"]
    assert "Мат: «нахуй»" in edit.params["text"]
    page, data = card_button(fake_telegram, world.mods, "restore")
    assert _restore_buttons(page) == ["↩️ 1", "↩️ 2"]
    # The second line's button restores Boris's comment and only his.
    _, second_data = [(b, b["callback_data"]) for row in page.data["reply_markup"][
        "inline_keyboard"] for b in row][1]  # fmt: skip
    await fake_telegram.press_button(world.mod, page, second_data)
    await _wait(
        fake_telegram,
        "sendMessage",
        chat_id=world.group.id,
        text=lambda t: "Boris" in t and "нахуй!" in t,
    )
    done = await _wait(
        fake_telegram,
        "editMessageText",
        chat_id=world.mods.id,
        text=lambda t: "восстановил(а) Mira" in t,
    )
    assert _restore_buttons_of(done) == ["↩️ 1"]
    cards = [await app.kernel.repos.cards.get(int(d.split(":")[1])) for d in (data, second_data)]
    assert all(c is not None and c.message_id and "#" in c.message_id for c in cards)


def _restore_buttons_of(call: Any) -> list[str]:
    rows = call.params.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


async def test_restore_takes_back_the_public_warning(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    message = await fake_telegram.comment(world.alice, world.group, INSULT)
    warning = await _wait(
        fake_telegram, "sendMessage", chat_id=world.group.id, text=lambda t: "уважительно" in t
    )
    await eventually(lambda: _has_button(fake_telegram, world, "restore"))
    card, data = card_button(fake_telegram, world.mods, "restore")
    await fake_telegram.press_button(world.mod, card, data)
    await _wait(
        fake_telegram,
        "deleteMessage",
        chat_id=world.group.id,
        message_id=warning.result["message_id"],
    )
    assert len(fake_telegram.calls("deleteMessage", message_id=message.message_id)) == 1


def _has_button(tg: FakeTelegram, world: World, action: str) -> bool:
    try:
        card_button(tg, world.mods, action)
    except AssertionError:
        return False
    return True


async def _command(tg: FakeTelegram, world: World, text: str, target: Any, n: int = 1) -> Any:
    await tg.comment(world.admin, world.group, text, reply_to=target)
    return await _wait(tg, "sendMessage", chat_id=world.group.id, n=n)


async def test_rose_commands_by_reply_in_the_group(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    fake_telegram.add_member(world.group, world.admin)
    fake_telegram.make_admin(world.group, world.admin)
    app = await start_app()
    hello = await fake_telegram.comment(world.alice, world.group, "Всем привет")
    warned = await _command(fake_telegram, world, "/warn", hello)
    assert warned.params["text"].startswith("Alice, модератор вынес Вам предупреждение (1/3)")
    assert warned.params["reply_parameters"]["message_id"] == hello.message_id
    counted = await _command(fake_telegram, world, "/warns", hello, n=2)
    assert counted.params["text"] == "У пользователя Alice 1 предупреждение из 3."
    muted = await _command(fake_telegram, world, "/mute 2ч", hello, n=3)
    assert muted.params["text"] == (
        "Alice, из-за повторного нарушения правил Вы не сможете писать 2 часа."
    )
    restrict = await _wait(fake_telegram, "restrictChatMember", user_id=world.alice.id)
    assert restrict.params["permissions"]["can_send_messages"] is False
    unmuted = await _command(fake_telegram, world, "/unmute", hello, n=4)
    assert unmuted.params["text"] == "Alice снова может писать."
    bad = await _command(fake_telegram, world, "/mute скоро", hello, n=5)
    assert bad.params["text"] == "Не понял срок. Примеры: 30м, 2ч, 3д."
    reset = await _command(fake_telegram, world, "/resetwarns", hello, n=6)
    assert reset.params["text"] == "Предупреждения пользователя Alice сброшены."
    banned = await _command(fake_telegram, world, "/ban", hello, n=7)
    assert banned.params["text"].startswith("Alice, Вы заблокированы")
    await _wait(fake_telegram, "banChatMember", user_id=world.alice.id)
    unbanned = await _command(fake_telegram, world, "/unban", hello, n=8)
    assert unbanned.params["text"] == "Пользователь Alice разблокирован."
    # Commands are never moderated as comments, and every one is audited.
    assert fake_telegram.calls("deleteMessage", chat_id=world.group.id) == []
    audit = {e.action for e in await app.kernel.repos.audit.recent("shop", 50)}
    assert {"rose.warn", "rose.mute", "rose.unmute", "rose.resetwarns", "rose.ban"} <= audit


async def test_group_commands_need_an_admin_and_a_reply(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    fake_telegram.add_member(world.group, world.admin)
    fake_telegram.make_admin(world.group, world.admin)
    app = await start_app()
    hello = await fake_telegram.comment(world.alice, world.group, "Всем привет")
    await fake_telegram.comment(world.boris, world.group, "/ban", reply_to=hello)
    lonely = await fake_telegram.comment(world.admin, world.group, "/warn")
    answer = await _wait(fake_telegram, "sendMessage", chat_id=world.group.id)
    assert answer.params["reply_parameters"]["message_id"] == lonely.message_id
    assert answer.params["text"] == "Отправьте эту команду ответом на сообщение пользователя."
    assert fake_telegram.calls("banChatMember") == []

    async def refused() -> bool:
        audit = await app.kernel.repos.audit.recent("shop", 20)
        return any(e.action == "command.refused" for e in audit)

    await eventually(refused)
