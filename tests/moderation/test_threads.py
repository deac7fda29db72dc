from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from moderation.comment import Author, Comment, Platform
from moderation.decision import Verdict
from moderation.health import HealthInputs, health_score
from moderation.stats import CommentFact, aggregate_day, combine, percentile
from moderation.threads import (
    AnswerKind,
    WorkingHours,
    answer_of,
    comment_link,
    open_thread,
    opens_thread,
    reminder_due,
    time_to_answer,
    working_seconds,
)

ALMATY = WorkingHours("09:00", "21:00", "Asia/Almaty")  # UTC+5


def comment(**changes: object) -> Comment:
    base = Comment(
        platform=Platform.TELEGRAM, community_id="news", chat_id="-100555", post_id="3",
        comment_id="10", author=Author(id="42", name="Айгүл"), text="Қашан ашылады?",
        created_at=datetime(2026, 3, 2, 5, 0, tzinfo=UTC),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_questions_and_complaints_from_members_open_threads() -> None:
    assert opens_thread(comment(), "question", Verdict.REPLY, frozenset())
    assert opens_thread(comment(), "complaint", Verdict.REVIEW, frozenset())
    assert not opens_thread(comment(), "praise", Verdict.REPLY, frozenset())
    assert not opens_thread(comment(), "question", Verdict.HIDE, frozenset())
    assert not opens_thread(comment(), "question", Verdict.ALLOW, frozenset({"42"}))
    channel = comment(author=Author(id="-100777", is_channel=True))
    assert not opens_thread(channel, "question", Verdict.ALLOW, frozenset())


def test_staff_replies_answer_the_comment_they_reply_to() -> None:
    staff = comment(comment_id="11", author=Author(id="7", name="Админ"), reply_to="10")
    answer = answer_of(staff, frozenset({"7"}))
    assert answer is not None
    assert (answer.comment_id, answer.kind, answer.by) == ("10", AnswerKind.STAFF_REPLY, "Админ")
    community = comment(comment_id="12", author=Author(id="-5", is_channel=True), reply_to="10")
    found = answer_of(community, frozenset())
    assert found is not None and found.kind is AnswerKind.COMMUNITY_REPLY
    assert answer_of(comment(reply_to="10"), frozenset({"7"})) is None  # a member's reply
    assert answer_of(comment(author=Author(id="7")), frozenset({"7"})) is None  # no reply_to


def test_links_point_at_the_message_or_the_vk_comment() -> None:
    assert comment_link(comment()) == "https://t.me/c/555/10"
    vk = comment(
        platform=Platform.VK, chat_id="-200", post_id="9", comment_id="44",
        metadata={"kind": "wall", "owner_id": "-200"},
    )  # fmt: skip
    assert comment_link(vk) == "https://vk.com/wall-200_9?reply=44"
    assert comment_link(comment(chat_id="555")) == ""  # a basic group has no public link


def test_working_time_skips_the_night() -> None:
    # 22:00 local (17:00 UTC) to 10:00 local next day: only 09:00-10:00 counts.
    since = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    until = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    assert working_seconds(since, until, ALMATY) == pytest.approx(3600.0)
    # within one working day it is plain elapsed time
    assert working_seconds(until, until + timedelta(minutes=30), ALMATY) == pytest.approx(1800.0)
    assert working_seconds(until, since, ALMATY) == 0.0


def test_one_reminder_after_an_hour_of_working_time() -> None:
    asked_at_night = open_thread(
        comment(created_at=datetime(2026, 3, 2, 17, 0, tzinfo=UTC)), "question"
    )
    hour = timedelta(minutes=60)
    morning = datetime(2026, 3, 3, 4, 30, tzinfo=UTC)  # 09:30 local: half an hour of work
    assert not reminder_due(asked_at_night, morning, ALMATY, hour)
    assert reminder_due(asked_at_night, morning + timedelta(minutes=30), ALMATY, hour)
    reminded = replace(asked_at_night, reminded_at=morning)
    assert not reminder_due(reminded, morning + timedelta(hours=5), ALMATY, hour)
    answered = replace(asked_at_night, answered_at=morning, answer_kind=AnswerKind.DRAFT)
    assert not reminder_due(answered, morning + timedelta(hours=5), ALMATY, hour)
    assert time_to_answer(answered, ALMATY) == pytest.approx(1800.0)
    dismissed = replace(answered, answer_kind=AnswerKind.DISMISSED)
    assert time_to_answer(dismissed, ALMATY) is None


def test_health_score_follows_the_documented_formula() -> None:
    perfect = HealthInputs(100, 0, 10, 10, 600.0, 0, 0)
    assert health_score(perfect) == pytest.approx(100.0)
    # 12.5 % toxic → cleanliness 0.5; half answered; median 2 h 7.5 min → speed 0.5;
    # 1 of 4 hides restored → accuracy 0.75
    mixed = HealthInputs(200, 25, 10, 5, 15 * 60 + (4 * 3600 - 15 * 60) / 2, 4, 1)
    expected = 100 * (0.4 * 0.5 + 0.3 * 0.5 + 0.2 * 0.5 + 0.1 * 0.75)
    assert health_score(mixed) == pytest.approx(expected, abs=0.05)
    # no questions, nothing hidden: only cleanliness counts
    assert health_score(HealthInputs(50, 0, 0, 0, None, 0, 0)) == pytest.approx(100.0)
    assert health_score(HealthInputs(0, 0, 0, 0, None, 0, 0)) is None


def test_a_day_aggregates_comments_threads_and_sources() -> None:
    def fact(
        author: str, verdict: str, toxic: bool, source: str, category: str = ""
    ) -> CommentFact:
        return CommentFact(author, verdict, toxic, category, toxic, source, f"link/{source}")

    facts = [
        fact("a", "hide", True, "p1", "obscene"),
        fact("a", "hide", True, "p1", "obscene"),
        fact("b", "review", True, "p2", "insult"),
        fact("c", "allow", False, "p1"),
    ]
    t0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
    asked = open_thread(comment(created_at=t0), "question")
    threads = [
        replace(asked, answered_at=t0 + timedelta(minutes=10), answer_kind=AnswerKind.DRAFT),
        replace(asked, answered_at=t0 + timedelta(minutes=30), answer_kind=AnswerKind.STAFF_REPLY),
        asked,
    ]
    day = aggregate_day("news", t0.date(), facts, threads, restored=1, new_authors=2, hours=ALMATY)
    assert (day.comments, day.toxic, day.hidden, day.held, day.restored) == (4, 3, 2, 1, 1)
    assert day.by_category == {"obscene": 2, "insult": 1}
    assert (day.questions, day.answered) == (3, 2)
    assert day.answered_share == pytest.approx(2 / 3)
    assert day.median_answer == pytest.approx(1200.0)
    assert day.top_offenders[0].key == "a" and day.top_offenders[0].count == 2
    assert day.negativity[0].key == "p1" and day.negativity[0].link == "link/p1"
    assert day.health is not None and 0 <= day.health <= 100
    week = combine([day, day])
    assert week.comments == 8 and week.answered_share == pytest.approx(2 / 3)


def test_percentile_interpolates() -> None:
    assert percentile([], 0.9) is None
    assert percentile([10.0], 0.9) == pytest.approx(10.0)
    assert percentile([float(v) for v in range(1, 11)], 0.9) == pytest.approx(9.1)
