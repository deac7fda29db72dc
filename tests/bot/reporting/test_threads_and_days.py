"""Threads follow the records (questions, staff replies, sent drafts, "no answer needed")
and a day's aggregates come out of the stored records, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from bot.reporting.monitor import Monitoring
from moderation.comment import Author
from moderation.decision import Action, ActionKind, Verdict
from moderation.ports import Repositories
from moderation.records import ActionStatus
from moderation.settings import CommunitySettings
from moderation.threads import AnswerKind, Thread
from tests.bot.reporting.conftest import STAFF, Clock, member_comment, recorded

T0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 10:00 in Almaty


def _answered_count() -> float:
    value = REGISTRY.get_sample_value("kuzet_time_to_answer_seconds_count", {"community": "news"})
    return value or 0.0


def _comments_count() -> float:
    labels = {"community": "news", "platform": "telegram"}
    return REGISTRY.get_sample_value("kuzet_community_comments_total", labels) or 0.0


class Chat:
    def __init__(self) -> None:
        self.posted: list[int] = []
        self.edited: list[tuple[int, str | None]] = []

    async def post_reminder(self, thread: Thread, settings: CommunitySettings) -> str:
        self.posted.append(thread.id)
        return str(500 + thread.id)

    async def edit_reminder(self, thread: Thread, settings: CommunitySettings) -> None:
        self.edited.append((thread.id, thread.answered_by))


async def test_threads_open_close_and_remind_once(
    monitoring: Monitoring, repos: Repositories, clock: Clock
) -> None:
    chat = Chat()
    monitoring.chat = chat
    decisions = repos.decisions
    comments_before = _comments_count()
    await decisions.record(recorded(member_comment("1", T0), Verdict.REPLY, "question"))
    await decisions.record(recorded(member_comment("2", T0), Verdict.REVIEW, "complaint"))
    await decisions.record(recorded(member_comment("3", T0), Verdict.ALLOW, "question"))
    await decisions.record(recorded(member_comment("4", T0), Verdict.ALLOW, "other"))
    abuse = recorded(member_comment("5", T0), Verdict.HIDE, "question", toxic=True)
    await decisions.record(abuse)
    await monitoring.sweep()
    opened = await monitoring.unanswered("news")
    assert [t.comment_id for t in opened] == ["1", "2", "3"]
    assert _comments_count() == comments_before + 5
    assert opened[0].link == "https://t.me/c/555/1"

    # a staff member replies to #2 in the chat
    staff_reply = member_comment(
        "6", T0 + timedelta(minutes=20), author=Author(id=STAFF, name="Админ"), reply_to="2"
    )
    await decisions.record(recorded(staff_reply, Verdict.ALLOW, "other"))
    # the approved draft of #1 reaches the platform
    draft = Action(ActionKind.REPLY, member_comment("1", T0).key, origin="card:1:1")
    await repos.actions.add(draft, T0)
    await repos.actions.update(
        draft.idempotency_key, ActionStatus.DONE, at=T0 + timedelta(minutes=5)
    )
    answered_before = _answered_count()
    await monitoring.sweep()
    assert _answered_count() == answered_before + 2  # the draft and the staff reply
    left = await monitoring.unanswered("news")
    assert [t.comment_id for t in left] == ["3"]
    closed = {t.comment_id: t for t in await monitoring.threads.opened_between(
        "news", T0, T0 + timedelta(days=1))}  # fmt: skip
    assert closed["2"].answer_kind is AnswerKind.STAFF_REPLY
    assert closed["2"].answered_by == "Админ"
    assert closed["2"].answered_at == T0 + timedelta(minutes=20)
    assert closed["1"].answer_kind is AnswerKind.DRAFT

    # 59 minutes: too early; 61: one reminder; later ticks: nothing more
    clock.at = T0 + timedelta(minutes=59)
    assert await monitoring.remind() == 0
    clock.at = T0 + timedelta(minutes=61)
    assert await monitoring.remind() == 1
    clock.at = T0 + timedelta(hours=5)
    assert await monitoring.remind() == 0
    assert len(chat.posted) == 1

    # "no answer needed" closes it and edits the reminder instead of posting again
    thread_id = chat.posted[0]
    closed_now = await monitoring.dismiss(thread_id, "Модератор (@mod)")
    assert closed_now is not None and closed_now.answer_kind is AnswerKind.DISMISSED
    assert chat.edited == [(thread_id, "Модератор (@mod)")]
    assert await monitoring.dismiss(thread_id, "someone else") is None
    assert await monitoring.unanswered("news") == ()


async def test_a_question_asked_at_night_waits_for_the_morning(
    monitoring: Monitoring, repos: Repositories, clock: Clock
) -> None:
    monitoring.chat = Chat()
    night = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # 23:00 in Almaty
    await repos.decisions.record(recorded(member_comment("1", night), Verdict.REPLY, "question"))
    await monitoring.sweep()
    clock.at = night + timedelta(hours=6)  # 05:00 local: no working time yet
    assert await monitoring.remind() == 0
    clock.at = datetime(2026, 3, 3, 5, 1, tzinfo=UTC)  # 10:01 local: an hour of work
    assert await monitoring.remind() == 1


async def test_a_day_is_aggregated_from_the_records(
    monitoring: Monitoring, repos: Repositories, clock: Clock
) -> None:
    decisions = repos.decisions
    await decisions.record(recorded(member_comment("1", T0), Verdict.REPLY, "question"))
    for n in range(2, 5):
        toxic = member_comment(str(n), T0, author=Author(id="66", name="Тролль"), post_id="8")
        await decisions.record(recorded(toxic, Verdict.HIDE, "other", toxic=True))
    await decisions.record(recorded(member_comment("9", T0), Verdict.ALLOW, "praise"))
    reply = member_comment("10", T0 + timedelta(minutes=12), author=Author(id=STAFF), reply_to="1")
    await decisions.record(recorded(reply, Verdict.ALLOW, "other"))
    clock.at = T0 + timedelta(hours=2)
    await monitoring.sweep()
    assert await monitoring.aggregate() == 2  # yesterday and today
    (day,) = [d for d in await monitoring.days("news", 7) if d.comments]
    assert day.day.isoformat() == "2026-03-02"
    assert (day.comments, day.toxic, day.hidden) == (6, 3, 3)
    assert day.by_category == {"obscene": 3}
    assert (day.questions, day.answered) == (1, 1)
    assert day.median_answer == pytest.approx(12 * 60.0)
    assert day.new_authors == 3
    assert day.top_offenders[0].key == "66" and day.top_offenders[0].count == 3
    assert day.negativity[0].key == "-100555:8"
    assert day.negativity[0].link == "https://t.me/c/555/8"
    assert day.health is not None and 0.0 < day.health < 100.0
    # the backfill recomputes the same day to the same numbers
    assert await monitoring.backfill("news") == 1
    (again,) = [d for d in await monitoring.days("news", 7) if d.comments]
    assert again == day
