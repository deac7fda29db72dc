"""A migrated database (SQLite and PostgreSQL) with the monitoring pieces on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.config.monitoring import MonitoringConfig
from bot.reporting.monitor import Monitoring
from bot.storage import migrate
from bot.storage.engine import Database
from bot.storage.repositories import build_repositories
from moderation.comment import Author, Comment, Platform
from moderation.decision import Decision, Reason, ReasonCode, Verdict
from moderation.ports import NewDecision, Repositories
from moderation.settings import CommunitySettings

STAFF = "777"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 10:00 in Almaty

    def now(self) -> datetime:
        return self.at


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    await migrate.upgrade(database_url)
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def repos(db: Database, clock: Clock) -> Repositories:
    repos = build_repositories(db, clock.now)
    await repos.communities.save(
        CommunitySettings("news", language="kk", moderators_chat_id="-1009")
    )
    return repos


@pytest.fixture
def monitoring(db: Database, repos: Repositories, clock: Clock) -> Monitoring:
    return Monitoring(db, repos, clock, MonitoringConfig(), extra_staff=frozenset({STAFF}))


def member_comment(comment_id: str, at: datetime, **changes: object) -> Comment:
    base = Comment(
        platform=Platform.TELEGRAM, community_id="news", chat_id="-100555", post_id="3",
        comment_id=comment_id, author=Author(id="42", name="Айгүл"), text="Қашан ашылады?",
        created_at=at,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def recorded(
    comment: Comment, verdict: Verdict, intent: str, *, toxic: bool = False,
    category: str = "obscene",
) -> NewDecision:  # fmt: skip
    matches = [{"category": category, "term": "x"}] if toxic else []
    analysis = {"toxic": toxic, "score": 0.9 if toxic else 0.1, "intent": intent,
                "matches": matches}  # fmt: skip
    decision = Decision(comment.key, verdict, (Reason(ReasonCode.CLEAN),))
    return NewDecision(comment, decision, analysis, {}, None, comment.created_at)
