"""Bots Long Poll end to end: failed 1/2/3 and restarts that lose and double nothing."""

from __future__ import annotations

import pytest

from bot.vk.side import ts_key
from tests.bot.vk.e2e.conftest import Running, StartApp, eventually
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, BOB, GROUP_ID

PROFANE = "ты тупой урод, иди нахуй"


def failed_answers(fake: FakeVK, failed: int) -> int:
    return sum(
        1
        for c in fake.journal.calls
        if c.method == "longpoll"
        and isinstance(c.response, dict)
        and c.response.get("failed") == failed
    )


async def hidden(running: Running, fake: FakeVK, text: str = PROFANE) -> int:
    comment = await fake.comment(ALICE, fake.post, text)
    await fake.journal.wait_for_call("wall.deleteComment", comment_id=comment.id)
    return comment.id


async def test_long_poll_moderates_and_persists_ts(start_app: StartApp, fake_vk: FakeVK) -> None:
    running = await start_app(mode="longpoll")
    await hidden(running, fake_vk)
    await eventually(lambda: running.side.pollers[GROUP_ID].batches > 0)

    async def saved() -> bool:
        return await running.kernel.state.get(ts_key(GROUP_ID)) == str(fake_vk.log(GROUP_ID).ts)

    await eventually(saved)
    assert fake_vk.callback.servers == []  # nothing pushed: this community polls


@pytest.mark.parametrize("failed", [1, 2, 3])
async def test_failed_answers_are_survived(
    start_app: StartApp, fake_vk: FakeVK, failed: int
) -> None:
    running = await start_app(mode="longpoll")
    await hidden(running, fake_vk)
    servers_before = len(fake_vk.journal.find("groups.getLongPollServer"))
    fake_vk.longpoll_fail_next(failed)
    await eventually(lambda: failed_answers(fake_vk, failed) == 1)
    if failed in (2, 3):  # a new key (and for 3 a new ts) first; what comes after is read
        await fake_vk.journal.wait_for_call("groups.getLongPollServer", n=servers_before + 1)
    second = await hidden(running, fake_vk)
    servers_after = len(fake_vk.journal.find("groups.getLongPollServer"))
    assert servers_after == servers_before + (0 if failed == 1 else 1)
    assert len(fake_vk.journal.find("wall.deleteComment", ok=None, comment_id=second)) == 1


async def test_restart_resumes_from_the_saved_ts(start_app: StartApp, fake_vk: FakeVK) -> None:
    first = await start_app(mode="longpoll")
    before = await hidden(first, fake_vk)
    await first.worker_idle()
    await first.app.stop()
    while_down = [
        await fake_vk.comment(ALICE, fake_vk.post, PROFANE),
        await fake_vk.comment(BOB, fake_vk.post, "Подскажите, когда будет доставка?"),
    ]
    second = await start_app(mode="longpoll")
    await fake_vk.journal.wait_for_call("wall.deleteComment", comment_id=while_down[0].id)
    await second.card_where(lambda c: c.comment.comment_id == str(while_down[1].id))
    await second.worker_idle()
    assert await second.inbox_rows() == 3  # nothing lost, nothing doubled
    for comment_id in (before, while_down[0].id):
        calls = fake_vk.journal.find("wall.deleteComment", ok=None, comment_id=comment_id)
        assert len(calls) == 1
