"""Threads to answer: every question or complaint the community should reply to.

A thread opens when a question or complaint from a member (not from staff, not hidden as
abuse) is recorded. It closes when an approved draft is sent, when staff reply to it (a
Telegram reply, a VK `reply_to_comment`, or a VK reply posted as the community), or when a
moderator marks it "no answer needed". Pure rules here; the shell stores the threads and
feeds them decisions, replies and sent drafts.

Waiting time is counted in working hours only: a question asked at 23:00 with working
hours 09:00–21:00 starts waiting at 09:00 the next morning, so the moderators get one
reminder after `reminder_after` of *their* time, never a 3 a.m. ping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from moderation.comment import Comment, Platform
from moderation.decision import Verdict
from moderation.settings import parse_hhmm

THREAD_INTENTS = frozenset({"question", "complaint"})
_ABUSE = frozenset({Verdict.HIDE, Verdict.BAN})
SNIPPET = 280  # characters of the question kept for lists and reminders


class AnswerKind(StrEnum):
    """How a thread was closed."""

    DRAFT = "draft"  # an approved reply draft was posted by the bot
    STAFF_REPLY = "staff_reply"  # an admin/moderator replied in the chat or on the wall
    COMMUNITY_REPLY = "community_reply"  # a reply posted as the channel / VK community
    DISMISSED = "dismissed"  # a moderator marked it "no answer needed"


@dataclass(frozen=True, slots=True)
class Thread:
    """One question or complaint and whether (when, by whom) it was answered."""

    id: int
    community_id: str
    platform: Platform
    chat_id: str
    comment_id: str
    post_id: str | None
    author: str
    text: str
    intent: str
    link: str
    opened_at: datetime
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer_kind: AnswerKind | None = None
    reminded_at: datetime | None = None
    reminder_chat_id: str | None = None
    reminder_message_id: str | None = None

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


@dataclass(frozen=True, slots=True)
class Answer:
    """A reply that closes the thread of (platform, chat, comment) it answers."""

    platform: Platform
    chat_id: str
    comment_id: str
    at: datetime
    by: str
    kind: AnswerKind


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """[start, end) local time in `timezone`, every day; start < end (no night shifts)."""

    start: str = "09:00"
    end: str = "21:00"
    timezone: str = "Asia/Almaty"

    def bounds(self) -> tuple[time, time]:
        start, end = parse_hhmm(self.start, "work_start"), parse_hhmm(self.end, "work_end")
        if start >= end:
            raise ValueError("working hours must start before they end on the same day")
        return start, end


def comment_link(comment: Comment) -> str:
    """A link a moderator can open: the Telegram message or the VK comment; "" if unknown."""
    return place_link(
        comment.platform,
        comment.chat_id,
        comment.post_id,
        comment.comment_id,
        comment.metadata.get("kind", "wall"),
        comment.metadata.get("owner_id", comment.chat_id),
    )


def place_link(
    platform: Platform, chat_id: str, post_id: str | None, comment_id: str | None,
    kind: str = "wall", owner: str = "",
) -> str:  # fmt: skip
    """A post (comment_id None) or a comment on Telegram (supergroups) or VK; "" if none."""
    if platform is Platform.TELEGRAM:
        if not chat_id.startswith("-100"):
            return ""
        target = comment_id or post_id
        return f"https://t.me/c/{chat_id[4:]}/{target}" if target else ""
    owner = owner or chat_id
    if kind == "wall" and post_id:
        reply = f"?reply={comment_id}" if comment_id else ""
        return f"https://vk.com/wall{owner}_{post_id}{reply}"
    if kind == "board" and post_id:
        reply = f"?post={comment_id}" if comment_id else ""
        return f"https://vk.com/topic{owner}_{post_id}{reply}"
    return ""


def opens_thread(comment: Comment, intent: str, verdict: Verdict, staff: frozenset[str]) -> bool:
    """Does this comment start a thread to answer? Staff and abuse never do."""
    if intent not in THREAD_INTENTS or verdict in _ABUSE:
        return False
    return not is_staff(comment, staff)


def is_staff(comment: Comment, staff: frozenset[str]) -> bool:
    """Written by the community itself or one of its admins/moderators."""
    author = comment.author
    return author.is_admin or author.is_channel or author.id in staff


def answer_of(comment: Comment, staff: frozenset[str]) -> Answer | None:
    """The thread a staff reply answers (None: not a staff reply to anything)."""
    if comment.reply_to is None or not is_staff(comment, staff):
        return None
    kind = AnswerKind.COMMUNITY_REPLY if comment.author.is_channel else AnswerKind.STAFF_REPLY
    return Answer(
        comment.platform,
        comment.chat_id,
        comment.reply_to,
        comment.created_at,
        comment.author.display,
        kind,
    )


def open_thread(comment: Comment, intent: str) -> Thread:
    """The new thread of `comment` (id 0 until stored)."""
    return Thread(
        id=0,
        community_id=comment.community_id,
        platform=comment.platform,
        chat_id=comment.chat_id,
        comment_id=comment.comment_id,
        post_id=comment.post_id,
        author=comment.author.display,
        text=comment.text[:SNIPPET],
        intent=intent,
        link=comment_link(comment),
        opened_at=comment.created_at,
    )


def working_seconds(since: datetime, until: datetime, hours: WorkingHours) -> float:
    """Seconds of working time in [since, until); 0 when until ≤ since."""
    if until <= since:
        return 0.0
    start, end = hours.bounds()
    zone = ZoneInfo(hours.timezone)
    day = since.astimezone(zone).date()
    last = until.astimezone(zone).date()
    total = 0.0
    while day <= last:
        opens = datetime.combine(day, start, zone).astimezone(UTC)
        closes = datetime.combine(day, end, zone).astimezone(UTC)
        lo, hi = max(opens, since), min(closes, until)
        if hi > lo:
            total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total


def reminder_due(thread: Thread, now: datetime, hours: WorkingHours, after: timedelta) -> bool:
    """An open, never-reminded thread that has waited `after` of working time."""
    if not thread.is_open or thread.reminded_at is not None:
        return False
    return working_seconds(thread.opened_at, now, hours) >= after.total_seconds()


def time_to_answer(thread: Thread, hours: WorkingHours) -> float | None:
    """Working seconds from the question to its answer; None if open or dismissed."""
    if thread.answered_at is None or thread.answer_kind is AnswerKind.DISMISSED:
        return None
    return working_seconds(thread.opened_at, thread.answered_at, hours)
