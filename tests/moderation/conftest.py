"""Builders for the domain tests: comments, analyses (built directly, no detector), services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from classifiers.vocabulary import Analysis, Category, Intent, Lang, Match
from moderation.comment import Author, Comment, Platform
from moderation.records import WordOverlayEntry
from moderation.service import ModerationService
from moderation.settings import CommunitySettings
from tests.moderation.memory import (
    UTC_NOON,
    FixedClock,
    RecordingGateway,
    RecordingNotifier,
    memory_repositories,
)

COMMUNITY = "news-kz"


def make_comment(
    text: str = "Сәлеметсіз бе",
    *,
    comment_id: str = "1",
    author_id: str = "42",
    name: str | None = "Айгүл",
    revision: int = 0,
    is_admin: bool = False,
    created_at: datetime = UTC_NOON,
) -> Comment:
    return Comment(
        platform=Platform.TELEGRAM,
        community_id=COMMUNITY,
        chat_id="-100200",
        post_id="77",
        comment_id=comment_id,
        revision=revision,
        author=Author(author_id, name, is_admin=is_admin),
        text=text,
        created_at=created_at,
    )


def match(term: str, text: str, category: Category = Category.OBSCENE, severity: int = 3) -> Match:
    start = text.find(term)
    return Match(term, term, category, severity, "ru", start, start + len(term))


def make_analysis(
    *,
    lang: Lang = Lang.RU,
    toxic: bool = False,
    score: float = 0.05,
    intent: Intent = Intent.OTHER,
    matches: tuple[Match, ...] = (),
    errors: tuple[str, ...] = (),
) -> Analysis:
    reasons = tuple(f"lexicon: '{m.term}'" for m in matches) if toxic else ()
    return Analysis(
        lang=lang,
        normalized="",
        matches=matches,
        scores={"toxicity": score},
        toxic=toxic,
        score=score,
        intent=intent,
        reasons=reasons,
        errors=errors,
        versions={"lexicon": "test", "model": "test"},
    )


TOXIC = make_analysis(toxic=True, score=0.99)
SUSPECT = make_analysis(toxic=True, score=0.6)
CLEAN = make_analysis()


class ScriptedAnalyzer:
    """Answers a fixed Analysis per text (the real detector is tested in tests/classifiers)."""

    def __init__(self, default: Analysis = CLEAN) -> None:
        self.by_text: dict[str, Analysis] = {}
        self.default = default
        self.calls = 0

    async def __call__(self, text: str, words: tuple[WordOverlayEntry, ...]) -> Analysis:
        self.calls += 1
        return self.by_text.get(text, self.default)


class World:
    """A service wired to in-memory ports, plus handles on every fake."""

    def __init__(self, settings: CommunitySettings, now: datetime = UTC_NOON) -> None:
        self.repos = memory_repositories()
        self.gateway = RecordingGateway()
        self.notifier = RecordingNotifier()
        self.clock = FixedClock(now)
        self.analyzer = ScriptedAnalyzer()
        self.settings = settings
        self.service = ModerationService(
            self.repos, self.gateway, self.notifier, self.clock, self.analyzer
        )

    async def start(self) -> World:
        await self.repos.communities.save(self.settings)
        return self


def settings(**changes: object) -> CommunitySettings:
    base = CommunitySettings(
        community_id=COMMUNITY, moderators_chat_id="-100999", language="kk", profile="shop"
    )
    return base.with_changes(**changes)


@pytest.fixture
def world_factory() -> Callable[..., World]:
    def build(now: datetime = UTC_NOON, **changes: object) -> World:
        return World(settings(**changes), now)

    return build


@pytest.fixture
async def world() -> World:
    return await World(settings()).start()


__all__ = ["UTC", "make_analysis", "make_comment"]
