"""The daily digest (and the Monday weekly summary) for each moderators' chat.

Sent once a day at `[monitoring] digest_time` in the community's own time zone, whether
night mode is on or not: yesterday against the 7-day average, the unanswered threads, what
the bot hid on its own overnight (each with an undo button), and the reply drafts that
expired unsent. On Mondays the last week is compared with the week before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.reporting import wording
from bot.reporting.aggregation import day_bounds
from bot.storage.engine import Database
from bot.storage.models import CardRow
from moderation.i18n import t
from moderation.settings import CommunitySettings, parse_hhmm
from moderation.stats import DayStats, Period, combine

UNDO_LIMIT = 10


@dataclass(frozen=True, slots=True)
class Undo:
    """An undo button for one comment the bot hid alone: the card it lives on."""

    card_id: int
    version: int
    author: str


@dataclass(frozen=True, slots=True)
class DigestMessage:
    chat_id: str
    text: str
    undo: tuple[Undo, ...] = ()


def _lines(lang: str, value: Period, reference: Period, ref_key: str) -> list[str]:
    ref = t(lang, ref_key)
    per_day = reference.days or 1
    avg_comments = reference.comments / per_day
    return [
        t(lang, "digest.comments", value=value.comments, ref=ref, avg=f"{avg_comments:.0f}"),
        t(lang, "digest.toxic", value=wording.percent(value.toxic_share), ref=ref,
          avg=wording.percent(reference.toxic_share)),
        t(lang, "digest.answered", value=wording.percent(value.answered_share), ref=ref,
          avg=wording.percent(reference.answered_share)),
        t(lang, "digest.answer_time", value=wording.answer_time(lang, value.median_answer),
          ref=ref, avg=wording.answer_time(lang, reference.median_answer)),
        t(lang, "digest.health", value=wording.number(value.health), ref=ref,
          avg=wording.number(reference.health)),
    ]  # fmt: skip


def daily_text(
    settings: CommunitySettings, yesterday: date, days: Sequence[DayStats], unanswered: int,
    overnight: int, expired: int,
) -> str:  # fmt: skip
    """`days` = the stored days of the 8 days up to and including yesterday."""
    lang = settings.language
    name = settings.name or settings.community_id
    last = [d for d in days if d.day == yesterday]
    before = [d for d in days if yesterday - timedelta(days=7) <= d.day < yesterday]
    head = t(lang, "digest.daily", name=name, date=yesterday.strftime("%d.%m.%Y"))
    lines = [head, "", *_lines(lang, combine(last), combine(before), "digest.ref.week_avg"), ""]
    lines.append(t(lang, "digest.unanswered", n=unanswered))
    if overnight:
        lines.append(t(lang, "digest.overnight", n=overnight))
    if expired:
        lines.append(t(lang, "digest.expired", n=expired))
    return "\n".join(lines)


def weekly_text(settings: CommunitySettings, monday: date, days: Sequence[DayStats]) -> str:
    """The week before `monday` against the week before that."""
    lang = settings.language
    first, last = monday - timedelta(days=7), monday - timedelta(days=1)
    week = [d for d in days if first <= d.day <= last]
    previous = [d for d in days if first - timedelta(days=7) <= d.day < first]
    head = t(lang, "digest.weekly", name=settings.name or settings.community_id,
             first=first.strftime("%d.%m"), last=last.strftime("%d.%m"))  # fmt: skip
    return "\n".join(
        [head, "", *_lines(lang, combine(week), combine(previous), "digest.ref.last_week")]
    )


def digest_due(
    settings: CommunitySettings, at: str, now: datetime, last_sent: str | None
) -> date | None:
    """The local date the digest is due for (today, once `at` has passed), else None."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    today = local.date()
    if local.time().replace(tzinfo=None) < parse_hhmm(at) or last_sent == today.isoformat():
        return None
    return today


async def overnight_and_expired(db: Database, settings: CommunitySettings, yesterday: date,
                                now: datetime) -> tuple[tuple[Undo, ...], int, int]:  # fmt: skip
    """Cards the bot hid alone since yesterday's start (undo buttons), and drafts expired."""
    start, _end = day_bounds(yesterday, settings.timezone)
    async with db.snapshot() as session:
        hidden = (await session.execute(
            select(CardRow.id, CardRow.version, CardRow.comment).where(
                CardRow.community_id == settings.community_id, CardRow.state == "hidden",
                CardRow.handled_by.is_(None), CardRow.created_at >= start,
                CardRow.created_at < now,
            ).order_by(CardRow.id)
        )).all()  # fmt: skip
        expired = (await session.execute(
            select(CardRow.id).where(
                CardRow.community_id == settings.community_id, CardRow.state == "expired",
                CardRow.updated_at >= start, CardRow.updated_at < now,
            )
        )).all()  # fmt: skip
    undo = tuple(
        Undo(card_id, version, str((comment.get("author") or {}).get("name") or "?"))
        for card_id, version, comment in hidden[:UNDO_LIMIT]
    )
    return undo, len(hidden), len(expired)
