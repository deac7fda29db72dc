"""Daily aggregates: the stored days, and the raw facts one day is computed from.

`facts` reads only the few columns the aggregates need (the category is pulled out of the
analysis JSON in SQL), so aggregating a day touches that day's rows once, and the
"new author" test is one anti-join on the (community, author) index.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import aliased

from bot.storage.engine import Database
from bot.storage.models import AnalysisRow, CardRow, DailyStatsRow, DecisionRow
from bot.storage.repositories.bulk import insert_rows
from moderation.comment import Platform
from moderation.stats import CommentFact, DayStats, Ranked
from moderation.threads import place_link

_NEGATIVE_INTENTS = ("complaint",)


def _ranked(items: Any) -> tuple[Ranked, ...]:
    return tuple(Ranked(str(i[0]), int(i[1]), str(i[2]) if len(i) > 2 else "") for i in items)


def _day(row: DailyStatsRow) -> DayStats:
    detail = row.detail or {}
    return DayStats(
        community_id=row.community_id,
        day=row.day,
        comments=row.comments,
        toxic=row.toxic,
        by_category={str(k): int(v) for k, v in (detail.get("by_category") or {}).items()},
        hidden=row.hidden,
        held=row.held,
        restored=row.restored,
        questions=row.questions,
        answered=row.answered,
        answer_seconds=tuple(float(s) for s in detail.get("answer_seconds") or ()),
        new_authors=row.new_authors,
        top_offenders=_ranked(detail.get("top_offenders") or ()),
        negativity=_ranked(detail.get("negativity") or ()),
    )


def _row_values(stats: DayStats, at: datetime) -> dict[str, Any]:
    return {
        "community_id": stats.community_id,
        "day": stats.day,
        "comments": stats.comments,
        "toxic": stats.toxic,
        "hidden": stats.hidden,
        "held": stats.held,
        "restored": stats.restored,
        "questions": stats.questions,
        "answered": stats.answered,
        "new_authors": stats.new_authors,
        "median_answer": stats.median_answer,
        "p90_answer": stats.p90_answer,
        "health": stats.health,
        "detail": {
            "by_category": dict(stats.by_category),
            "answer_seconds": list(stats.answer_seconds),
            "top_offenders": [[r.key, r.count] for r in stats.top_offenders],
            "negativity": [[r.key, r.count, r.link] for r in stats.negativity],
        },
        "updated_at": at,
    }


def _fact(
    author: str,
    verdict: str,
    dry_run: bool,
    platform: str,
    chat: str,
    post_id: str | None,
    kind: str | None,
    owner: str | None,
    toxic: bool | None,
    intent: str | None,
    category: str | None,
) -> CommentFact:
    toxic = bool(toxic)
    source = f"{chat}:{post_id}" if post_id else chat
    link = place_link(Platform(platform), chat, post_id, None, kind or "wall", owner or "")
    return CommentFact(
        author=author,
        verdict=verdict,
        toxic=toxic,
        category=(category or "other") if toxic else "",
        negative=toxic or intent in _NEGATIVE_INTENTS,
        source=source,
        source_link=link,
        dry_run=bool(dry_run),
    )


class SqlDailyStatsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save_many(self, days: Sequence[DayStats], at: datetime) -> None:
        """Replace the stored rows of these (community, day) pairs in one transaction."""
        if not days:
            return
        async with self._db.transaction() as session:
            for stats in days:
                await session.execute(
                    delete(DailyStatsRow).where(
                        DailyStatsRow.community_id == stats.community_id,
                        DailyStatsRow.day == stats.day,
                    )
                )
            await session.execute(
                insert_rows(self._db.dialect, DailyStatsRow), [_row_values(d, at) for d in days]
            )

    async def between(self, community_id: str, first: date, last: date) -> tuple[DayStats, ...]:
        """Stored days in [first, last], oldest first (days without a row are absent)."""
        async with self._db.snapshot() as session:
            rows = await session.scalars(
                select(DailyStatsRow)
                .where(
                    DailyStatsRow.community_id == community_id,
                    DailyStatsRow.day >= first,
                    DailyStatsRow.day <= last,
                )
                .order_by(DailyStatsRow.day)
            )
            return tuple(_day(row) for row in rows)

    async def facts(
        self, community_id: str, start: datetime, end: datetime
    ) -> tuple[CommentFact, ...]:
        """One fact per decision recorded in [start, end)."""
        category = AnalysisRow.result["matches"][0]["category"].as_string()
        post = DecisionRow.comment["post_id"].as_string()
        kind = DecisionRow.comment["metadata"]["kind"].as_string()
        owner = DecisionRow.comment["metadata"]["owner_id"].as_string()
        query = (
            select(
                DecisionRow.author_id,
                DecisionRow.verdict,
                DecisionRow.dry_run,
                DecisionRow.platform,
                DecisionRow.chat_id,
                post,
                kind,
                owner,
                AnalysisRow.toxic,
                AnalysisRow.intent,
                category,
            )
            .outerjoin(AnalysisRow, AnalysisRow.decision_id == DecisionRow.id)
            .where(
                DecisionRow.community_id == community_id,
                DecisionRow.created_at >= start,
                DecisionRow.created_at < end,
            )
        )
        async with self._db.snapshot() as session:
            rows = (await session.execute(query)).all()
        return tuple(_fact(*row) for row in rows)

    async def new_authors(self, community_id: str, start: datetime, end: datetime) -> int:
        """Authors whose first decision in the community falls in [start, end)."""
        earlier = aliased(DecisionRow)
        seen_before = (
            select(earlier.id)
            .where(
                earlier.community_id == community_id,
                earlier.author_id == DecisionRow.author_id,
                earlier.created_at < start,
            )
            .exists()
        )
        query = select(func.count(func.distinct(DecisionRow.author_id))).where(
            DecisionRow.community_id == community_id,
            DecisionRow.created_at >= start,
            DecisionRow.created_at < end,
            ~seen_before,
        )
        async with self._db.snapshot() as session:
            return int(await session.scalar(query) or 0)

    async def restored(self, community_id: str, start: datetime, end: datetime) -> int:
        """Hides that moderators undid in [start, end) (the false positives)."""
        query = (
            select(func.count())
            .select_from(CardRow)
            .where(
                and_(
                    CardRow.community_id == community_id,
                    CardRow.state == "restored",
                    CardRow.handled_at >= start,
                    CardRow.handled_at < end,
                )
            )
        )
        async with self._db.snapshot() as session:
            return int(await session.scalar(query) or 0)

    async def first_day(self, community_id: str) -> datetime | None:
        """When the community's first decision was recorded (backfill starts there)."""
        async with self._db.snapshot() as session:
            found = await session.scalar(
                select(func.min(DecisionRow.created_at)).where(
                    DecisionRow.community_id == community_id
                )
            )
            if isinstance(found, str):  # SQLite's MIN() loses the column type
                found = datetime.fromisoformat(found)
            return found
