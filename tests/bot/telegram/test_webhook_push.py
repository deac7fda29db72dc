"""The fake's webhook pusher against aiogram's own webhook handler (secret, reply methods)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.fakes.telegram import FakeTelegram


@pytest.fixture
async def hook_url(bot: Bot) -> AsyncIterator[tuple[str, list[str]]]:
    seen: list[str] = []
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> SendMessage:
        seen.append(message.text or "")
        return SendMessage(chat_id=message.chat.id, text=f"echo: {message.text}")

    app = web.Application()
    SimpleRequestHandler(dp, bot, secret_token="right-secret", handle_in_background=False).register(
        app, path="/tg"
    )
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/tg", seen
    await runner.cleanup()


async def test_secret_header_and_method_in_the_answer(
    bot: Bot, fake_telegram: FakeTelegram, hook_url: tuple[str, list[str]]
) -> None:
    url, seen = hook_url
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    assert await bot.set_webhook(url, secret_token="right-secret")
    await fake_telegram.comment(fake_telegram.add_user("Ann"), group, "hi")
    push = await fake_telegram.pushes.wait_for_call("webhookPush")
    assert push.params["secret_token"] == "right-secret"
    reply = await fake_telegram.wait_for_call("sendMessage", text="echo: hi")
    assert reply.source == "webhook-reply" and seen == ["hi"]


async def test_wrong_secret_is_refused_and_retried(
    bot: Bot, fake_telegram: FakeTelegram, hook_url: tuple[str, list[str]]
) -> None:
    url, seen = hook_url
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    assert await bot.set_webhook(url, secret_token="wrong-secret")
    await fake_telegram.comment(fake_telegram.add_user("Ann"), group, "hi")
    refused = await fake_telegram.pushes.wait_for_call("webhookPush", ok=False, n=2)
    assert refused.status == 401 and seen == []
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1 and info.last_error_message
    await bot.delete_webhook()
