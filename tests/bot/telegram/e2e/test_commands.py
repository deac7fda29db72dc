"""Admin commands in the moderators' chat, end to end through the fake Bot API."""

from __future__ import annotations

import pytest

from bot.app import App
from moderation.comment import Platform, UserRef
from tests.bot.telegram.e2e.conftest import StartApp, World, eventually
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.server import FakeTelegram


async def _run(tg: FakeTelegram, world: World, text: str, *, n: int = 1) -> Call:
    message = await tg.comment(world.admin, world.mods, text)
    return await tg.wait_for_call(
        "sendMessage", chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
    )  # fmt: skip


@pytest.fixture
async def app(start_app: StartApp) -> App:
    return await start_app()


async def test_words_lifecycle(fake_telegram: FakeTelegram, world: World, app: App) -> None:
    added = await _run(fake_telegram, world, "/addword жалқау insult")
    assert "жалқау" in added.params["text"]
    listed = await _run(fake_telegram, world, "/words")
    assert "жалқау" in listed.params["text"]
    await _run(fake_telegram, world, "/allowword команда")
    removed = await _run(fake_telegram, world, "/delword жалқау")
    assert "жалқау" in removed.params["text"]
    words = {e.term for e in await app.kernel.repos.words.all("shop")}
    assert "жалқау" not in words and "команда" in words


async def test_check_help_and_stats(fake_telegram: FakeTelegram, world: World, app: App) -> None:
    checked = await _run(fake_telegram, world, "/check ты тупой урод")
    assert checked.params["text"].startswith("⚠️ Нарушение")
    assert "Язык: русский" in checked.params["text"] and "оскорбление" in checked.params["text"]
    helped = await _run(fake_telegram, world, "/help")
    assert "/addword <слово> — запретить слово" in helped.params["text"]
    assert "/warn — предупредить автора" in helped.params["text"]
    stats = await _run(fake_telegram, world, "/stats 3")  # /stats takes 7, 30 or 90 days
    assert stats.params["text"].startswith("Как пользоваться: /stats [7|30|90]")


async def test_ban_unban_banned(fake_telegram: FakeTelegram, world: World, app: App) -> None:
    await _run(fake_telegram, world, f"/ban {world.boris.id} 2 spam")
    await fake_telegram.wait_for_call(
        "banChatMember", chat_id=world.group.id, user_id=world.boris.id
    )
    listed = await _run(fake_telegram, world, "/banned")
    assert str(world.boris.id) in listed.params["text"]
    await _run(fake_telegram, world, f"/unban {world.boris.id}")
    await fake_telegram.wait_for_call(
        "unbanChatMember", chat_id=world.group.id, user_id=world.boris.id, only_if_banned=True
    )
    user = UserRef(Platform.TELEGRAM, "shop", str(world.boris.id))
    assert await app.kernel.repos.blacklist.get(user) is None


async def test_trust_faq_threshold_night_mode(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    await _run(fake_telegram, world, f"/trust {world.alice.id}")
    alice = UserRef(Platform.TELEGRAM, "shop", str(world.alice.id))
    assert await app.kernel.repos.trusted.get(alice) is not None
    await _run(fake_telegram, world, f"/untrust {world.alice.id}")
    assert await app.kernel.repos.trusted.get(alice) is None
    await _run(fake_telegram, world, "/faq add Когда доставка? | Доставка за 2 дня.")
    listed = await _run(fake_telegram, world, "/faq list")
    assert "Доставка за 2 дня" in listed.params["text"]
    await _run(fake_telegram, world, "/threshold hide 0.9")
    await _run(fake_telegram, world, "/night 22:00-07:00")
    await _run(fake_telegram, world, "/mode dry")
    settings = await app.kernel.service.settings("shop")
    assert settings.hide_threshold == 0.9 and settings.dry_run
    assert settings.night.enabled and settings.night.start == "22:00"
    await _run(fake_telegram, world, "/night off")
    assert not (await app.kernel.service.settings("shop")).night.enabled


async def test_bad_arguments_get_a_usage_line(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    for command in ("/threshold hide lots", "/night soon", "/mode maybe", "/addword"):
        answer = await _run(fake_telegram, world, command)
        assert "Как пользоваться" in answer.params["text"], command


async def test_non_admin_is_refused_and_audited(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    message = await fake_telegram.comment(world.mod, world.mods, "/addword плохо")
    answer = await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
    )  # fmt: skip
    assert "только для администраторов" in answer.params["text"]
    assert await app.kernel.repos.words.all("shop") == ()

    async def audited() -> bool:
        return any(
            e.action == "command.refused" for e in await app.kernel.repos.audit.recent("shop", 10)
        )

    await eventually(audited)


async def test_commands_registered_in_kazakh_and_russian(
    fake_telegram: FakeTelegram, app: App
) -> None:
    calls = fake_telegram.calls("setMyCommands")
    languages = {c.params.get("language_code") for c in calls}
    assert {"kk", "ru", None} <= languages


async def test_admin_commands_only_in_admin_and_moderator_menus(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    calls = fake_telegram.calls("setMyCommands")
    scopes = {(c.params["scope"]["type"], c.params["scope"].get("chat_id")) for c in calls}
    assert ("chat_administrators", world.group.id) in scopes
    assert ("chat", world.mods.id) in scopes
    assert all(kind != "all_group_chats" for kind, _ in scopes)
    group_menu = next(c for c in calls if c.params["scope"] == {
        "type": "chat_administrators", "chat_id": world.group.id} and
        c.params.get("language_code") == "kk")  # fmt: skip
    names = [entry["command"] for entry in group_menu.params["commands"]]
    assert {"warn", "mute", "unmute", "ban", "unban", "warns", "resetwarns"} <= set(names)
    assert "addword" not in names
    described = {e["command"]: e["description"] for e in group_menu.params["commands"]}
    assert described["warn"] == "Ескерту (хабарламаға жауап ретінде)"
    # An older menu for every group chat is taken down.
    removed = fake_telegram.calls("deleteMyCommands")
    assert any(c.params["scope"]["type"] == "all_group_chats" for c in removed)
