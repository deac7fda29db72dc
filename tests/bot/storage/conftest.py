"""A migrated database for every storage test, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import migrate
from bot.storage.engine import Database
from moderation.comment import Author, Comment, Platform
from moderation.decision import Action, ActionKind, Decision, Reason, ReasonCode, Verdict
from moderation.ports import NewDecision
from moderation.records import Card, CardKind, CardState


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    await migrate.upgrade(database_url)
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


class FakeClock:
    """A clock the test moves by hand: leases and decay are about time passing."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_comment(
    comment_id: str = "1",
    *,
    revision: int = 0,
    text: str = "Сәлем!",
    chat_id: str = "-100123",
    community_id: str = "news-kz",
    author_id: str = "42",
    platform: Platform = Platform.TELEGRAM,
) -> Comment:
    return Comment(
        platform=platform,
        community_id=community_id,
        chat_id=chat_id,
        post_id="7",
        comment_id=comment_id,
        revision=revision,
        author=Author(id=author_id, name="Айгүл", username="aigul"),
        text=text,
        created_at=datetime(2026, 3, 1, 11, 59, tzinfo=UTC),
        reply_to="5",
        links=("https://example.kz",),
        forwarded=False,
        metadata={"thread_id": "9"},
    )


def make_decision(
    comment: Comment,
    *,
    verdict: Verdict = Verdict.HIDE,
    execute: bool = True,
    card: bool = True,
    at: datetime | None = None,
) -> NewDecision:
    """What the service would record for a hidden comment: a hide action and a card."""
    at = at or datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    reasons = (Reason(ReasonCode.TOXIC, "obscene: ***"),)
    actions: tuple[Action, ...] = (Action(ActionKind.HIDE, comment.key, execute=execute),)
    if verdict is Verdict.BAN:
        actions += (Action(ActionKind.BAN, comment.key, user=comment.user, execute=execute),)
    decision = Decision(
        comment.key, verdict, reasons, actions=actions, review=card, dry_run=not execute
    )
    new_card = (
        Card(
            id=0,
            community_id=comment.community_id,
            kind=CardKind.MODERATION,
            state=CardState.HIDDEN,
            comment=comment,
            verdict=verdict,
            reasons=reasons,
            created_at=at,
            chat_id="-1004444",
            score=0.93,
        )
        if card
        else None
    )
    analysis = {"lang": "ru", "toxic": True, "score": 0.93, "intent": "other", "matches": []}
    versions = {"model": "m-1", "lexicon": "lex-abc"}
    return NewDecision(
        comment=comment,
        decision=decision,
        analysis=analysis,
        versions=versions,
        card=new_card,
        at=at,
    )
