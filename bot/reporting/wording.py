"""How monitoring numbers read in a chat: ages, percentages, minutes and the /stats summary,
all from the UI catalogs in the community's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from moderation.i18n import t
from moderation.stats import DayStats, combine
from moderation.threads import Thread

NONE = "—"


def age(lang: str, seconds: float) -> str:
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return t(lang, "age.minutes", m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return t(lang, "age.hours", h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return t(lang, "age.days", d=days, h=hours)


def percent(value: float | None) -> str:
    return NONE if value is None else f"{100 * value:.0f}%"


def answer_time(lang: str, seconds: float | None) -> str:
    return NONE if seconds is None else age(lang, seconds)


def number(value: float | None, digits: int = 0) -> str:
    return NONE if value is None else f"{value:.{digits}f}"


def thread_kind(lang: str, thread: Thread) -> str:
    return t(lang, f"thread.{thread.intent}" if thread.intent == "complaint" else "thread.question")


def waiting(lang: str, thread: Thread, now: datetime) -> str:
    return age(lang, (now - thread.opened_at).total_seconds())


def has_data(days: Sequence[DayStats]) -> bool:
    return any(day.comments for day in days)


def summary(lang: str, name: str, count: int, days: Sequence[DayStats]) -> str:
    """The short text under the /stats chart."""
    period = combine(days)
    return t(
        lang,
        "stats.summary",
        name=name,
        days=count,
        comments=period.comments,
        toxic=period.toxic,
        toxic_share=percent(period.toxic_share),
        questions=period.questions,
        answered_share=percent(period.answered_share),
        median=answer_time(lang, period.median_answer),
        health=number(period.health),
    )
