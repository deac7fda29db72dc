"""SQLAlchemy implementations of the domain's repository ports (`moderation.ports`), plus
the inbox and key-value state the shell needs on its own."""

from __future__ import annotations

from bot.storage.clock import Clock, utcnow
from bot.storage.engine import Database
from bot.storage.repositories.action import SqlActionRepository
from bot.storage.repositories.audit import SqlAuditLog
from bot.storage.repositories.card import SqlCardRepository
from bot.storage.repositories.community import SqlCommunityRepository
from bot.storage.repositories.decision import SqlDecisionRepository
from bot.storage.repositories.inbox import InboxCounts, InboxItem, InboxRepository
from bot.storage.repositories.learning import (
    SqlFaqRepository,
    SqlStrikeRepository,
    SqlTrainingSampleRepository,
)
from bot.storage.repositories.lists import (
    SqlBlacklistRepository,
    SqlTrustedUserRepository,
    SqlWordOverlayRepository,
)
from bot.storage.repositories.state import StateRepository
from moderation.ports import Repositories


def build_repositories(db: Database, clock: Clock = utcnow) -> Repositories:
    """Every repository port the `ModerationService` needs, on one database."""
    return Repositories(
        communities=SqlCommunityRepository(db, clock),
        decisions=SqlDecisionRepository(db),
        actions=SqlActionRepository(db),
        cards=SqlCardRepository(db, clock),
        words=SqlWordOverlayRepository(db),
        blacklist=SqlBlacklistRepository(db),
        trusted=SqlTrustedUserRepository(db),
        strikes=SqlStrikeRepository(db),
        faq=SqlFaqRepository(db),
        samples=SqlTrainingSampleRepository(db),
        audit=SqlAuditLog(db),
    )


__all__ = [
    "InboxCounts",
    "InboxItem",
    "InboxRepository",
    "SqlActionRepository",
    "SqlAuditLog",
    "SqlBlacklistRepository",
    "SqlCardRepository",
    "SqlCommunityRepository",
    "SqlDecisionRepository",
    "SqlFaqRepository",
    "SqlStrikeRepository",
    "SqlTrainingSampleRepository",
    "SqlTrustedUserRepository",
    "SqlWordOverlayRepository",
    "StateRepository",
    "build_repositories",
]
