"""Durable polling: nothing is confirmed to Telegram before the inbox holds it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram import Bot

from bot.storage import migrate
from bot.storage.engine import Database
from bot.storage.repositories.state import StateRepository
from bot.telegram.errors import InvalidToken
from bot.telegram.polling import (
    DurablePoller,
    KeyValueOffsetStore,
    MemoryOffsetStore,
    PollingPolicy,
)
from bot.telegram.transport import make_bot
from tests.bot.telegram.conftest import RecordingSleep
from tests.fakes.telegram import FakeTelegram

POLICY = PollingPolicy(timeout=5, allowed_updates=("message", "edited_message"))


class Crash(BaseException):
    """The process dies here (not an error the loop may handle)."""


class Inbox:
    """An idempotent store keyed by update_id, like the real inbox, with a wait."""

    def __init__(self, crash_on_first: bool = False, fail_first: int = 0) -> None:
        self.rows: dict[int, dict[str, Any]] = {}
        self.deliveries: list[int] = []
        self.crash_on_first = crash_on_first
        self.fail_first = fail_first
        self.changed = asyncio.Condition()

    async def __call__(self, update: dict[str, Any]) -> None:
        if self.crash_on_first:
            self.crash_on_first = False
            raise Crash
        if self.fail_first:
            self.fail_first -= 1
            raise RuntimeError("database is down")
        async with self.changed:
            self.deliveries.append(update["update_id"])
            self.rows.setdefault(update["update_id"], update)
            self.changed.notify_all()

    async def wait_rows(self, n: int) -> None:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: len(self.rows) >= n), 5)


class CrashingOffsets(MemoryOffsetStore):
    def __init__(self) -> None:
        super().__init__()
        self.crash_next_save = True

    async def save(self, offset: int) -> None:
        if self.crash_next_save:
            self.crash_next_save = False
            raise Crash
        await super().save(offset)


async def _run_until(poller: DurablePoller, inbox: Inbox, rows: int) -> None:
    task = asyncio.create_task(poller.run())
    try:
        await inbox.wait_rows(rows)
    finally:
        poller.stop()
        await asyncio.wait_for(task, 5)


@pytest.fixture
def chat(fake_telegram: FakeTelegram):  # type: ignore[no-untyped-def]
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    return group, fake_telegram.add_user("Ann")


async def test_batch_is_stored_then_confirmed(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    for text in ("a", "b", "c"):
        await fake_telegram.comment(ann, group, text)
    inbox, offsets = Inbox(), MemoryOffsetStore()
    poller = DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps)
    await _run_until(poller, inbox, 3)
    assert [inbox.rows[i]["message"]["text"] for i in sorted(inbox.rows)] == ["a", "b", "c"]
    assert offsets.offset == max(inbox.rows) + 1
    confirm = await fake_telegram.wait_for_call("getUpdates", offset=offsets.offset)
    assert confirm.params["allowed_updates"] == ["message", "edited_message"]
    assert fake_telegram.queue.items == []  # Telegram forgot the batch only after the save


async def test_crash_before_storing_redelivers(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    await fake_telegram.comment(ann, group, "first")
    inbox, offsets = Inbox(crash_on_first=True), MemoryOffsetStore()
    with pytest.raises(Crash):
        await DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps).run()
    assert inbox.rows == {} and offsets.offset is None
    await _run_until(DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps), inbox, 1)
    assert [u["message"]["text"] for u in inbox.rows.values()] == ["first"]


async def test_crash_after_storing_before_offset_saved_redelivers_once_more(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    await fake_telegram.comment(ann, group, "once")
    inbox, offsets = Inbox(), CrashingOffsets()
    with pytest.raises(Crash):
        await DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps).run()
    assert len(inbox.deliveries) == 1 and offsets.offset is None
    restarted = DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps)
    task = asyncio.create_task(restarted.run())
    async with inbox.changed:
        await asyncio.wait_for(inbox.changed.wait_for(lambda: len(inbox.deliveries) == 2), 5)
    await fake_telegram.wait_for_call("getUpdates", offset=inbox.deliveries[0] + 1)
    restarted.stop()
    await asyncio.wait_for(task, 5)
    assert inbox.deliveries[0] == inbox.deliveries[1]  # the same update, seen again
    assert len(inbox.rows) == 1  # …and stored once
    assert offsets.offset == inbox.deliveries[0] + 1


async def test_store_errors_back_off_and_keep_the_offset(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    await fake_telegram.comment(ann, group, "kept")
    inbox, offsets = Inbox(fail_first=2), MemoryOffsetStore()
    await _run_until(DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps), inbox, 1)
    assert sleeps.waits[:2] == [1.0, 2.0]  # exponential back-off between attempts
    assert offsets.offset == next(iter(inbox.rows)) + 1


async def test_allowed_updates_and_server_errors(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    fake_telegram.fail_next("getUpdates", "server_error")
    fake_telegram.fail_next("getUpdates", "drop")
    inbox = Inbox()
    poller = DurablePoller(bot, inbox, MemoryOffsetStore(), POLICY, sleep=sleeps)
    task = asyncio.create_task(poller.run())
    await fake_telegram.wait_for_call("getUpdates")  # the first successful poll set the filter
    card = fake_telegram.messaging.send_message(
        {
            "chat_id": group.id,
            "text": "card",
            "reply_markup": {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]},
        }
    )
    await fake_telegram.press_button(ann, group.messages[card["message_id"]], "ok")
    await fake_telegram.comment(ann, group, "visible")
    await inbox.wait_rows(1)
    poller.stop()
    await asyncio.wait_for(task, 5)
    assert [list(u)[1] for u in inbox.rows.values()] == ["message"]
    assert len(fake_telegram.calls("getUpdates", ok=False)) == 2


async def test_conflict_with_webhook_backs_off_and_stop_is_prompt(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    await bot.set_webhook("http://127.0.0.1:9/hook")
    poller = DurablePoller(bot, Inbox(), MemoryOffsetStore(), POLICY, sleep=sleeps)
    task = asyncio.create_task(poller.run())
    await fake_telegram.wait_for_call("getUpdates", ok=False, n=2)
    poller.stop()
    await asyncio.wait_for(task, 5)
    assert all(
        "webhook is active" in c.response["description"]  # type: ignore[index]
        for c in fake_telegram.calls("getUpdates", ok=False)
    )
    await bot.delete_webhook()


async def test_invalid_token_ends_polling(fake_telegram: FakeTelegram) -> None:
    wrong = make_bot("999:WRONG", fake_telegram.api_base)
    try:
        with pytest.raises(InvalidToken):
            await DurablePoller(wrong, Inbox(), MemoryOffsetStore(), POLICY).run()
    finally:
        await wrong.session.close()


async def test_flood_control_on_get_updates_waits_retry_after(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    fake_telegram.fail_next("getUpdates", "retry_after", retry_after=7)
    await fake_telegram.comment(ann, group, "after the flood")
    inbox = Inbox()
    await _run_until(DurablePoller(bot, inbox, MemoryOffsetStore(), POLICY, sleep=sleeps), inbox, 1)
    assert 7.0 in sleeps.waits


async def test_offset_survives_a_restart_in_the_database(
    bot: Bot,
    fake_telegram: FakeTelegram,
    chat,
    database_url: str,
    sleeps: RecordingSleep,  # type: ignore[no-untyped-def]
) -> None:
    group, ann = chat
    await migrate.upgrade(database_url)
    async with Database(database_url) as db:
        offsets = KeyValueOffsetStore(StateRepository(db), "telegram:offset:123456")
        assert await offsets.load() is None
        await fake_telegram.comment(ann, group, "persisted")
        inbox = Inbox()
        await _run_until(DurablePoller(bot, inbox, offsets, POLICY, sleep=sleeps), inbox, 1)
        reopened = KeyValueOffsetStore(StateRepository(db), "telegram:offset:123456")
        assert await reopened.load() == next(iter(inbox.rows)) + 1
