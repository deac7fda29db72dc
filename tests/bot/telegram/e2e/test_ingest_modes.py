"""Webhook mode with its secret, restarts mid-stream, and a 429 storm."""

from __future__ import annotations

import asyncio

import aiohttp

from tests.bot.telegram.e2e.conftest import (
    SECRET,
    StartApp,
    World,
    eventually,
    free_port,
    inbox_total,
    side_of,
)
from tests.fakes.telegram.server import FakeTelegram

# An insult gets a card of its own (obscenity would be a line of the rolling card).
PROFANE = "ты тупой урод"


async def test_webhook_checks_the_secret_and_stores_updates(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app(mode="webhook", port=free_port())
    await fake_telegram.wait_for_call("setWebhook", secret_token=SECRET)
    url = app.kernel.http.base_url + "/tg/hook"
    update = {"update_id": 1, "message": {
        "message_id": 99, "date": 1_700_000_000, "text": PROFANE,
        "chat": {"id": world.group.id, "type": "supergroup", "title": "Shop chat"},
        "from": {"id": world.alice.id, "is_bot": False, "first_name": "Alice"}}}  # fmt: skip
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=update) as missing:
            assert missing.status == 401
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
        async with session.post(url, json=update, headers=wrong) as refused:
            assert refused.status == 403
    assert await inbox_total(app) == 0
    # The fake pushes real updates to the webhook with the right secret.
    message = await fake_telegram.comment(world.alice, world.group, PROFANE)
    await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id, timeout=15)
    assert await inbox_total(app) == 1


async def test_restart_mid_stream_loses_nothing_and_repeats_nothing(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    first = [await fake_telegram.comment(world.alice, world.group, f"{PROFANE} {i}")
             for i in range(3)]  # fmt: skip
    for message in first:
        await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id)
    await app.stop()
    # While the bot is down people keep writing.
    second = [await fake_telegram.comment(world.boris, world.group, f"{PROFANE} {i}")
              for i in range(3, 6)]  # fmt: skip
    app = await start_app()
    for message in second:
        await fake_telegram.wait_for_call("deleteMessage", message_id=message.message_id)
    await eventually(lambda: inbox_total(app))
    assert await inbox_total(app) == 6
    for message in first + second:
        assert len(fake_telegram.calls("deleteMessage", message_id=message.message_id)) == 1
    await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id, n=6, reply_markup=lambda m: bool(m)
    )
    # A crash between storing a batch and saving its offset makes Telegram send it again:
    # every update seen so far, delivered a second time, changes nothing.
    seen = [u for call in fake_telegram.calls("getUpdates") for u in call.result or ()]
    assert len(seen) >= 6
    for update in seen:
        await side_of(app).ingest.store(update)
    await asyncio.sleep(0.3)  # room for a duplicate to show up, were there one
    assert await inbox_total(app) == 6
    cards = fake_telegram.calls(
        "sendMessage", chat_id=world.mods.id, reply_markup=lambda m: bool(m)
    )
    assert len(cards) == 6


async def test_429_storm_every_action_done_once(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app()
    fake_telegram.fail_next("deleteMessage", "retry_after", times=4, retry_after=1)
    fake_telegram.fail_next("sendMessage", "retry_after", times=4, retry_after=1)
    messages = [await fake_telegram.comment(world.alice, world.group, f"{PROFANE} {i}")
                for i in range(3)]  # fmt: skip
    await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id, n=3, timeout=20, reply_markup=lambda m: bool(m)
    )
    for message in messages:
        # Gone: deleted once, or with its author's messages when the third strike banned
        # them (hides go out together, so the ban may overtake a hide stuck in a 429).
        assert world.group.messages[message.message_id].deleted
        assert len(fake_telegram.calls("deleteMessage", message_id=message.message_id)) <= 1
    assert len([c for c in fake_telegram.calls("deleteMessage", ok=False) if c.status == 429]) == 4
