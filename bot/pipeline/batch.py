"""One claimed batch's view of storage: everything deciding the batch reads is fetched up
front in a few queries (settings, word lists, FAQ, earlier decisions, the authors'
blacklist, trust and strikes) and the analyses are computed with one `analyze_many` per
community. `handling.BatchHandler` decides from it; a decision's strike is added to the
view, so a second comment by the same author in the batch sees the first one's strike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.pipeline.analysis import BatchAnalyzer, overlay_of
from bot.storage.engine import Database
from bot.storage.repositories import (
    SqlActionRepository,
    SqlCardRepository,
    SqlDecisionRepository,
)
from bot.storage.repositories.authors import authors_of
from classifiers.vocabulary import Analysis
from moderation.comment import Comment, CommentKey, UserRef
from moderation.ports import Repositories
from moderation.records import (
    BlacklistEntry,
    DecisionRecord,
    FaqEntry,
    Strike,
    TrustedUser,
    WordOverlayEntry,
)
from moderation.settings import CommunitySettings
from moderation.strikes import decay_cutoff

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Identity = tuple[str, str, str]
Words = tuple[WordOverlayEntry, ...]


def identity(user: UserRef) -> Identity:
    return (str(user.platform), user.community_id, user.user_id)


class CommunityCache:
    """Each community's settings, word-list edits and FAQ, read at most once per `ttl`
    seconds by a worker (not once per batch): an admin's edit reaches the worker within
    that time."""

    def __init__(self, ttl: float = 2.0) -> None:
        self.ttl = ttl
        self._found: dict[
            str, tuple[float, CommunitySettings | None, Words, tuple[FaqEntry, ...]]
        ] = {}

    def get(
        self, community_id: str
    ) -> tuple[CommunitySettings | None, Words, tuple[FaqEntry, ...]] | None:
        found = self._found.get(community_id)
        if found is None or time.monotonic() - found[0] > self.ttl:
            return None
        return found[1], found[2], found[3]

    def put(
        self,
        community_id: str,
        settings: CommunitySettings | None,
        words: Words,
        faq: tuple[FaqEntry, ...],
    ) -> None:
        self._found[community_id] = (time.monotonic(), settings, words, faq)


@dataclass(frozen=True, slots=True)
class BatchStores:
    """The concrete repositories whose batch reads (`get_many`) the view uses."""

    db: Database
    repos: Repositories
    decisions: SqlDecisionRepository
    actions: SqlActionRepository
    cards: SqlCardRepository
    communities: CommunityCache = field(default_factory=CommunityCache)

    def reads(self) -> AbstractAsyncContextManager[None]:
        """A batch's reads on one connection without BEGIN/COMMIT on PostgreSQL (one round
        trip a query); on SQLite each read keeps its own, so none takes the write lock."""
        return self.db.single_statements() if self.db.dialect == "postgresql" else nullcontext()


class BatchView:
    """What deciding one batch reads, fetched in a few queries."""

    def __init__(self, stores: BatchStores, analyzer: BatchAnalyzer) -> None:
        self.stores = stores
        self.analyzer = analyzer
        self.settings: dict[str, CommunitySettings | None] = {}
        self.words: dict[str, Words] = {}
        self.faq: dict[str, tuple[FaqEntry, ...]] = {}
        self.decided: dict[CommentKey, DecisionRecord | None] = {}  # None: known absent
        self.blacklisted: dict[Identity, BlacklistEntry | None] = {}
        self.trusted: dict[Identity, TrustedUser | None] = {}
        self.strikes: dict[Identity, list[Strike]] = {}
        self.strikes_since = _EPOCH
        self.analyses: dict[tuple[Words, str], Analysis] = {}

    async def load(self, comments: Sequence[Comment], now: datetime) -> None:
        """Fetch what handling `comments` reads; analyze the ones not decided yet."""
        await self.prepare(comments)
        await self.load_people(comments, now)

    async def prepare(
        self, comments: Sequence[Comment], undecided: Collection[CommentKey] = ()
    ) -> None:
        """The part of `load` the previous batch's writes cannot change: settings, word
        lists, earlier decisions of these very comments (leased to this worker, so no one
        else decides them now) and the analyses. The worker runs it for the next batch
        while the current one is still being handled. `undecided`: comments known to
        have no decision (the claim says so on PostgreSQL), whose decisions are not read."""
        repos, cache = self.stores.repos, self.stores.communities
        async with self.stores.reads():
            for community_id in {c.community_id for c in comments}:
                cached = cache.get(community_id)
                if cached is None:
                    cached = (
                        await repos.communities.get(community_id),
                        await repos.words.all(community_id),
                        await repos.faq.all(community_id),
                    )
                    cache.put(community_id, *cached)
                settings, words, faq = cached
                self.settings[community_id] = settings
                self.words[community_id] = words
                self.faq[community_id] = faq
            maybe = [c.key for c in comments if c.key not in undecided]
            found = await self.stores.decisions.get_many(maybe) if maybe else {}
        self.decided = {c.key: found.get(c.key) for c in comments}
        await self._analyze([c for c in comments if self.decided[c.key] is None])

    async def load_people(self, comments: Sequence[Comment], now: datetime) -> None:
        """The authors' blacklist, trust and strikes: read only once the batch before has
        written, so an author's strike there counts here."""
        fresh = [c for c in comments if self.decided.get(c.key) is None]
        users = list({identity(c.user): c.user for c in fresh}.values())
        cutoffs = [
            decay_cutoff(s.strikes, now) or _EPOCH for s in self.settings.values() if s is not None
        ]
        self.strikes_since = min(cutoffs, default=_EPOCH)
        found = await authors_of(self.stores.db, users, self.strikes_since)
        for user in users:
            key = identity(user)
            self.blacklisted[key] = found.blacklisted.get(key)
            self.trusted[key] = found.trusted.get(key)
            self.strikes[key] = list(found.strikes.get(key, ()))

    async def _analyze(self, comments: Sequence[Comment]) -> None:
        by_community: dict[str, list[Comment]] = {}
        for comment in comments:
            if self.settings.get(comment.community_id) is not None:
                by_community.setdefault(comment.community_id, []).append(comment)
        for community_id, group in by_community.items():
            words = self.words[community_id]
            # Author names too: a reply draft is addressed by name only if the name is clean.
            names = [c.author.name or c.author.username or "" for c in group]
            texts = list(dict.fromkeys([c.text for c in group] + [n for n in names if n]))
            found = await asyncio.to_thread(self.analyzer, texts, overlay_of(words))
            self.analyses.update(zip(((words, t) for t in texts), found, strict=True))

    async def analyses_of(self, texts: Sequence[str], words: Words) -> list[Analysis]:
        """The analyses of a comment's texts (its text, its author's name): pre-computed
        for the batch, computed here otherwise, all in one call."""
        missing = [t for t in dict.fromkeys(texts) if (words, t) not in self.analyses]
        if missing:
            found = await asyncio.to_thread(self.analyzer, missing, overlay_of(words))
            self.analyses.update(zip(((words, t) for t in missing), found, strict=True))
        return [self.analyses[(words, t)] for t in texts]
