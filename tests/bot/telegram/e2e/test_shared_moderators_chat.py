"""One moderators' chat serving two communities: commands say which one they mean."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import App
from bot.config.model import CommunityConfig
from moderation.comment import Platform, UserRef
from tests.bot.telegram.e2e.conftest import StartApp, World, card_button, eventually
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.telegram.world import Chat


@pytest.fixture
def news(fake_telegram: FakeTelegram, world: World) -> Chat:
    chat = fake_telegram.add_chat("News chat")
    fake_telegram.add_bot(chat)
    fake_telegram.add_member(chat, world.boris)
    return chat


@pytest.fixture
async def app(start_app: StartApp, world: World, news: Chat) -> App:
    second = CommunityConfig(
        id="news",
        platform="telegram",
        name="News",
        moderators_chat=world.mods.id,
        language="kk",
        telegram_chats=(news.id,),
    )
    return await start_app(extra=(second,))


async def _run(tg: FakeTelegram, world: World, text: str) -> Call:
    message = await tg.comment(world.admin, world.mods, text)
    return await tg.wait_for_call(
        "sendMessage", chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
    )  # fmt: skip


async def _words(app: App, community: str) -> set[str]:
    return {entry.term for entry in await app.kernel.repos.words.all(community)}


async def test_a_command_without_a_community_asks_which(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    answer = await _run(fake_telegram, world, "/addword казино spam")
    assert "#shop" in answer.params["text"] and "#news" in answer.params["text"]
    assert "казино" not in await _words(app, "shop") | await _words(app, "news")
    # /help means the same for both: it is answered
    helped = await _run(fake_telegram, world, "/help")
    assert "/addword" in helped.params["text"]


async def test_a_named_community_gets_the_change_and_only_it(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    await _run(fake_telegram, world, "/addword #news казино spam")
    assert "казино" in await _words(app, "news")
    assert "казино" not in await _words(app, "shop")
    await _run(fake_telegram, world, "/threshold #shop hide 0.9")
    assert (await app.kernel.service.settings("shop")).hide_threshold == 0.9
    assert (await app.kernel.service.settings("news")).hide_threshold != 0.9
    unknown = await _run(fake_telegram, world, "/addword #nope слово")
    assert "#nope" in unknown.params["text"] and "#shop" in unknown.params["text"]


async def test_a_command_replying_to_a_card_acts_on_that_cards_community(
    fake_telegram: FakeTelegram, world: World, news: Chat, app: App
) -> None:
    await fake_telegram.comment(world.boris, news, "сен ақымақсың, иттің баласы")
    card, _ = await eventually(lambda: _card_or_none(fake_telegram, world.mods))
    # A moderator replies to a card seen on screen: by then its message id is stored.
    cards = app.kernel.repos.cards
    await eventually(lambda: cards.by_message(str(world.mods.id), str(card.message_id)))
    reply = await fake_telegram.comment(world.admin, world.mods, "/ban", reply_to=card)
    await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == reply.message_id,
    )  # fmt: skip
    banned = UserRef(Platform.TELEGRAM, "news", str(world.boris.id))
    assert await app.kernel.repos.blacklist.get(banned) is not None
    in_shop = UserRef(Platform.TELEGRAM, "shop", str(world.boris.id))
    assert await app.kernel.repos.blacklist.get(in_shop) is None


def _card_or_none(tg: FakeTelegram, chat: Chat) -> tuple[Any, str] | None:
    for action in ("restore", "hide", "allow", "ban"):
        try:
            return card_button(tg, chat, action)
        except AssertionError:
            continue
    return None
