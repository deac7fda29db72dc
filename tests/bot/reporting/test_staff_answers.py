"""Staff the config does not list still answer questions: Telegram group administrators
(getChatAdministrators, through the real aiogram Bot and the fake Bot API) and VK
community managers replying from their own accounts (groups.getMembers filter=managers,
through the real VK client and the fake VK). A platform that will not say who its staff
are is logged once, and the tracker keeps going."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot

from bot.reporting.monitor import Monitoring
from bot.telegram.staff import RETRY, Staff
from bot.telegram.transport import RetryPolicy, make_bot
from bot.vk import managers as vk_managers
from bot.vk.client import RetryPolicy as VkRetry
from bot.vk.client import VKClient
from bot.vk.managers import VkManagers
from moderation.comment import Author, Comment, Platform
from moderation.decision import Verdict
from moderation.ports import Repositories
from moderation.settings import CommunitySettings
from moderation.threads import AnswerKind
from tests.bot.reporting.conftest import recorded
from tests.fakes.telegram.fixtures import fake_telegram
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.vk.fixtures import ADMIN, ALICE, BOB, COMMUNITY_TOKEN, GROUP_ID, fake_vk
from tests.fakes.vk.server import FakeVK

__all__ = ["fake_telegram", "fake_vk"]

T0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


class Ticks:
    """A monotonic clock the test moves by hand (cache lifetimes)."""

    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


@pytest.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    retry = RetryPolicy(base_delay=0.01, max_attempts=1)
    made = make_bot(fake_telegram.token, fake_telegram.api_base, retry=retry, pacing=None)
    yield made
    await made.session.close()


def _tg(comment_id: str, author: Author, chat: int, **changes: object) -> Comment:
    return Comment(
        platform=Platform.TELEGRAM, community_id="news", chat_id=str(chat), post_id="3",
        comment_id=comment_id, author=author, text="Дүкен қашан ашылады?",
        created_at=T0 + timedelta(minutes=int(comment_id)), **changes,  # type: ignore[arg-type]
    )  # fmt: skip


async def test_a_group_administrator_answers_a_question(
    monitoring: Monitoring, repos: Repositories, fake_telegram: FakeTelegram, bot: Bot,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    tg = fake_telegram
    group = tg.add_chat("Жаңалықтар")
    tg.add_bot(group)
    member, admin = tg.add_user("Айгүл"), tg.add_user("Данияр")
    tg.add_member(group, member)
    tg.make_admin(group, admin)
    ticks = Ticks()
    staff = Staff(bot, admins=(), clock=ticks)
    monitoring.add_staff_source(Platform.TELEGRAM, staff)

    asker = Author(id=str(member.id), name="Айгүл")
    chief = Author(id=str(admin.id), name="Данияр")
    await repos.decisions.record(recorded(_tg("1", asker, group.id), Verdict.REPLY, "question"))
    # The administrator's own question is no thread: staff ask on the community's behalf.
    await repos.decisions.record(recorded(_tg("2", chief, group.id), Verdict.ALLOW, "question"))
    await monitoring.sweep()
    assert [t.comment_id for t in await monitoring.unanswered("news")] == ["1"]

    reply = _tg("5", chief, group.id, reply_to="1")
    await repos.decisions.record(recorded(reply, Verdict.ALLOW, "other"))
    await monitoring.sweep()
    assert await monitoring.unanswered("news") == ()
    (thread,) = await monitoring.threads.opened_between("news", T0, T0 + timedelta(days=1))
    assert thread.answer_kind is AnswerKind.STAFF_REPLY
    assert thread.answered_by == "Данияр"
    assert thread.answered_at == T0 + timedelta(minutes=5)
    admin_calls = len(tg.journal.find("getChatAdministrators", ok=None))
    assert admin_calls == 1  # the list is cached

    # Telegram stops listing the administrators: one warning, one call per RETRY.
    ticks.at += 10_000
    tg.fail_next("getChatAdministrators", "error", code=400, reason="Bad Request: chat not found",
                 times=100)  # fmt: skip
    caplog.set_level(logging.WARNING, logger="bot.telegram.staff")
    for n in range(10, 14):
        question = _tg(str(n), asker, group.id)
        await repos.decisions.record(recorded(question, Verdict.REPLY, "question"))
        await repos.decisions.record(
            recorded(_tg(str(n + 10), chief, group.id, reply_to=str(n)), Verdict.ALLOW, "other")
        )
        await monitoring.sweep()
    failures = [r for r in caplog.records if "cannot list admins" in r.getMessage()]
    assert len(failures) == 1
    assert len(tg.journal.find("getChatAdministrators", ok=None)) == 2
    assert len(await monitoring.unanswered("news")) == 4  # nobody known to have answered
    ticks.at += RETRY + 1
    tg.faults.clear()
    late = _tg("40", chief, group.id, reply_to="13")
    await repos.decisions.record(recorded(late, Verdict.ALLOW, "other"))
    await monitoring.sweep()
    assert len(await monitoring.unanswered("news")) == 3
    assert any("listed again" in r.getMessage() for r in caplog.records)


@pytest.fixture
async def vk_client(fake_vk: FakeVK) -> AsyncIterator[VKClient]:
    client = VKClient(COMMUNITY_TOKEN, api_base=fake_vk.api_base, rate=1000.0,
                      retry=VkRetry(attempts=1))  # fmt: skip
    yield client
    await client.close()


def _vk(comment_id: str, author: int, reply_to: str | None = None) -> Comment:
    return Comment(
        platform=Platform.VK, community_id="club", chat_id=f"-{GROUP_ID}", post_id="1",
        comment_id=comment_id, author=Author(id=str(author), name=f"user{author}"),
        text="Жеткізу қашан болады?", created_at=T0 + timedelta(minutes=int(comment_id)),
        reply_to=reply_to,
        metadata={"kind": "wall", "owner_id": f"-{GROUP_ID}", "group_id": str(GROUP_ID)},
    )  # fmt: skip


async def test_a_vk_manager_answers_from_a_personal_account(
    monitoring: Monitoring, repos: Repositories, fake_vk: FakeVK, vk_client: VKClient,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    await repos.communities.save(CommunitySettings("club", language="ru"))
    fake_vk.add_admin(GROUP_ID, BOB, "editor")
    ticks = Ticks()
    managers = VkManagers({GROUP_ID: vk_client}, clock=ticks)
    monitoring.add_staff_source(Platform.VK, managers)
    assert await managers.of(GROUP_ID) == frozenset({str(ADMIN), str(BOB)})

    await repos.decisions.record(recorded(_vk("1", ALICE), Verdict.REPLY, "question"))
    await repos.decisions.record(recorded(_vk("2", ALICE), Verdict.REPLY, "complaint"))
    await repos.decisions.record(recorded(_vk("3", ALICE, reply_to="1"), Verdict.ALLOW, "other"))
    await repos.decisions.record(recorded(_vk("4", BOB, reply_to="1"), Verdict.ALLOW, "other"))
    await monitoring.sweep()
    (left,) = await monitoring.unanswered("club")
    assert left.comment_id == "2"  # the member's own follow-up answered nothing
    closed = {t.comment_id: t for t in await monitoring.threads.opened_between(
        "club", T0, T0 + timedelta(days=1))}  # fmt: skip
    assert closed["1"].answered_by == f"user{BOB}"
    assert closed["1"].answer_kind is AnswerKind.STAFF_REPLY
    calls = fake_vk.journal.find("groups.getMembers", ok=None)
    assert len(calls) == 1 and calls[0].params["filter"] == "managers"

    # The token loses its rights: logged once, the sweep goes on, retried after RETRY.
    ticks.at += vk_managers.TTL + 1
    fake_vk.fail_next("groups.getMembers", 15, times=100)
    caplog.set_level(logging.WARNING, logger="bot.vk.managers")
    for n in range(5, 9):
        reply = _vk(str(n), ADMIN, reply_to="2")
        await repos.decisions.record(recorded(reply, Verdict.ALLOW, "other"))
        await monitoring.sweep()
    assert len([r for r in caplog.records if "cannot list the managers" in r.getMessage()]) == 1
    assert managers.lookups == 2
    assert [t.comment_id for t in await monitoring.unanswered("club")] == ["2"]
    ticks.at += vk_managers.RETRY + 1
    fake_vk.faults.faults.clear()
    await repos.decisions.record(recorded(_vk("9", ADMIN, reply_to="2"), Verdict.ALLOW, "other"))
    await monitoring.sweep()
    assert await monitoring.unanswered("club") == ()
