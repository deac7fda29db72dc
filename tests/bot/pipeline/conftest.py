"""A real database, a scripted detector and platform fakes that can "crash" on cue."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import migrate
from bot.storage.engine import Database
from bot.storage.repositories import SqlCommunityRepository
from classifiers.lexicon import LexiconOverlay
from classifiers.vocabulary import Analysis, Intent, Lang
from moderation.comment import Author, Comment, Platform, UserRef
from moderation.records import Card
from moderation.settings import CommunitySettings, StrikeSettings

COMMUNITY = "news-kz"
NOON = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # 12:00 in Almaty: not night


class SimulatedCrash(BaseException):
    """The process dies here: not an Exception, so nothing in the pipeline catches it."""


class Clock:
    def __init__(self, now: datetime = NOON) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def scripted_analyzer(texts: Sequence[str], overlay: LexiconOverlay | None) -> list[Analysis]:
    """Texts containing "TOXIC" are abusive; the real detector is tested in tests/classifiers."""
    return [
        Analysis(
            lang=Lang.RU,
            normalized=text.lower(),
            matches=(),
            scores={"toxicity": 0.0},
            toxic="TOXIC" in text,
            score=0.99 if "TOXIC" in text else 0.01,
            intent=Intent.OTHER,
            versions={"lexicon": "lex-test", "model": "model-test"},
        )
        for text in texts
    ]


@dataclass
class Gateway:
    """Records platform calls; can die before or after performing a named operation."""

    calls: list[tuple[str, str]] = field(default_factory=list)
    crash_after: set[str] = field(default_factory=set)
    block: asyncio.Event | None = None  # hide waits here (to stop the worker mid-call)

    def _call(self, name: str, target: str) -> None:
        self.calls.append((name, target))
        if name in self.crash_after:
            self.crash_after.discard(name)
            raise SimulatedCrash(f"died right after {name}")

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        self._call("hide", comment.comment_id)
        if self.block is not None:
            await self.block.wait()

    async def restore(self, comment: Comment) -> str | None:
        self._call("restore", comment.comment_id)
        return None

    async def ban(self, user: UserRef, until: datetime | None) -> None:
        self._call("ban", user.user_id)

    async def unban(self, user: UserRef) -> None:
        self._call("unban", user.user_id)

    async def mute(self, user: UserRef, until: datetime) -> None:
        self._call("mute", user.user_id)

    async def reply(self, comment: Comment, text: str) -> str:
        self._call("reply", comment.comment_id)
        return f"r{len(self.calls)}"

    def count(self, name: str) -> int:
        return sum(1 for called, _ in self.calls if called == name)


@dataclass
class Notifier:
    posted: list[Card] = field(default_factory=list)

    async def post_card(self, card: Card) -> str:
        self.posted.append(card)
        return f"m{len(self.posted)}"

    async def edit_card(self, card: Card) -> None:
        return None

    async def send_digest(self, digest: object) -> None:
        return None


def comment(n: int | str, text: str = "Рахмет, керемет!", author: str | None = None) -> Comment:
    return Comment(
        platform=Platform.TELEGRAM,
        community_id=COMMUNITY,
        chat_id="-100200",
        post_id="1",
        comment_id=str(n),
        author=Author(author or f"u{n}", f"User {n}"),
        text=text,
        created_at=NOON - timedelta(minutes=1),
    )


async def prepared_database(url: str, **options: int) -> Database:
    """A migrated database with the test community in it."""
    await migrate.upgrade(url)
    database = Database(url, **options)
    await SqlCommunityRepository(database).save(
        CommunitySettings(  # no public warning: the platform calls are then just the hides
            community_id=COMMUNITY,
            moderators_chat_id="-100999",
            language="kk",
            strikes=StrikeSettings(warn_after=0),
        )
    )
    return database


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await prepared_database(database_url)
    try:
        yield database
    finally:
        await database.dispose()
