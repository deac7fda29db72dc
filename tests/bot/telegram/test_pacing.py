"""Per-chat pacing: bursts pass, then ~20/min per group; deletions never wait behind sends."""

from __future__ import annotations

import pytest
from aiogram import Bot

from bot.telegram.pacing import Pacer, PacingPolicy, is_paced
from tests.bot.telegram.conftest import RecordingSleep
from tests.fakes.telegram import FakeTelegram


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_group_burst_then_three_seconds_apart() -> None:
    clock = ManualClock()
    pacer = Pacer(PacingPolicy(group_per_minute=20, burst=3), clock=clock)
    waits = [pacer.reserve(-100) for _ in range(5)]
    assert waits == [0.0, 0.0, 0.0, pytest.approx(3.0), pytest.approx(6.0)]
    assert pacer.reserve(-200) == 0.0  # another chat has its own bucket
    assert pacer.reserve(42) == 0.0


def test_bucket_refills_with_time_and_flood_hold_delays() -> None:
    clock = ManualClock()
    pacer = Pacer(PacingPolicy(group_per_minute=20, burst=2), clock=clock)
    assert [pacer.reserve(-1) for _ in range(2)] == [0.0, 0.0]
    clock.now += 6.0  # two intervals: two tokens back
    assert [pacer.reserve(-1) for _ in range(2)] == [0.0, 0.0]
    clock.now += 60.0
    pacer.hold(-1, 10.0)
    assert pacer.reserve(-1) == pytest.approx(13.0)


def test_only_sends_and_edits_are_paced() -> None:
    assert is_paced("sendMessage") and is_paced("editMessageText")
    assert not any(map(is_paced, ["deleteMessage", "banChatMember", "answerCallbackQuery"]))


async def test_deletions_pass_while_sends_to_the_same_chat_wait(
    bot: Bot, fake_telegram: FakeTelegram, sleeps: RecordingSleep
) -> None:
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    ann = fake_telegram.add_user("Ann")
    comments = [await fake_telegram.comment(ann, group, f"c{i}") for i in range(5)]
    for i in range(5):
        await bot.send_message(group.id, f"notice {i}")
    paced = [w for w in sleeps.waits if w > 0]
    assert len(paced) == 2  # burst of 3, then two paced sends
    for comment in comments:
        await bot.delete_message(group.id, comment.message_id)
    assert len([w for w in sleeps.waits if w > 0]) == 2  # no deletion waited
